"""The consolidated workbook: six sheets in Chinese, coloured statuses, frozen filtered headers, charts, inert text."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tests.libreoffice import convert_with_libreoffice
from xl_toolkit.assignments import assignments
from xl_toolkit.consolidation import Consolidation, consolidate
from xl_toolkit.findings import Finding, Severity
from xl_toolkit.io import atomic
from xl_toolkit.io.consolidated_workbook import STATUS_FILLS, OutputLockedError, write_consolidated_workbook
from xl_toolkit.models import Plan, Role, Status
from xl_toolkit.registry import UnitRegistry
from xl_toolkit.returns import ReturnFile, ReturnRow

STATUSES = list(Status)
FORMULA = "=HYPERLINK(\"http://x\",\"点击\")"


def filled_returns(plan: Plan, registry: UnitRegistry, skip: int = 3) -> list[ReturnFile]:
    """A return from every unit but the last `skip`, statuses cycling, one error row and one formula-like text."""
    returns = []
    units = list(assignments(plan, registry).items())
    for index, (unit, owed) in enumerate(units[: len(units) - skip]):
        name = f"{unit}.xlsx"
        rows = []
        for line, (task, role) in enumerate(owed, start=4):
            error = index == 0 and line == 4
            findings = (Finding(code="invalid-status", severity=Severity.ERROR, message="完成状态无效", file=name,
                                sheet="任务进展", row=line, column="G", task=task.number, unit=unit),) if error else ()
            rows.append(ReturnRow(file=name, sheet="任务进展", row=line, unit=unit, task=task.number, role=role,
                                  progress=FORMULA if index == 1 and line == 4 else f"{unit}推进任务{task.number}",
                                  status=STATUSES[(task.seq + (role is Role.LEAD)) % 4], percent=50.0,
                                  findings=findings))
        returns.append(ReturnFile(file=name, sha256=f"{index:064x}", unit=unit, rows=tuple(rows)))
    return returns


@pytest.fixture(scope="module")
def result(plan_2026: Plan) -> Consolidation:
    from xl_toolkit.registry import default_registry

    registry = default_registry()
    return consolidate(plan_2026, registry, filled_returns(plan_2026, registry), dt.date(2026, 12, 10))


@pytest.fixture(scope="module")
def workbook_path(result: Consolidation, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_consolidated_workbook(result, tmp_path_factory.mktemp("out") / "汇总.xlsx")


def test_sheets_are_the_documented_chinese_ones(workbook_path: Path) -> None:
    assert load_workbook(workbook_path).sheetnames == ["汇总", "明细", "未报送", "问题清单", "统计", "报送文件"]


def test_summary_has_one_row_per_task_with_coloured_status_frozen_header_and_filter(
    workbook_path: Path, result: Consolidation
) -> None:
    ws = load_workbook(workbook_path)["汇总"]
    header = [c.value for c in ws[1]]
    assert header[:11] == ["序号", "部分", "任务内容", "牵头单位", "参与单位", "牵头单位进展", "完成状态", "完成进度（%）",
                           "参与单位进展", "未报送单位", "问题数"]
    assert ws.max_row == len(result.tasks) + 1 == 107
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:M107"
    status_cells = [r[6] for r in ws.iter_rows(min_row=2) if r[6].value]
    assert status_cells and all(c.fill.fgColor.rgb.endswith(STATUS_FILLS[c.value].fgColor.rgb[-6:])
                                for c in status_cells)
    assert {r[12].value for r in ws.iter_rows(min_row=2)} <= {"逾期", "临期", "正常"}


def test_detail_rows_carry_provenance_and_untrusted_text_is_inert(workbook_path: Path, result: Consolidation) -> None:
    ws = load_workbook(workbook_path)["明细"]
    assert ws.max_row == result.rows_merged + 1
    header = [c.value for c in ws[1]]
    assert {"来源文件", "来源工作表", "来源行", "报送单位", "SHA-256"} <= set(header)
    formula_cells = [c for row in ws.iter_rows(min_row=2) for c in row if "HYPERLINK" in str(c.value)]
    assert formula_cells and all(c.data_type == "s" and c.value == "'" + FORMULA for c in formula_cells)


def test_missing_findings_and_files_sheets_list_everything(workbook_path: Path, result: Consolidation) -> None:
    wb = load_workbook(workbook_path)
    assert wb["未报送"].max_row == len(result.missing) + 1 and result.missing_units
    assert {r[0] for r in wb["未报送"].iter_rows(min_row=2, values_only=True)} >= set(result.missing_units)
    findings = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert [(f[2], f[6]) for f in findings if f[6] == "invalid-status"] == [("G4", "invalid-status")]
    total = list(wb["报送文件"].iter_rows(values_only=True))[-1]
    assert total[0] == "合计" and total[4:8] == (result.rows_in, result.rows_merged, result.rows_rejected, 0)
    assert total[4] == total[5] + total[6] + total[7]


def test_statistics_sheet_has_counts_shares_and_native_charts(workbook_path: Path, result: Consolidation) -> None:
    ws = load_workbook(workbook_path)["统计"]
    values = list(ws.iter_rows(values_only=True))
    part_rows = [r for r in values if r[0] in {g.group for g in result.by_part}]
    assert [(r[0], r[1], r[2]) for r in part_rows] == [(g.group, g.tasks, g.done) for g in result.by_part]
    assert sum(r[1] for r in part_rows) == 106
    assert all(abs(r[7] - r[2] / r[1]) < 1e-9 for r in part_rows)
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3


def test_a_locked_output_leaves_the_previous_file_whole_with_a_chinese_message(
    result: Consolidation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "汇总.xlsx"
    target.write_bytes(b"previous output")

    def locked(_source: object, _target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(OutputLockedError, match="Excel 或 WPS 打开.*原有文件未被改动"):
        write_consolidated_workbook(result, target)
    assert target.read_bytes() == b"previous output"
    assert [p.name for p in tmp_path.iterdir()] == ["汇总.xlsx"]


@pytest.mark.libreoffice
def test_libreoffice_opens_the_workbook_and_keeps_its_charts(workbook_path: Path, tmp_path: Path) -> None:
    converted = convert_with_libreoffice(workbook_path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    with zipfile.ZipFile(converted) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3
    wb = load_workbook(converted)
    assert wb.sheetnames[:5] == ["汇总", "明细", "未报送", "问题清单", "统计"]
    assert wb["汇总"].max_row == 107


STRANGE_VALUES: list[object] = [
    "文本", " 前导空格", "末尾空格 ", "　全角空格", "a&b<c>d", "", "   ", "换行\n制表\t回车\r", "=SUM(A1)", "=", "#N/A",
    "x" * 40_000, Status.DONE, 0, -7, 12345678901234567890, 2.5, 1e-300, float("nan"), float("inf"), True, None,
    dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 3, 4, 5, 600), dt.date(1900, 2, 1),
]


def openpyxl_sheet_xml(rows: Sequence[Sequence[object]], bold: bool = False) -> bytes:
    """The sheet openpyxl writes for these rows, every cell a WriteOnlyCell given one shared body style."""
    from copy import copy

    from openpyxl.cell import WriteOnlyCell

    from xl_toolkit.io.sheet_style import BODY_FONT, BORDER, HEADER_FONT, LOCKED, WRAP_TOP

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("表")
    prototype = WriteOnlyCell(ws)
    prototype.font, prototype.border = (HEADER_FONT if bold else BODY_FONT), BORDER
    prototype.alignment, prototype.protection, prototype.number_format = WRAP_TOP, LOCKED, "0.0%"
    for values in rows:
        cells = []
        for value in values:
            cell = WriteOnlyCell(ws, value)
            cell._style = copy(prototype._style)
            cells.append(cell)
        ws.append(cells)
    return _first_sheet(wb)


def streamed_sheet_xml(rows: Sequence[Sequence[object]], bold: bool = False) -> bytes:
    """The same rows through the consolidated workbook's row writer."""
    from xl_toolkit.io.consolidated_workbook import _discard, _RowWriter
    from xl_toolkit.io.sheet_style import BODY_FONT, BORDER, HEADER_FONT, LOCKED, WRAP_TOP

    wb = Workbook(write_only=True)
    try:
        sheet = _RowWriter(wb.create_sheet("表"))
        style = sheet.style(HEADER_FONT if bold else BODY_FONT, border=BORDER, alignment=WRAP_TOP,
                            protection=LOCKED, number_format="0.0%")
        for values in rows:
            sheet.append(values, [style] * len(values))
        return _first_sheet(wb)
    finally:
        _discard(wb)  # as write_consolidated_workbook does: a sheet a failure left open is closed and deleted


def _first_sheet(wb: Workbook) -> bytes:
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_streamed_rows_are_byte_for_byte_what_openpyxl_writes_for_the_same_cells() -> None:
    rows: list[Sequence[object]] = [STRANGE_VALUES, [], list(reversed(STRANGE_VALUES)), ["only one"]]
    assert streamed_sheet_xml(rows) == openpyxl_sheet_xml(rows)
    assert streamed_sheet_xml(rows, bold=True) == openpyxl_sheet_xml(rows, bold=True)


_CELL_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=[
    chr(c) for c in (*range(9), 11, 12, *range(14, 32))]))


@given(st.lists(st.lists(st.one_of(
    _CELL_TEXT, st.integers(), st.floats(), st.none(), st.booleans(), st.dates(min_value=dt.date(1900, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1))), max_size=12), max_size=6))
def test_any_row_of_text_numbers_dates_and_blanks_streams_as_openpyxl_writes_it(rows: list[list[object]]) -> None:
    assert streamed_sheet_xml(rows) == openpyxl_sheet_xml(rows)


def test_text_a_cell_cannot_hold_is_refused_as_openpyxl_refuses_it() -> None:
    from openpyxl.utils.exceptions import IllegalCharacterError

    with pytest.raises(IllegalCharacterError):
        openpyxl_sheet_xml([["响铃\x07"]])
    with pytest.raises(IllegalCharacterError):
        streamed_sheet_xml([["响铃\x07"]])


def test_every_sheet_is_the_same_when_openpyxl_writes_every_cell_itself(
    result: Consolidation, workbook_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xl_toolkit.io import consolidated_workbook

    monkeypatch.setattr(consolidated_workbook, "LXML", True)  # as when lxml is installed: no text shortcut
    slow = write_consolidated_workbook(result, tmp_path / "汇总.xlsx")
    with zipfile.ZipFile(workbook_path) as fast_archive, zipfile.ZipFile(slow) as slow_archive:
        sheets = [n for n in fast_archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 6
        assert [fast_archive.read(n) for n in sheets] == [slow_archive.read(n) for n in sheets]


#: Cell styles as the sheets combine them: font, status fill, number format.
_STYLE_PARTS: list[tuple[str, str | None, str | None]] = [
    (font, fill, number_format) for font in ("body", "header") for fill in (None, *list(STATUS_FILLS)[:2])
    for number_format in (None, "0.0%", "yyyy-mm-dd")]


def _style_kwargs(parts: tuple[str, str | None, str | None]) -> dict[str, object]:
    from xl_toolkit.io.sheet_style import BODY_FONT, BORDER, HEADER_FONT, LOCKED, WRAP_TOP

    font, fill, number_format = parts
    return {"font": BODY_FONT if font == "body" else HEADER_FONT, "fill": STATUS_FILLS[fill] if fill else None,
            "border": BORDER, "alignment": WRAP_TOP, "protection": LOCKED, "number_format": number_format}


@given(st.lists(st.lists(st.sampled_from(range(len(_STYLE_PARTS))), min_size=12, max_size=12), min_size=1, max_size=3),
       st.lists(st.tuples(st.lists(st.one_of(_CELL_TEXT, st.integers(), st.floats(), st.none(),
                                             st.dates(min_value=dt.date(1900, 1, 1))), max_size=12),
                          st.integers(0, 2), st.booleans()), max_size=8))
def test_rows_sharing_lists_of_mixed_styles_stream_as_openpyxl_writes_their_cells(
        style_lists: list[list[int]], rows: list[tuple[list[object], int, bool]]) -> None:
    """Each list of styles is turned into cell openings once and reused by every row given it (a row may also get
    a list of its own, dropped after it, whose id a later list may take): the sheet, its cells' style numbers
    included (registered in first-use order), is what openpyxl writes cell by cell."""
    from copy import copy

    from openpyxl.cell import WriteOnlyCell

    from xl_toolkit.io.consolidated_workbook import _discard, _RowWriter

    expected_wb = Workbook(write_only=True)
    ws = expected_wb.create_sheet("表")
    prototypes = []
    for parts in _STYLE_PARTS:
        prototype = WriteOnlyCell(ws)
        for name, part in _style_kwargs(parts).items():
            if part is not None:
                setattr(prototype, name, part)
        prototypes.append(prototype._style)
    for values, which, _ in rows:
        cells = []
        for column, value in enumerate(values):
            cell = WriteOnlyCell(ws, value)
            cell._style = copy(prototypes[style_lists[which % len(style_lists)][column]])
            cells.append(cell)
        ws.append(cells)
    streamed_wb = Workbook(write_only=True)
    try:
        sheet = _RowWriter(streamed_wb.create_sheet("表"))
        lists = [[sheet.style(**_style_kwargs(_STYLE_PARTS[i])) for i in style_list]  # type: ignore[arg-type]
                 for style_list in style_lists]
        for values, which, own_list in rows:
            styles = lists[which % len(lists)]
            sheet.append(values, list(styles) if own_list else styles)
        streamed = _first_sheet(streamed_wb)
    finally:
        _discard(streamed_wb)
    assert streamed == _first_sheet(expected_wb)


@given(_CELL_TEXT | st.sampled_from(["=1+1", "@SUM(A1)", " -cmd|' /C calc'!A0", "响铃\x07", "x" * 33_000]))
def test_the_workbooks_memo_of_inert_texts_gives_inert_text(text: str) -> None:
    from xl_toolkit.inert import inert_text
    from xl_toolkit.io.consolidated_workbook import _InertTexts

    texts = _InertTexts()
    assert texts[text] == inert_text(text)
    assert texts[text] == inert_text(text)  # the second time from the memo


def test_the_streamed_archive_holds_the_parts_openpyxls_own_save_writes(
    result: Consolidation, workbook_path: Path
) -> None:
    """Sheets deflated by a thread as they are written: every part (its bytes, the document's times masked), its
    compression and file attributes as `Workbook.save` writes them for the same sheets kept in temporary files."""
    import io
    import re

    from xl_toolkit.io import consolidated_workbook as cw

    wb = Workbook(write_only=True)
    texts = cw._InertTexts()
    cw._write_summary(wb.create_sheet(cw.SUMMARY_SHEET), result, texts)
    cw._write_detail(wb.create_sheet(cw.DETAIL_SHEET), result, texts)
    cw._write_missing(wb.create_sheet(cw.MISSING_SHEET), result)
    cw._write_findings(wb.create_sheet(cw.FINDINGS_SHEET), result, texts)
    cw._write_statistics(wb.create_sheet(cw.STATISTICS_SHEET), result)
    cw._write_files(wb.create_sheet(cw.FILES_SHEET), result, texts)
    wb.properties.title = f"{result.plan_title}任务进展汇总"
    saved = io.BytesIO()
    wb.save(saved)

    def parts(archive: zipfile.ZipFile) -> dict[str, tuple[bytes, int, int]]:
        return {entry.filename: (re.sub(rb"<dcterms:(created|modified)[^<]*<", b"", archive.read(entry)),
                                 entry.compress_type, entry.external_attr) for entry in archive.infolist()}

    with zipfile.ZipFile(saved) as expected, zipfile.ZipFile(workbook_path) as streamed:
        assert parts(streamed) == parts(expected)


def test_a_full_disk_while_a_sheet_streams_leaves_the_previous_file_and_stops_the_writing(
    result: Consolidation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import sys

    from xl_toolkit.io import consolidated_workbook as cw

    target = tmp_path / "汇总.xlsx"
    target.write_bytes(b"previous output")
    interval = sys.getswitchinterval()
    fed: list[int] = []

    def full(self: object, data: bytes) -> None:
        fed.append(len(data))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cw._Archive, "_feed", full)
    with pytest.raises(OutputLockedError, match="磁盘空间不足.*原有文件未被改动"):
        write_consolidated_workbook(result, target)
    assert len(fed) == 1, "nothing more is written once a part could not be"
    assert target.read_bytes() == b"previous output"
    assert [p.name for p in tmp_path.iterdir()] == ["汇总.xlsx"]
    assert sys.getswitchinterval() == interval
