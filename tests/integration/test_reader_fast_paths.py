"""Each fast path of the return reader gives what its general path gives, for any input: sheet scanning (row
numbers, hidden rows, columns counted only when asked for, merges), styled and formula cells, vetted parts, names in
the zip directory and macros."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from xl_toolkit.io import archive_guard
from xl_toolkit.io.archive_guard import UnreadableReturn, check_sheets, survey_archive
from xl_toolkit.io.return_reader import read_return_bytes
from xl_toolkit.io.sheet_markup import sheet_patterns, styled_cell_attributes, styled_cell_pattern
from xl_toolkit.io.zip_directory import ZipEntry, zip_entries
from xl_toolkit.limits import Limits

#: Sheet markup, well and badly formed: tags (plain or prefixed, the name followed by a word byte or not) with any
#: attributes, closed or not, and loose pieces, so that every branch of the scanners is reached.
_ATTRIBUTES = [' r="1"', ' r="12"', ' r="0"', ' r="A1"', ' r="Z9"', ' r="AB12"', ' r="XFD3"', ' r="a1"', ' r=""',
               ' s="1"', ' s="10"', 's="1"', '_s="1"', ' hidden="1"', ' hidden="true"', ' hidden="0"', ' t="n"',
               ' spans="1:3"', ' ref="A1:B2"', ' ref="C3:AB40"', ' x14ac:dyDescent="0.25"', "\t", " "]
_TAG = st.tuples(st.sampled_from(["", "x:"]), st.sampled_from(["row", "c", "f", "mergeCell", "col", "cfRule"]),
                 st.sampled_from(["", "", " ", "\t", "x", "_", "-"]), st.lists(st.sampled_from(_ATTRIBUTES), max_size=4),
                 st.sampled_from([">", ">", "/>", ""])).map(lambda t: f"<{t[0]}{t[1]}{t[2]}{''.join(t[3])}{t[4]}")
_LOOSE = st.sampled_from(["</row>", "</c>", "<v>1</v>", "<f>1+1</f>", "<!-- ", " -->", "text", "<", ">", "w", "f",
                          "=", ":", 's="1"', '"', "</sheetData>"])
_MARKUP = st.lists(st.one_of(_TAG, _TAG, _LOOSE), max_size=40).map(lambda pieces: "".join(pieces).encode())
_STYLES = st.frozensets(st.sampled_from([0, 1, 9, 10]), min_size=1)


class _GeneralScanner:
    """The scanner as it was before its fast paths: one search per row, every cell's column collected."""

    def __init__(self, limits: Limits) -> None:
        self.limits, self.tail, self.rows, self.last, self.columns = limits, b"", 0, 0, 0
        self.hidden: set[int] = set()
        self.merged: list[tuple[int, int, int, int]] = []
        self.stopped = False

    def feed(self, chunk: bytes) -> None:
        buffer = self.tail + chunk
        cut = buffer.rfind(b"<")
        if cut == -1 or b">" in buffer[cut:]:
            complete, self.tail = buffer, b""
        else:
            complete, self.tail = buffer[:cut], buffer[cut:cut + 4096]
        patterns = sheet_patterns(complete)
        row_pattern = re.compile(rb"<" + patterns.prefix + rb"row\b([^>]*)>")
        for attributes in row_pattern.findall(complete):
            number = re.search(rb'\sr="(\d+)"', attributes)
            row = self.last = int(number[1]) if number else self.last + 1
            self.rows = max(self.rows, row)
            if re.search(rb'\shidden="(?:1|true)"', attributes):
                self.hidden.add(row)
        letters = set(patterns.cell_column.findall(complete))
        if letters:
            self.columns = max(self.columns, _column(max(letters, key=lambda text: (len(text), text))))
        for match in patterns.merge.finditer(complete):
            self.merged.append((int(match[2]), _column(match[1]), int(match[4]), _column(match[3])))
        self.stopped = self.rows > self.limits.max_rows or self.columns > self.limits.max_columns


def _column(letters: bytes) -> int:
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return column


def _pieces(markup: bytes, cuts: list[int]) -> Iterator[bytes]:
    start = 0
    for cut in sorted({min(cut, len(markup)) for cut in cuts}):
        yield markup[start:cut]
        start = cut
    yield markup[start:]


@settings(max_examples=400)
@given(_MARKUP, st.lists(st.integers(0, 120), max_size=4), st.integers(1, 40), st.integers(1, 800),
       st.integers(1, 800))
@example(b'<row r="1"><c r="A1"/><c r="AB1"/></row>', [], 40, 200, 27)  # a column past Z
@example(b'<row r="1"><c r="A1"/></row><row r="2"><c r="H2"/></row>', [20], 40, 200, 7)  # wider in a later piece
@example(b'<row r="3" hidden="1"/><row hidden="true"/><row/><row r="2"/>', [], 40, 200, 1)  # hidden, unnumbered
@example(b'<rowx r="9"/><row r="1" spans="1:3"><c r="C1"/></row><mergeCell ref="A1:B2"/>', [30], 40, 20, 2)
@example(b'<row r="1"><c r="H1"/></row>', [], 40, 5, 5)  # a limit under 26 columns
def test_the_sheet_scanner_surveys_like_the_general_scan(markup: bytes, cuts: list[int], max_rows: int,
                                                        max_columns: int, checked_columns: int) -> None:
    limits = Limits(max_rows=max_rows, max_columns=max_columns)
    fast, general = archive_guard._SheetScanner(limits), _GeneralScanner(limits)
    for piece in _pieces(markup, cuts):
        if piece:
            general.feed(piece)
            if not fast.feed(piece):
                break
    survey = fast.survey()
    assert (survey.rows, survey.columns, survey.hidden_rows, survey.merged, survey.stopped) == (
        general.rows, general.columns, general.hidden, tuple(general.merged), general.stopped)
    assert survey.columns <= survey.columns_at_most
    # The column limit is applied exactly, whether or not the columns were counted while scanning.
    refused = Limits(max_rows=10**6, max_columns=checked_columns)
    raised = None
    try:
        check_sheets({"表": "xl/worksheets/sheet1.xml"}, archive_guard.ArchiveSurvey(False, {
            "xl/worksheets/sheet1.xml": survey}, {}), refused)
    except UnreadableReturn as error:
        raised = error.code
    assert raised == ("too-many-columns" if general.columns > checked_columns else None)


def test_columns_past_z_or_a_limit_under_26_are_counted_while_scanning() -> None:
    wide = archive_guard._SheetScanner(Limits())
    wide.feed(b'<row r="1"><c r="A1"/><c r="AB1"/></row>')
    narrow = archive_guard._SheetScanner(Limits(max_columns=5))
    narrow.feed(b'<row r="1"><c r="H1"/></row>')
    assert wide.survey().counted_columns == 28 and narrow.survey().counted_columns == 8
    assert narrow.survey().stopped
    deferred = archive_guard._SheetScanner(Limits())
    deferred.feed(b'<row r="1"><c r="A1"/><c r="H1"/></row>')
    assert not isinstance(deferred.survey().counted_columns, int) and deferred.survey().columns == 8


@settings(max_examples=400)
@given(_MARKUP, _STYLES)
@example(b'<c _s="1"><cs="1"><c r="A1" s="1" s="1"><c s="10"/><row s="1">', frozenset({1, 10}))
@example(b's="1"<c>s="1"<c x="1">s="1">', frozenset({1}))
@example(b'<c r="A1" s="1"', frozenset({1}))
def test_styled_cells_are_found_as_the_general_pattern_finds_them(markup: bytes, styles: frozenset[int]) -> None:
    plain = sheet_patterns(b"")
    assert styled_cell_attributes(markup, plain, styles) == styled_cell_pattern(b"", styles).findall(markup)


@settings(max_examples=400)
@given(_MARKUP)
@example(b'<rowx r="1"><row><row\tr="2"><f><fx><f/><x:f>')
def test_rows_and_formulas_are_found_as_the_general_patterns_find_them(markup: bytes) -> None:
    plain = sheet_patterns(b"")
    assert plain.row.findall(markup) == re.findall(rb"<row\b([^>]*)>", markup)
    assert bool(plain.formula.search(markup)) == bool(re.search(rb"<f[\s>/]", markup))


def _one_part_archive(content: bytes = b"<x/>" * 50) -> tuple[bytes, ZipEntry]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/theme/theme1.xml", content)
    data = buffer.getvalue()
    [entry] = zip_entries(data)
    return data, entry


@given(st.integers(0, 10**6), st.integers(1, 255))
def test_a_vetted_part_is_reused_only_for_the_same_stored_bytes(where: int, flip: int) -> None:
    data, entry = _one_part_archive()
    memo = archive_guard._VettedParts()
    memo.add(data, entry, b"<x/>" * 50)
    start = archive_guard._data_start(data, entry.header_offset)
    position = entry.header_offset + where % (start + entry.compress_size - entry.header_offset)
    changed = bytearray(data)
    changed[position] ^= flip
    in_time_or_date = 10 <= position - entry.header_offset < 14
    assert (memo.get(bytes(changed), entry) is not None) == in_time_or_date


def test_a_vetted_part_is_not_remembered_from_a_truncated_archive_or_an_offset_before_its_start() -> None:
    data, entry = _one_part_archive()
    memo = archive_guard._VettedParts()
    end = archive_guard._data_start(data, entry.header_offset) + entry.compress_size
    memo.add(data[:end - 1], entry, b"<x/>" * 50)
    memo.add(data, entry._replace(header_offset=-len(data)), b"<x/>" * 50)
    assert memo._parts == {}
    memo.add(data, entry, b"<x/>" * 50)
    assert memo.get(data, entry) == b"<x/>" * 50 and memo.get(data[:end - 1], entry) is None


def _renamed(names: list[bytes]) -> bytes:
    """An archive whose parts carry these raw names, without the UTF-8 flag (so read as cp437)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i, name in enumerate(names):  # ASCII stand-ins of the same lengths, replaced below
            archive.writestr(f"{i}{'_' * (len(name) - 1)}", b"x")
        offsets = [info.header_offset for info in archive.infolist()]
    data = bytearray(buffer.getvalue())
    directory = data.index(b"PK\x01\x02")
    for name, offset in zip(names, offsets, strict=True):
        data[offset + 30:offset + 30 + len(name)] = name
        data[directory + 46:directory + 46 + len(name)] = name
        extra, comment = struct.unpack_from("<HH", data, directory + 30)
        directory += 46 + len(name) + extra + comment
    return bytes(data)


@given(st.lists(st.binary(min_size=1, max_size=12).filter(lambda name: b"\x00" not in name), min_size=1,
                max_size=5))
def test_names_without_the_utf8_flag_read_as_zipfile_reads_them(names: list[bytes]) -> None:
    data = _renamed(names)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        expected = [info.filename for info in archive.infolist()]
    assert [entry.filename for entry in zip_entries(data)] == expected


_NAME_PIECES = ["xl/", "vbaProject.bin", "VBAPROJECT.BIN", "vbaproject.bİn", "Σ", "ς", "K", ".bin", "x", "\n", "/"]


@given(st.lists(st.lists(st.sampled_from(_NAME_PIECES), min_size=1, max_size=4).map("".join), min_size=1,
                max_size=5, unique=True))
def test_macros_are_found_as_one_check_per_name_finds_them(names: list[str]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"x")
    data = buffer.getvalue()
    survey = survey_archive(zip_entries(data), data, Limits())
    assert survey.macros == any(name.lower().endswith("vbaproject.bin") for name in names)


def test_a_sheet_with_comments_is_read_as_without_them(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in range(1, 8):
        ws.append([r, f"第{r}项", 0.5])
        ws.cell(r, 3).number_format = "0%"
    ws["D2"] = "=1+1"
    ws.row_dimensions[4].hidden = True
    ws.merge_cells("B5:D6")
    wb.save(tmp_path / "book.xlsx")
    plain = (tmp_path / "book.xlsx").read_bytes()
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                part = part.replace(b"</row>", b"</row><!-- <x:row> <f> -->")
            archive.writestr(info, part)
    [commented] = read_return_bytes(target.getvalue()).sheets
    [sheet] = read_return_bytes(plain).sheets
    assert commented == sheet
    assert sheet.formulas == {(2, 4)} and sheet.hidden_rows == {4} and sheet.merged == ((5, 2, 6, 4),)
    assert len(sheet.percent_cells) == 5  # C5:C6 lie in the merge
