"""Return templates: one workbook per unit listing the tasks it leads or takes part in, ready to fill."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..assignments import assignments
from ..layout import LIST_SEPARATOR, RETURN_GUIDE_SHEET, RETURN_HEADERS, RETURN_INPUT_HEADERS, RETURN_SHEET
from ..models import Plan, Role, Status, Task
from ..registry import UnitRegistry
from .atomic import save_atomically
from .sheet_style import (
    TITLE_FONT,
    UNLOCKED,
    number_cell,
    print_setup,
    protect_structure,
    style_body,
    write_header,
)

HEADER_ROW = 3
_WIDTHS = {"序号": 7, "任务内容": 50, "牵头单位": 16, "参与单位": 24, "本单位角色": 10, "进展情况": 50,
           "完成状态": 11, "完成进度（%）": 11, "存在问题": 30, "下一步计划": 30}
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')
_GUIDE = (
    "1. 请在“任务进展”表的黄色单元格中填写：进展情况、完成状态、完成进度（%）、存在问题、下一步计划。",
    "2. 完成状态请从下拉列表中选择：已完成、推进中、未启动、滞后。",
    "3. 完成进度填写 0–100 之间的数字（如 80 表示 80%）。",
    "4. 牵头任务必须填写进展情况；“按职责分工负责”的任务，参与单位也须填写本单位进展。",
    "5. 请勿修改序号、任务内容、牵头单位、参与单位、本单位角色等列，也请勿增删行。",
    "6. 填写第2行的填报人、联系电话和填报日期后，以原文件名报送联席会议办公室。",
)


def template_file_name(unit: str) -> str:
    """The file name of a unit's return template: the unit's canonical name, safe on every file system."""
    return f"{_UNSAFE_FILE_CHARS.sub('_', unit)}.xlsx"


def write_return_template(plan: Plan, unit: str, rows: list[tuple[Task, Role]], target: Path) -> Path:
    """Write one unit's return template."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = RETURN_SHEET
    _write_title(ws, plan, unit)
    write_header(ws, HEADER_ROW, RETURN_HEADERS, _WIDTHS)
    for task, role in rows:
        ws.append(
            [number_cell(task.number), task.text, task.lead,
             LIST_SEPARATOR.join(task.participants), role.value, None, None, None, None, None]
        )
    last = HEADER_ROW + len(rows)
    inputs = [RETURN_HEADERS.index(h) + 1 for h in RETURN_INPUT_HEADERS]
    style_body(ws, HEADER_ROW + 1, last, len(RETURN_HEADERS), unlocked=inputs)
    _add_validations(ws, last)
    _add_header_comments(ws)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    ws.auto_filter.ref = f"A{HEADER_ROW}:J{max(last, HEADER_ROW + 1)}"
    print_setup(ws, HEADER_ROW)
    protect_structure(ws)
    _write_guide(wb.create_sheet(RETURN_GUIDE_SHEET))
    wb.properties.title = f"{plan.title}任务进展报送表（{unit}）"
    return save_atomically(wb, target)


def _write_title(ws: Worksheet, plan: Plan, unit: str) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(RETURN_HEADERS))
    ws["A1"] = f"{plan.title}任务进展报送表"
    ws["A1"].font, ws["A1"].alignment = TITLE_FONT, Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.merge_cells("A2:D2")
    ws["A2"] = f"填报单位：{unit}（盖章）"
    for column, label in (("E", "填报人："), ("G", "联系电话："), ("I", "填报日期：")):
        ws[f"{column}2"] = label
        ws[f"{column}2"].alignment = Alignment(horizontal="right")
    for column in ("F", "H", "J"):
        ws[f"{column}2"].protection = UNLOCKED
    ws["J2"].number_format = "yyyy-mm-dd"


def _add_validations(ws: Worksheet, last: int) -> None:
    if last <= HEADER_ROW:
        return
    first = HEADER_ROW + 1
    status = DataValidation(type="list", formula1='"' + ",".join(s.value for s in Status) + '"', allow_blank=True)
    status.errorTitle, status.error = "完成状态", "请从下拉列表中选择：已完成、推进中、未启动、滞后"
    status.promptTitle, status.prompt = "完成状态", "请选择：已完成/推进中/未启动/滞后"
    percent = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
    percent.errorTitle, percent.error = "完成进度（%）", "请填写 0 到 100 之间的数字"
    percent.promptTitle, percent.prompt = "完成进度（%）", "填写 0–100 的数字，如 80 表示 80%"
    for validation, column in ((status, "G"), (percent, "H")):
        validation.showErrorMessage = validation.showInputMessage = True
        ws.add_data_validation(validation)
        validation.add(f"{column}{first}:{column}{last}")


def _add_header_comments(ws: Worksheet) -> None:
    notes = {
        "本单位角色": "牵头：本单位为牵头单位；参与：本单位为参与单位",
        "进展情况": "牵头任务必填；按职责分工负责的任务各单位均须填写",
        "完成进度（%）": "0–100 的数字",
    }
    for col, header in enumerate(RETURN_HEADERS, start=1):
        if header in notes:
            ws.cell(row=HEADER_ROW, column=col).comment = Comment(notes[header], "联席会议办公室")


def _write_guide(ws: Worksheet) -> None:
    ws["A1"], ws["A1"].font = "填报说明", TITLE_FONT
    for index, line in enumerate(_GUIDE, start=2):
        ws.cell(row=index, column=1, value=line)
    ws.column_dimensions["A"].width = 100


def write_return_templates(
    plan: Plan,
    registry: UnitRegistry,
    directory: Path,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Write a return template for every unit that owes a return; returns unit → path."""
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for unit, rows in assignments(plan, registry).items():
        written[unit] = write_return_template(plan, unit, rows, directory / template_file_name(unit))
        if progress is not None:
            progress(unit)
    return written
