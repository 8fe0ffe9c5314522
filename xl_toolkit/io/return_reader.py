"""Reading a returned workbook into plain values, once: calamine for cached values, the sheet XML for formulas
and percent formats. Formulas are never evaluated or re-emitted; bad files raise UnreadableReturn."""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine
from defusedxml import ElementTree

from ..raw_workbook import RawSheet, RawWorkbook

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_ATTR = re.compile(rb'\b(r|s)="([^"]*)"')
_REF = re.compile(r"^([A-Z]+)(\d+)$")
_QUOTED = re.compile(r'"[^"]*"|\\.')
#: Built-in number formats that show a value as a percentage (0%, 0.00%).
_PERCENT_BUILTINS = frozenset({9, 10})
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class UnreadableReturn(Exception):
    """A file that cannot be read as a workbook; `reason` and `suggestion` are for the clerk."""

    def __init__(self, reason: str, suggestion: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.suggestion = suggestion


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


def read_return_bytes(data: bytes, suffix: str = ".xlsx") -> RawWorkbook:
    """Read workbook bytes into plain values; raises UnreadableReturn for legacy, encrypted or damaged files."""
    if data.startswith(_OLE_MAGIC):
        if suffix.lower() in (".xls", ".et"):
            raise UnreadableReturn("这是旧版 Excel 97-2003 格式（.xls），无法校验",
                                   "请用 Excel 或 WPS 打开后“另存为” .xlsx 格式再报送")
        raise UnreadableReturn("文件已加密（设置了打开密码）或不是 xlsx 格式", "请取消文件密码并保存为 .xlsx 后再报送")
    if not data.startswith(_ZIP_MAGIC):
        raise UnreadableReturn("不是 Excel 工作簿（.xlsx/.xlsm）", "请以 .xlsx 格式报送")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = _sheet_parts(archive)
            percent_styles = _percent_styles(archive)
            markup = {name: archive.read(part) for name, part in parts.items() if part in archive.NameToInfo}
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
            ElementTree.ParseError, python_calamine.CalamineError) as error:
        raise UnreadableReturn("文件已损坏或不完整（可能未完整下载或保存）", "请重新保存后报送") from error
    except Exception as error:
        raise UnreadableReturn(f"文件无法解析（{type(error).__name__}）", "请用 Excel 或 WPS 打开并另存为 .xlsx") from error
    return RawWorkbook(tuple(sheets))


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    if "xl/workbook.xml" not in archive.NameToInfo:
        raise UnreadableReturn("不是 Excel 工作簿（压缩包中没有 xl/workbook.xml）", "请以 .xlsx 格式报送")
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet"):
            target = targets.get(sheet.get(f"{{{_NS_REL}}}id"), "")
            parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
    return parts


def _percent_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    if "xl/styles.xml" not in archive.NameToInfo:
        return frozenset()
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    percent_ids = set(_PERCENT_BUILTINS)
    for element in styles.iter():
        if element.tag.endswith("}numFmt") and "%" in _QUOTED.sub("", element.get("formatCode", "")):
            percent_ids.add(int(element.get("numFmtId", "-1")))
    for element in styles.iter():
        if element.tag.endswith("}cellXfs"):
            return frozenset(i for i, xf in enumerate(element) if int(xf.get("numFmtId", "0")) in percent_ids)
    return frozenset()


def _formula_cells(xml: bytes) -> frozenset[tuple[int, int]]:
    if not _FORMULA_TAG.search(xml):
        return frozenset()
    cells = set()
    for _, element in ElementTree.iterparse(io.BytesIO(xml)):
        if element.tag.endswith("}c"):
            if any(child.tag.endswith("}f") for child in element):
                cells.add(_position(element.get("r", "")))
            element.clear()
    cells.discard((0, 0))
    return frozenset(cells)


def _styled_cells(xml: bytes, styles: frozenset[int]) -> frozenset[tuple[int, int]]:
    if not styles:
        return frozenset()
    wanted = {str(s).encode() for s in styles}
    cells = set()
    for match in _CELL_TAG.finditer(xml):
        attrs = dict(_ATTR.findall(match[1]))
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
