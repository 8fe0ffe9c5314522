"""Reading a returned workbook into plain values, once: calamine for cached values, the sheet XML for formulas
and percent formats. Formulas are never evaluated or re-emitted; bad files raise UnreadableReturn."""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import python_calamine

from ..limits import Limits, current_limits
from ..raw_workbook import RawSheet, RawWorkbook
from .archive_guard import (
    ArchiveSurvey,
    UnreadableReturn,
    check_file,
    check_sheets,
    inflate_part,
    survey_archive,
)
from .sheet_markup import sheet_patterns, styled_cell_pattern
from .zip_directory import zip_entries

__all__ = ["ReadReturn", "UnreadableReturn", "read_return", "read_return_bytes"]

# The small parts (workbook.xml, its rels, styles.xml) and the sheets are scanned as bytes, not parsed: about
# ten times faster than an XML parser for what we need, and with no parser there is no entity expansion.
_CELL_XFS = re.compile(rb"<(?:[\w.-]+:)?cellXfs(?=[\s/>])[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?cellXfs>)", re.DOTALL)
_ATTR = re.compile(rb'\b(r|s)="([^"]*)"')
_REF_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_XML_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_NS_DECLARATION = re.compile(rb"""xmlns:([\w.-]+)\s*=\s*["']([^"']*)["']""")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|\w+);")
_XML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_TAG_PATTERNS: dict[bytes, re.Pattern[bytes]] = {}
_REF = re.compile(r"^([A-Z]+)(\d+)$")
_QUOTED = re.compile(r'"[^"]*"|\\.')
#: Built-in number formats that show a value as a percentage (0%, 0.00%).
_PERCENT_BUILTINS = frozenset({9, 10})
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
#: Distinct workbook/styles parts remembered (a batch of returns made from a few templates repeats them).
_PART_CACHE = 64
#: Parts kept from the archive guard's pass besides the sheets.
_KEPT_PARTS = frozenset({"xl/workbook.xml", _WORKBOOK_RELS, "xl/styles.xml"})


@dataclass(frozen=True)
class ReadReturn:
    """A workbook's plain values with the SHA-256 of its bytes."""

    workbook: RawWorkbook
    sha256: str


def read_return(path: Path) -> ReadReturn:
    """Read a return (.xlsx/.xlsm) into plain values; raises UnreadableReturn with a Chinese reason."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableReturn(f"无法打开文件（{error.strerror or error}）") from error
    return ReadReturn(read_return_bytes(data, path.suffix), hashlib.sha256(data).hexdigest())


def read_return_bytes(data: bytes, suffix: str = ".xlsx", limits: Limits | None = None) -> RawWorkbook:
    """Read workbook bytes into plain values; raises UnreadableReturn for legacy, encrypted or damaged files,
    and for files past the limits (`current_limits()` unless given), refused before they are expanded."""
    limits = limits or current_limits()
    check_file(data, suffix, limits)
    try:
        entries = zip_entries(data)
        survey = survey_archive(entries, data, limits, keep=_scanned)
        kept = {name: _without_comments(part) for name, part in survey.parts.items()}
        if "xl/workbook.xml" not in kept:
            raise UnreadableReturn("不是 Excel 工作簿（压缩包中没有 xl/workbook.xml）", "请以 .xlsx 格式报送")
        parts, hidden = _sheet_parts(kept["xl/workbook.xml"], kept[_WORKBOOK_RELS])
        check_sheets(parts, survey, limits)
        percent_styles = _percent_styles(kept.get("xl/styles.xml"))
        # Sheet parts outside xl/worksheets/ (rare, hand-made archives) were not kept: inflate them here.
        by_name = {entry.filename: entry for entry in entries}
        markup = {name: kept[part] if part in kept else _without_comments(inflate_part(data, by_name[part]))
                  for name, part in parts.items() if part in by_name}
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in book.sheet_names:
            xml = markup.get(name, b"")
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(RawSheet(name, rows, _formula_cells(xml), _styled_cells(xml, percent_styles)))
        book.close()
    except UnreadableReturn:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError, OSError,
            python_calamine.CalamineError) as error:
        raise UnreadableReturn("文件已损坏或不完整（可能未完整下载或保存）", "请重新保存后报送") from error
    except Exception as error:
        raise UnreadableReturn(f"文件无法解析（{type(error).__name__}）", "请用 Excel 或 WPS 打开并另存为 .xlsx") from error
    return RawWorkbook(tuple(_surveyed(sheet, parts.get(sheet.name, ""), survey, hidden) for sheet in sheets),
                       macros=survey.macros)


def _scanned(name: str) -> bool:
    """The parts this reader scans (kept from the archive guard's pass): workbook, its rels, styles, sheets."""
    return name in _KEPT_PARTS or name.startswith("xl/worksheets/") and name.endswith(".xml")


def _surveyed(sheet: RawSheet, part: str, survey: ArchiveSurvey, hidden: frozenset[str]) -> RawSheet:
    """The sheet with what the archive guard saw: hidden state, hidden rows, merged ranges."""
    seen = survey.sheets.get(part)
    return replace(sheet, hidden=sheet.name in hidden,
                   hidden_rows=seen.hidden_rows if seen else frozenset(), merged=seen.merged if seen else ())


@lru_cache(maxsize=_PART_CACHE)
def _sheet_parts(workbook: bytes, rels: bytes) -> tuple[Mapping[str, str], frozenset[str]]:
    """Sheet name → its XML part, and the hidden sheets' names, from workbook.xml and its relationships
    (scanned as bytes, never parsed; cached, as returns made from one template share these parts)."""
    targets = {attrs.get("Id"): attrs.get("Target", "") for attrs in _elements(rels, b"Relationship")}
    rid_names = {f"{m[1].decode()}:id" for m in _NS_DECLARATION.finditer(workbook) if m[2].decode() == _NS_REL}
    parts, hidden = {}, set()
    for attrs in _elements(workbook, b"sheet"):
        rid = next((value for name, value in attrs.items() if name in rid_names), None)
        target = targets.get(rid, "")
        name = attrs.get("name", "")
        parts[name] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if attrs.get("state", "visible") in ("hidden", "veryHidden"):
            hidden.add(name)
    return MappingProxyType(parts), frozenset(hidden)


@lru_cache(maxsize=_PART_CACHE)
def _percent_styles(styles: bytes | None) -> frozenset[int]:
    """Indexes of the cell formats (cellXfs) whose number format shows a percentage (cached like `_sheet_parts`)."""
    if styles is None:
        return frozenset()
    percent_ids = set(_PERCENT_BUILTINS)
    for attrs in _elements(styles, b"numFmt"):
        if "%" in _QUOTED.sub("", attrs.get("formatCode", "")):
            percent_ids.add(_integer(attrs.get("numFmtId"), -1))
    cell_xfs = _CELL_XFS.search(styles)
    if cell_xfs is None or not cell_xfs[1]:
        return frozenset()
    return frozenset(i for i, attrs in enumerate(_elements(cell_xfs[1], b"xf"))
                     if _integer(attrs.get("numFmtId"), 0) in percent_ids)


def _without_comments(data: bytes) -> bytes:
    """A part's bytes without XML comments (DTDs were refused by the archive guard, which saw every part)."""
    return _COMMENT.sub(b"", data) if b"<!--" in data else data


def _elements(xml: bytes, tag: bytes) -> list[dict[str, str]]:
    """The attributes (unescaped) of every start or empty tag `tag`, whatever its namespace prefix."""
    pattern = _TAG_PATTERNS.get(tag)
    if pattern is None:
        pattern = _TAG_PATTERNS[tag] = re.compile(rb"<(?:[\w.-]+:)?" + re.escape(tag) + rb"(?=[\s/>])([^>]*)>")
    return [{k.decode(): _unescape((v1 or v2).decode()) for k, v1, v2 in _XML_ATTR.findall(m[1])}
            for m in pattern.finditer(xml)]


def _unescape(text: str) -> str:
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _entity(match: re.Match[str]) -> str:
    name = match[1]
    if name.startswith("#"):
        number = name[1:]
        return chr(int("0" + number, 0) if number[0] in "xX" else int(number))
    return _XML_ENTITIES[name]


def _integer(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _formula_cells(xml: bytes) -> frozenset[tuple[int, int]]:
    patterns = sheet_patterns(xml)
    if not patterns.formula.search(xml):
        return frozenset()
    cells = set()
    for match in patterns.cell.finditer(xml):
        if match[2] and patterns.formula.search(match[2]):
            ref = _REF_ATTR.search(match[1])
            cells.add(_position(ref[1].decode() if ref else ""))
    cells.discard((0, 0))
    return frozenset(cells)


def _styled_cells(xml: bytes, styles: frozenset[int]) -> frozenset[tuple[int, int]]:
    if not styles:
        return frozenset()
    wanted = {str(s).encode() for s in styles}
    cells = set()
    for attributes in styled_cell_pattern(sheet_patterns(xml).prefix, styles).findall(xml):
        attrs = dict(_ATTR.findall(attributes))
        if attrs.get(b"s") in wanted:
            cells.add(_position(attrs.get(b"r", b"").decode()))
    cells.discard((0, 0))
    return frozenset(cells)


def _position(ref: str) -> tuple[int, int]:
    match = _REF.match(ref)
    if match is None:
        return (0, 0)
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    return (int(match[2]), column)
