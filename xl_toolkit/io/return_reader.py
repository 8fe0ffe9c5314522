"""Reading a returned workbook into plain values, once: calamine for cached values, the sheet XML for formulas
and percent formats. Formulas are never evaluated or re-emitted; bad files raise UnreadableReturn."""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import python_calamine

from ..limits import Limits, current_limits
from ..raw_workbook import RawSheet, RawWorkbook
from .archive_guard import (
    UnreadableReturn,
    check_file,
    check_sheets,
    inflate_part,
    survey_archive,
)
from .sheet_markup import SheetPatterns, sheet_patterns, styled_cell_attributes
from .zip_directory import ZipEntry, zip_entries

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


def read_return(path: Path, limits: Limits | None = None) -> ReadReturn:
    """Read a return (.xlsx/.xlsm) into plain values; raises UnreadableReturn with a Chinese reason.
    `limits` as for `read_return_bytes` (a batch reads them once)."""
    try:
        with open(path, "rb", buffering=0) as file:  # unbuffered: read whole, without Path.read_bytes's buffer object
            data = file.read()
    except OSError as error:
        raise UnreadableReturn(f"无法打开文件（{error.strerror or error}）") from error
    return ReadReturn(read_return_bytes(data, path.suffix, limits), hashlib.sha256(data).hexdigest())


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
        markup = _markup(parts, kept, entries, data)
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            xml = markup.get(name, b"")
            part = parts.get(name, "")
            seen = survey.sheets.get(part)
            # The guard's patterns when it scanned these very bytes (no comments taken out) in one piece.
            patterns = seen.patterns if seen and seen.patterns and xml is survey.parts.get(part) else sheet_patterns(xml)
            sheets.append(RawSheet(name, rows, _formula_cells(xml, patterns), _styled_cells(xml, patterns, percent_styles),
                                   name in hidden, seen.hidden_rows if seen else frozenset(), seen.merged if seen else ()))
        book.close()
    except UnreadableReturn:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError, OSError,
            python_calamine.CalamineError) as error:
        raise UnreadableReturn("文件已损坏或不完整（可能未完整下载或保存）", "请重新保存后报送") from error
    except Exception as error:
        raise UnreadableReturn(f"文件无法解析（{type(error).__name__}）", "请用 Excel 或 WPS 打开并另存为 .xlsx") from error
    return RawWorkbook(tuple(sheets), macros=survey.macros)


def _markup(parts: Mapping[str, str], kept: Mapping[str, bytes], entries: Sequence[ZipEntry],
            data: bytes) -> dict[str, bytes]:
    """Sheet name → its XML (without comments), for the parts in the archive."""
    markup = {}
    by_name: dict[str, ZipEntry] | None = None
    for name, part in parts.items():
        if part in kept:
            markup[name] = kept[part]
            continue
        # Sheet parts outside xl/worksheets/ (rare, hand-made archives) were not kept: inflate them here.
        by_name = by_name or {entry.filename: entry for entry in entries}
        if part in by_name:
            markup[name] = _without_comments(inflate_part(data, by_name[part]))
    return markup


def _scanned(name: str) -> bool:
    """The parts this reader scans (kept from the archive guard's pass): workbook, its rels, styles, sheets."""
    return name in _KEPT_PARTS or name.startswith("xl/worksheets/") and name.endswith(".xml")


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
    # b"!" is found by memchr, several times faster than b"<!--", and most parts hold none.
    return _COMMENT.sub(b"", data) if b"!" in data and b"<!--" in data else data


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


def _formula_cells(xml: bytes, patterns: SheetPatterns) -> frozenset[tuple[int, int]]:
    if not patterns.formula.search(xml):
        return frozenset()
    cells = set()
    for match in patterns.cell.finditer(xml):
        if match[2] and patterns.formula.search(match[2]):
            ref = _REF_ATTR.search(match[1])
            cells.add(_position(ref[1].decode() if ref else ""))
    cells.discard((0, 0))
    return frozenset(cells)


def _styled_cells(xml: bytes, patterns: SheetPatterns, styles: frozenset[int]) -> frozenset[tuple[int, int]]:
    if not styles:
        return frozenset()
    found = {(_recurring_styled_position if len(attributes) <= _RECURRING else _styled_position)(attributes, styles)
             for attributes in styled_cell_attributes(xml, patterns, styles)}
    return frozenset(position for position in found if position is not None and position != (0, 0))


def _styled_position(attributes: bytes, styles: frozenset[int]) -> tuple[int, int] | None:
    """The cell's position if its (last) `s` is one of `styles`, else None."""
    attrs = dict(_ATTR.findall(attributes))
    if attrs.get(b"s") not in _style_values(styles):
        return None
    return _position(attrs.get(b"r", b"").decode())


#: `_styled_position` for a cell's attributes as short as real ones, which recur from return to return: looked up,
#: not parsed again (a bounded memo of short keys).
_recurring_styled_position = lru_cache(maxsize=4096)(_styled_position)
_RECURRING = 200


@lru_cache(maxsize=_PART_CACHE)
def _style_values(styles: frozenset[int]) -> frozenset[bytes]:
    return frozenset(str(style).encode() for style in styles)


def _position(ref: str) -> tuple[int, int]:
    match = _REF.match(ref)
    if match is None:
        return (0, 0)
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    return (int(match[2]), column)
