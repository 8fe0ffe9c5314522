"""The consolidated master workbook: 汇总, 明细, 未报送, 问题清单, 统计 (with native charts) and 报送文件.

Written once with openpyxl and renamed into place; every text that came from a return is written inert.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from openpyxl import Workbook
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..consolidation import Consolidation, DeadlineState, GroupStatistics
from ..inert import inert, inert_text
from ..models import Status
from .sheet_style import (
    BODY_FONT,
    CENTER,
    HEADER_FONT,
    TITLE_FONT,
    print_setup,
    save_atomically,
    style_body,
    write_header,
)

SUMMARY_SHEET: Final = "汇总"
DETAIL_SHEET: Final = "明细"
MISSING_SHEET: Final = "未报送"
FINDINGS_SHEET: Final = "问题清单"
STATISTICS_SHEET: Final = "统计"
FILES_SHEET: Final = "报送文件"

SUMMARY_HEADERS: Final = ("序号", "部分", "任务内容", "牵头单位", "参与单位", "牵头单位进展", "完成状态", "完成进度（%）",
                          "参与单位进展", "未报送单位", "问题数", "完成时限", "时限状态")
DETAIL_HEADERS: Final = ("序号", "报送单位", "本单位角色", "进展情况", "完成状态", "完成进度（%）", "存在问题", "下一步计划",
                         "来源文件", "来源工作表", "来源行", "SHA-256")
MISSING_HEADERS: Final = ("单位", "序号", "任务内容", "本单位角色", "情况")
FINDINGS_HEADERS: Final = ("文件", "工作表", "单元格", "序号", "单位", "级别", "代码", "问题", "建议", "值")
FILES_HEADERS: Final = ("来源文件", "报送单位", "填报日期", "收到时间", "读取行数", "汇总行数", "退回行数", "被取代行数",
                        "状态", "SHA-256")
STATISTICS_HEADERS: Final = ("任务数", "已完成", "推进中", "未启动", "滞后", "未报送", "已完成占比", "推进中占比",
                             "未启动占比", "滞后占比", "逾期", "临期")

STATUS_FILLS: Final = {
    Status.DONE.value: PatternFill("solid", fgColor="C6EFCE"),
    Status.IN_PROGRESS.value: PatternFill("solid", fgColor="DDEBF7"),
    Status.NOT_STARTED.value: PatternFill("solid", fgColor="EDEDED"),
    Status.BEHIND.value: PatternFill("solid", fgColor="FFC7CE"),
    DeadlineState.OVERDUE.value: PatternFill("solid", fgColor="FFC7CE"),
    DeadlineState.DUE_SOON.value: PatternFill("solid", fgColor="FFEB9C"),
}
_WIDTHS = {"序号": 7, "部分": 18, "任务内容": 44, "牵头单位": 16, "参与单位": 22, "牵头单位进展": 44, "完成状态": 10,
           "完成进度（%）": 10, "参与单位进展": 50, "未报送单位": 22, "问题数": 8, "完成时限": 12, "时限状态": 10,
           "报送单位": 18, "进展情况": 44, "存在问题": 26, "下一步计划": 26, "来源文件": 26, "SHA-256": 20,
           "单位": 18, "情况": 16, "文件": 26, "问题": 50, "建议": 30, "值": 20, "状态": 30, "收到时间": 18}


class OutputLockedError(OSError):
    """The output could not be replaced (usually open in Excel/WPS); the message is for the clerk."""


def write_consolidated_workbook(result: Consolidation, target: Path) -> Path:
    """Write the consolidated workbook atomically; raises OutputLockedError when the target cannot be replaced."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    _write_summary(summary, result)
    _write_detail(wb.create_sheet(DETAIL_SHEET), result)
    _write_missing(wb.create_sheet(MISSING_SHEET), result)
    _write_findings(wb.create_sheet(FINDINGS_SHEET), result)
    _write_statistics(wb.create_sheet(STATISTICS_SHEET), result)
    _write_files(wb.create_sheet(FILES_SHEET), result)
    wb.properties.title = f"{result.plan_title}任务进展汇总"
    try:
        return save_atomically(wb, target)
    except OSError as error:
        raise OutputLockedError(f"无法写入“{target.name}”：{_write_failure(target, error)}原有文件未被改动。"
                                f"（{error.strerror or error}）") from error


def _write_failure(target: Path, error: OSError) -> str:
    """Why the output could not be replaced, as a clerk can act on it."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘空间不足，请清理磁盘或换一个输出位置后重试。"
    if error.errno == errno.EROFS:
        return "输出位置是只读的，请换一个输出位置。"
    if isinstance(error, IsADirectoryError) or target.is_dir():
        return "已有同名的文件夹，请换一个输出文件名。"
    return "文件可能正在被 Excel 或 WPS 打开，或没有写入权限，请关闭后重试。"


def _table(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[object]], *, colour: Sequence[int] = ()) -> None:
    """Header, body, frozen header, filter and print setup; the 1-based columns in `colour` get status fills."""
    write_header(ws, 1, headers, _WIDTHS)
    for values in rows:
        ws.append(list(values))
    last = len(rows) + 1
    style_body(ws, 2, last, len(headers))
    for column in colour:
        for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=column, max_col=column):
            fill = STATUS_FILLS.get(str(cell.value))
            if fill is not None:
                cell.fill = fill
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{ws.cell(row=1, column=len(headers)).column_letter}{max(last, 2)}"
    print_setup(ws, 1)


def _number(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def _write_summary(ws: Worksheet, result: Consolidation) -> None:
    rows = [
        (
            _number(t.number), t.part, t.text, t.lead, "、".join(t.participants), inert_text(t.lead_progress),
            t.status.value if t.status else "", t.percent, inert_text(t.participant_progress),
            "、".join(t.missing_units), t.findings, t.deadline, t.deadline_state.value,
        )
        for t in result.tasks
    ]
    _table(ws, SUMMARY_HEADERS, rows, colour=(7, 13))
    _date_column(ws, 12, len(rows))


def _write_detail(ws: Worksheet, result: Consolidation) -> None:
    rows = [
        (
            _number(r.task), r.unit, r.role.value if r.role else "", inert_text(r.progress),
            r.status.value if r.status else "", r.percent, inert_text(r.problems), inert_text(r.next_steps),
            inert_text(r.file), inert_text(r.sheet), r.row, r.sha256,
        )
        for r in result.rows
    ]
    _table(ws, DETAIL_HEADERS, rows, colour=(5,))


def _write_missing(ws: Worksheet, result: Consolidation) -> None:
    texts = {t.number: t.text for t in result.tasks}
    rows = [(m.unit, _number(m.task), texts.get(m.task, ""), m.role.value, m.reason.value) for m in result.missing]
    _table(ws, MISSING_HEADERS, rows)


def _write_findings(ws: Worksheet, result: Consolidation) -> None:
    rows = [
        (
            inert_text(f.file), inert_text(f.sheet), f.cell, inert_text(f.task), inert_text(f.unit), f.severity.label,
            f.code, inert_text(f.message), inert_text(f.suggestion), inert(f.value),
        )
        for f in result.findings
    ]
    _table(ws, FINDINGS_HEADERS, rows)


def _write_files(ws: Worksheet, result: Consolidation) -> None:
    rows: list[Sequence[object]] = [
        (
            inert_text(f.file), f.unit or "", f.reported_on, f.received_at, f.rows_read, f.rows_merged, f.rows_rejected,
            f.rows_superseded, f"被“{inert_text(f.superseded_by)}”取代" if f.superseded_by else f.status.value, f.sha256,
        )
        for f in result.files
    ]
    rows.append(("合计", "", None, None, result.rows_in, result.rows_merged, result.rows_rejected,
                 result.rows_superseded, f"计入汇总 {result.returns} 份", ""))
    _table(ws, FILES_HEADERS, rows)
    _date_column(ws, 3, len(rows))
    for (cell,) in ws.iter_rows(min_row=2, max_row=len(rows) + 1, min_col=4, max_col=4):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    for cell in ws[len(rows) + 1]:
        cell.font = HEADER_FONT


def _date_column(ws: Worksheet, column: int, count: int) -> None:
    for (cell,) in ws.iter_rows(min_row=2, max_row=count + 1, min_col=column, max_col=column):
        cell.number_format = "yyyy-mm-dd"


_COUNTS: Final[tuple[Callable[[GroupStatistics], int], ...]] = (
    lambda g: g.done, lambda g: g.in_progress, lambda g: g.not_started, lambda g: g.behind,
)


def _statistics_block(ws: Worksheet, top: int, title: str, label: str, groups: Sequence[GroupStatistics]) -> int:
    """Write one table of group statistics with a 合计 row; returns the last row of its data (without 合计)."""
    ws.cell(row=top, column=1, value=title).font = TITLE_FONT
    header = top + 1
    for column, text in enumerate((label, *STATISTICS_HEADERS), start=1):
        cell = ws.cell(row=header, column=column, value=text)
        cell.font, cell.alignment = HEADER_FONT, CENTER
    for offset, group in enumerate(groups, start=1):
        counts = [f(group) for f in _COUNTS]
        values = [group.group, group.tasks, *counts, group.unreported, *(group.share(c) for c in counts),
                  group.overdue, group.due_soon]
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=header + offset, column=column, value=value)
            cell.font = Font(name=BODY_FONT.name, size=11, bold=group.group == "合计")
            if 8 <= column <= 11:
                cell.number_format = "0.0%"
    return header + len(groups)


def _write_statistics(ws: Worksheet, result: Consolidation) -> None:
    ws.column_dimensions["A"].width = 30
    for letter in "BCDEFGHIJKLM":
        ws.column_dimensions[letter].width = 11
    ws["A1"] = f"{result.plan_title}：完成情况统计（统计日期 {result.today.isoformat()}）"
    ws["A1"].font = TITLE_FONT
    part_last = _statistics_block(ws, 3, "按部分", "部分", [*result.by_part, result.total]) - 1
    lead_top = part_last + 4
    lead_last = _statistics_block(ws, lead_top, "按牵头单位", "牵头单位", [*result.by_lead, result.total]) - 1
    _add_bar_chart(ws, "按部分的完成状态（任务数）", 5, part_last, "O3", height=9)
    _add_bar_chart(ws, "按牵头单位的完成状态（任务数）", lead_top + 2, lead_last, "O22",
                   height=max(9.0, 0.5 * (lead_last - lead_top)))
    pie = PieChart()
    pie.title = "全部任务完成状态"
    total_row = part_last + 1
    pie.add_data(Reference(ws, min_col=3, max_col=7, min_row=total_row), from_rows=True, titles_from_data=False)
    pie.set_categories(Reference(ws, min_col=3, max_col=7, min_row=4))
    pie.dataLabels = DataLabelList()
    pie.dataLabels.showPercent = True
    pie.height, pie.width = 9, 12
    ws.add_chart(pie, "Z3")
    ws.freeze_panes = "B1"
    print_setup(ws, 1)


def _add_bar_chart(ws: Worksheet, title: str, first: int, last: int, anchor: str, *, height: float) -> None:
    """A stacked horizontal bar per group: 已完成/推进中/未启动/滞后/未报送 counts (columns C–G)."""
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = title
    chart.add_data(Reference(ws, min_col=3, max_col=7, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.y_axis.title = "任务数"
    chart.x_axis.scaling.orientation = "maxMin"
    chart.height, chart.width = height, 18
    ws.add_chart(chart, anchor)

