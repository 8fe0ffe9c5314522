"""Guards run before a return is expanded: what kind of file it is, and whether its archive is safe to open.

Every part is streamed once through zlib with a hard cap, so a zip bomb, a part larger than it declares, a DTD or
entity declaration, or a sheet of 100,000 rows is refused before any parser sees it. The parts the reader scans
are kept from that one pass (within the limits), so no part is inflated twice.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from ..limits import MB, Limits
from .sheet_markup import SheetPatterns, sheet_patterns
from .zip_directory import ZipEntry

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
#: Stream names in an OLE2 directory (UTF-16LE): an Office-encrypted xlsx, and a BIFF5/8 legacy workbook.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_LEGACY_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
_LEGACY_SUFFIXES = (".xls", ".et")
_CHUNK = 256 * 1024
_RATIO_FLOOR = 1 * MB
_MAX_TAG = 4096
#: A local header's modification time and date, at these offsets (they differ between copies of one part).
_HEADER_TIME, _HEADER_TIME_END = 10, 14
#: A DTD or entity declaration: in ASCII/UTF-8 also spaced or in lower case (not XML, but refused all the same).
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)" + b"".join(b"|" + re.escape(marker.encode(codec))
                                                     for marker in ("<!DOCTYPE", "<!ENTITY")
                                                     for codec in ("utf-16-le", "utf-16-be")), re.IGNORECASE)
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
#: The first row number in each of the ">"-joined attributes of rows (none for a row without one).
_ROW_NUMBERS = re.compile(rb'(?:^|>)[^>]*?\sr="(\d+)"')
#: An `r="…"` naming a column past Z (any cell that does holds one); and the columns up to Z.
_MULTI_LETTER_COLUMN = re.compile(rb'r="[A-Z]{2}')
_SINGLE_LETTER_COLUMNS = 26
_ROW_HIDDEN = re.compile(rb'\shidden="(?:1|true)"')
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_FILE_SIZE = attrgetter("file_size")
_SAVE_AS = "请用 Excel 或 WPS 打开后“另存为” .xlsx 格式再报送"


class UnreadableReturn(Exception):
    """A file that is not read: `code` is its finding code, `reason` and `suggestion` are for the clerk."""

    def __init__(self, reason: str, suggestion: str = "", code: str = "unreadable-file") -> None:
        super().__init__(reason, suggestion, code)  # all in args, so it pickles across worker processes
        self.reason = reason
        self.suggestion = suggestion
        self.code = code

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class SheetSurvey:
    """What streaming one sheet part showed: its extent, hidden rows and merged ranges (1-based)."""

    rows: int
    hidden_rows: frozenset[int]
    merged: tuple[tuple[int, int, int, int], ...]
    stopped: bool
    #: The patterns the part was scanned with, when it came in one piece (`sheet_patterns` of its whole bytes).
    patterns: SheetPatterns | None = None
    #: The column count; or, when a quick test showed no cell past column Z in the one piece of markup scanned,
    #: that markup and its patterns, to count the columns from only if asked for (see `columns`).
    counted_columns: int | tuple[bytes, SheetPatterns] = field(default=0, repr=False)

    @property
    def columns(self) -> int:
        """The columns of the sheet: the furthest column any cell names."""
        counted = self.counted_columns
        return counted if isinstance(counted, int) else _furthest_column(*counted)

    @property
    def columns_at_most(self) -> int:
        """`columns`, or an upper bound of it known without counting (26 when no cell is past column Z)."""
        counted = self.counted_columns
        return counted if isinstance(counted, int) else _SINGLE_LETTER_COLUMNS


@dataclass(frozen=True)
class ArchiveSurvey:
    """An archive that passed the guards: macros present, sheet surveys and the kept parts' bytes by part name."""

    macros: bool
    sheets: Mapping[str, SheetSurvey]
    parts: Mapping[str, bytes]


def check_file(data: bytes, suffix: str, limits: Limits) -> None:
    """Refuse a file too large, legacy (.xls/.et), password-protected, or not a zip workbook at all."""
    if len(data) > limits.max_file_bytes:
        raise UnreadableReturn(
            f"文件大小 {len(data) / MB:.1f} MB，超过上限 {limits.max_file_bytes / MB:.0f} MB，未读取",
            "请删除无关的工作表和图片后重新保存；确需报送大文件的，请汇总单位按 SECURITY.md 调整上限",
            code="file-too-large")
    if data.startswith(_OLE_MAGIC):
        if any(stream in data for stream in _ENCRYPTED_STREAMS):
            raise UnreadableReturn("文件设置了打开密码（已加密），无法读取", "请取消文件密码（文件→信息→保护工作簿）后重新报送")
        if suffix.lower() in _LEGACY_SUFFIXES or any(stream in data for stream in _LEGACY_STREAMS):
            raise UnreadableReturn("这是旧版 Excel 97-2003 格式（.xls），无法校验", _SAVE_AS)
        raise UnreadableReturn("文件已加密（设置了打开密码）或不是 xlsx 格式", "请取消文件密码并保存为 .xlsx 后再报送")
    if not data.startswith(_ZIP_MAGIC):
        raise UnreadableReturn("不是 Excel 工作簿（.xlsx/.xlsm）", "请以 .xlsx 格式报送")


def survey_archive(entries: Sequence[ZipEntry], data: bytes, limits: Limits,
                   keep: Callable[[str], bool] = lambda _name: False) -> ArchiveSurvey:
    """Check declared and actual sizes, compression ratios and DTDs of every part; survey the sheets; keep the
    inflated bytes of the parts `keep` names (all within the declared sizes, so within `max_unpacked_bytes`).

    `entries` is the archive's directory (`zip_entries(data)`). Raises UnreadableReturn (`archive-too-large`,
    `unsafe-xml`, or `unreadable-file`) before anything is expanded.
    """
    declared = sum(map(_FILE_SIZE, entries))
    if len(entries) > limits.max_parts or declared > limits.max_unpacked_bytes:
        raise _too_large(f"解压后共 {declared / MB:.0f} MB、{len(entries)} 个部件，超过上限"
                         f"（{limits.max_unpacked_bytes / MB:.0f} MB、{limits.max_parts} 个）")
    for info in entries:
        if info.flag_bits & 0x1:
            raise UnreadableReturn("压缩包内容已加密，无法读取", "请取消文件密码后重新报送")
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise _too_large(f"部件 {info.filename} 的压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍）")
    sheets: dict[str, SheetSurvey] = {}
    kept: dict[str, bytes] = {}
    for info in entries:
        name = info.filename
        is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
        if not is_sheet:
            vetted = _VETTED.get(data, info)
            if vetted is not None:
                if keep(name):
                    kept[name] = vetted
                continue
        scanner = _SheetScanner(limits) if is_sheet else None
        scan_xml = name.lower().endswith(_XML_SUFFIXES)
        chunks: list[bytes] | None = [] if keep(name) else None
        produced, previous = 0, b""
        for chunk in _part_chunks(data, info):
            if not chunk:
                continue
            produced += len(chunk)
            if produced > info.file_size:
                raise _too_large(f"部件 {info.filename} 的实际内容大于其声明的大小")
            if scan_xml and _declares_dtd(previous[-32:] + chunk if previous else chunk):
                raise UnreadableReturn(f"部件 {info.filename} 含有 DTD 或实体声明（正常的 Excel 文件不会有），为安全起见未读取",
                                       "请用 Excel 或 WPS 打开后另存为新的 .xlsx 文件再报送", code="unsafe-xml")
            previous = chunk
            if chunks is not None and chunk:
                chunks.append(chunk)
            if scanner is not None and not scanner.feed(chunk):
                chunks = None
                break
        if scanner is not None:
            sheets[info.filename] = scanner.survey()
        if chunks is not None:
            kept[info.filename] = part = chunks[0] if len(chunks) == 1 else b"".join(chunks)
            _check_complete(part, info)
        if not is_sheet and produced == info.file_size and len(previous) == produced:
            _VETTED.add(data, info, previous)
    # Whether a name ends with vbaProject.bin in any case: one lower() over the names, each ended by a NUL (which no
    # name from zip_entries holds), instead of one per name.
    names = "\0".join([info.filename for info in entries]).lower() + "\0"
    return ArchiveSurvey(macros="vbaproject.bin\0" in names, sheets=sheets, parts=kept)


class _VettedParts:
    """Small parts that passed the guard, by their stored bytes: returns made from one template share most parts
    besides the sheets (theme, styles, workbook, relationships) byte for byte, and identical stored bytes inflate
    to identical, already vetted content. Bounded: emptied when full."""

    def __init__(self, entries: int = 256, largest: int = 64 * 1024) -> None:
        self._entries, self._largest = entries, largest
        #: (name, flags, method, CRC, sizes) → local header up to its time, the rest of it and the stored bytes,
        #: inflated bytes.
        self._parts: dict[tuple[object, ...], tuple[bytes, bytes, bytes]] = {}

    def get(self, data: bytes, entry: ZipEntry) -> bytes | None:
        """The inflated bytes of a part seen and vetted before with the same stored bytes, else None."""
        found = self._parts.get(entry[:6])
        if found is None:
            return None
        # Compared in place: the same local header (time and date aside) means the same stored bytes at the
        # same place after it; a part that differs only in its header is inflated and checked again.
        head, rest, inflated = found
        offset = entry.header_offset
        if offset >= 0 and data.startswith(head, offset) and data.startswith(rest, offset + _HEADER_TIME_END):
            return inflated
        return None

    def add(self, data: bytes, entry: ZipEntry, inflated: bytes) -> None:
        """Remember a vetted part that inflated whole to its declared size and CRC."""
        if entry.compress_size > self._largest or entry.file_size > self._largest or zlib.crc32(inflated) != entry.CRC:
            return
        if len(self._parts) >= self._entries:
            self._parts.clear()
        offset = entry.header_offset
        end = _data_start(data, offset) + entry.compress_size if offset >= 0 else -1
        if not 0 <= end <= len(data):  # remembered only whole, so a match in `get` is the very same stored bytes
            return
        self._parts[entry[:6]] = (data[offset:offset + _HEADER_TIME], data[offset + _HEADER_TIME_END:end], inflated)


_VETTED = _VettedParts()


def inflate_part(data: bytes, entry: ZipEntry) -> bytes:
    """One part's bytes, checked complete; for a part not kept by `survey_archive`, which has vetted it."""
    part = b"".join(_part_chunks(data, entry))
    _check_complete(part, entry)
    return part


def _check_complete(part: bytes, entry: ZipEntry) -> None:
    if len(part) != entry.file_size or zlib.crc32(part) != entry.CRC:
        raise UnreadableReturn("文件已损坏或不完整（可能未完整下载或保存）", "请重新保存后报送")


def check_sheets(parts: Mapping[str, str], survey: ArchiveSurvey, limits: Limits) -> None:
    """Refuse a workbook with a sheet (by name → part) beyond the row or column limit."""
    for name, part in parts.items():
        sheet = survey.sheets.get(part)
        if sheet is None:
            continue
        if sheet.rows > limits.max_rows:
            raise UnreadableReturn(f"工作表“{name}”超过 {limits.max_rows} 行（报送表通常不足 200 行），整个文件未读取",
                                   "请删除表格下方多余的行（或另存为新文件）后重新报送", code="too-many-rows")
        if sheet.columns_at_most > limits.max_columns and sheet.columns > limits.max_columns:
            raise UnreadableReturn(f"工作表“{name}”超过 {limits.max_columns} 列，整个文件未读取",
                                   "请删除表格右侧多余的列后重新报送", code="too-many-columns")


def _too_large(detail: str) -> UnreadableReturn:
    return UnreadableReturn(f"压缩包解压后过大或异常（疑似“压缩炸弹”）：{detail}，未解压读取",
                            "请确认文件来源；正常报送表请重新保存后报送", code="archive-too-large")


def _part_chunks(data: bytes, info: ZipEntry) -> Iterable[bytes]:
    """A part's bytes: in one piece when it declares at most one chunk (inflation capped just past the declared
    size, so a part that lies about its size still cannot grow), else streamed chunk by chunk."""
    if info.file_size >= _CHUNK or info.compress_type not in (0, 8):
        return _decompressed(data, info.header_offset, info.compress_type, info.compress_size)
    raw = _raw_part(data, info.header_offset, info.compress_size)
    if info.compress_type == 0:
        return (bytes(raw),)
    try:
        return (zlib.decompressobj(-15).decompress(raw, info.file_size + 1),)
    except zlib.error as error:
        raise UnreadableReturn("文件已损坏或不完整（可能未完整下载或保存）", "请重新保存后报送") from error


def _raw_part(data: bytes, offset: int, size: int) -> memoryview:
    """A part's stored (compressed) bytes, after its local header."""
    start = _data_start(data, offset)
    return memoryview(data)[start:start + size]


def _data_start(data: bytes, offset: int) -> int:
    """Where a part's stored bytes start, after its local header at `offset`."""
    if data[offset:offset + 4] != _ZIP_MAGIC:
        raise UnreadableReturn("文件已损坏或不完整（可能未完整下载或保存）", "请重新保存后报送")
    name_length: int
    extra_length: int
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    return offset + 30 + name_length + extra_length


def _decompressed(data: bytes, offset: int, method: int, size: int) -> Iterator[bytes]:
    """The part's bytes in chunks, read from its local header on; zlib output capped per call."""
    raw = _raw_part(data, offset, size)
    if method == 0:
        for position in range(0, len(raw), _CHUNK):
            yield bytes(raw[position:position + _CHUNK])
        return
    if method != 8:
        raise UnreadableReturn(f"压缩包使用了不支持的压缩方式（{method}）", "请用 Excel 或 WPS 重新保存为 .xlsx 后报送")
    inflater = zlib.decompressobj(-15)
    try:
        for position in range(0, len(raw), _CHUNK):
            pending = bytes(raw[position:position + _CHUNK])
            while pending and not inflater.eof:
                yield inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
        yield inflater.flush()
    except zlib.error as error:
        raise UnreadableReturn("文件已损坏或不完整（可能未完整下载或保存）", "请重新保存后报送") from error


class _SheetScanner:
    """Counts rows and columns, collects hidden rows and merges from a sheet's XML as it streams by."""

    __slots__ = ("_columns", "_hidden", "_last", "_limits", "_merged", "_patterns", "_pieces", "_rows", "_stopped",
                 "_tail", "_uncounted")

    def __init__(self, limits: Limits) -> None:
        self._limits = limits
        self._tail = b""
        self._rows = self._last = 0
        self._columns = 0
        self._hidden: set[int] = set()
        self._merged: list[tuple[int, int, int, int]] = []
        self._stopped = False
        self._pieces = 0
        self._patterns: SheetPatterns | None = None
        self._uncounted: tuple[bytes, SheetPatterns] | None = None

    def feed(self, chunk: bytes) -> bool:
        """Take the next chunk; False once the sheet is past a limit (the rest need not be read)."""
        buffer = self._tail + chunk if self._tail else chunk
        cut = buffer.rfind(b"<")
        if cut == -1 or buffer.find(b">", cut) != -1:
            complete, self._tail = buffer, b""
        else:
            complete, self._tail = buffer[:cut], buffer[cut:cut + _MAX_TAG]
        patterns = self._patterns = sheet_patterns(complete)
        self._pieces += 1
        rows = patterns.row.findall(complete)
        if rows:
            # Fast path, equal to the loop below: all rows' attributes in one string (">" cannot occur in them), and
            # when none may be hidden and each carries a number, the numbers in one findall, one for each row.
            joined = b">".join(rows)
            numbers = _ROW_NUMBERS.findall(joined) if b"hidden" not in joined else ()
            if len(numbers) == len(rows):
                numbered = [*map(int, numbers)]
                self._last = numbered[-1]
                self._rows = max(self._rows, *numbered)
            else:
                for attributes in rows:
                    number = _ROW_NUMBER.search(attributes)
                    row = self._last = int(number[1]) if number else self._last + 1
                    self._rows = max(self._rows, row)
                    if _ROW_HIDDEN.search(attributes):
                        self._hidden.add(row)
        if self._uncounted is not None:  # a second piece after all: count the first one's columns now
            self._columns, self._uncounted = _furthest_column(*self._uncounted), None
        if (self._pieces == 1 and self._limits.max_columns >= _SINGLE_LETTER_COLUMNS
                and not _MULTI_LETTER_COLUMN.search(complete)):
            # Fast path: with no "r=" naming a column past Z, no cell does, so the sheet is within the column limit;
            # its exact count (what the general path computes) is taken from this piece if asked for.
            self._uncounted = (complete, patterns)
        else:
            self._columns = max(self._columns, _furthest_column(complete, patterns))
        # In unprefixed markup no merge can match before the first "<mergeCell" (found faster than by the pattern).
        merges = (0 if b"mergeCell" in complete else -1) if patterns.prefix else complete.find(b"<mergeCell")
        if merges != -1:
            self._merged += [(int(first_row), _column(first), int(last_row), _column(last))
                             for first, first_row, last, last_row in patterns.merge.findall(complete, merges)]
        self._stopped = self._rows > self._limits.max_rows or self._columns > self._limits.max_columns
        return not self._stopped

    def survey(self) -> SheetSurvey:
        whole = self._pieces == 1 and not self._tail  # then the one piece scanned was the whole part
        return SheetSurvey(self._rows, frozenset(self._hidden), tuple(self._merged), self._stopped,
                           self._patterns if whole else None, self._uncounted or self._columns)


def _declares_dtd(window: bytes) -> bool:
    return b"!" in window and _DTD.search(window) is not None  # every marker holds the byte "!" (0x21)


def _furthest_column(markup: bytes, patterns: SheetPatterns) -> int:
    """The furthest column any cell in this markup names (0 for none)."""
    letters = set(patterns.cell_column.findall(markup))
    return _column(max(letters, key=lambda text: (len(text), text))) if letters else 0


def _column(letters: bytes) -> int:
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return column

