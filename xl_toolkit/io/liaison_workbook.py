"""The liaison workbook (workbooks/liaison.xlsx): a 说明 sheet for the buttons, the master sheets and the 指标 sheet.

Regenerate with `write_liaison_workbook()`. Plain .xlsx (Excel, WPS and LibreOffice open it): openpyxl cannot add
form buttons, so the actions run from the xlwings ribbon (the drop-down in B3), the Quick Access Toolbar macros of
`macros/XltButtons.bas`, or the xlwings Lite task pane.
"""

from __future__ import annotations

import tempfile
from copy import copy
from pathlib import Path
from typing import Final

from openpyxl import load_workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..indicators.sheet import PARAMETER_SHEET, SHEET_TITLE
from ..services.indicators import export_indicator_workbook
from ..services.plan_import import builtin_plan_text, import_plan_to_workbook
from .atomic import save_atomically
from .sheet_style import BODY_FONT, TITLE_FONT, WRAP_TOP, write_header

DEFAULT_TARGET: Final = Path("workbooks") / "liaison.xlsx"
GUIDE_SHEET: Final = "说明"
CHOICE_CELL: Final = "B3"
DEFAULT_CHOICE: Final = "汇总报送"
#: The four buttons: label, VBA macro (macros/XltButtons.bas), what it does, where the result appears.
BUTTONS: Final = (
    ("校验本表", "XltValidateReturn", "校验当前打开的报送表：对照任务分工逐行检查单位、任务、状态、进度和进展",
     "有问题的单元格标红（错误）或标黄（警告），单元格批注写明问题和建议；新增“校验结果”工作表"),
    ("汇总报送", "XltConsolidate", "读取本工作簿所在文件夹下“报送表”文件夹中的全部报送表，校验后按任务序号汇总",
     "本工作簿新增或更新“汇总”“明细”“未报送”“问题清单”“统计”“报送文件”工作表；台账保存在同一文件夹"),
    ("计算指标", "XltIndicators", "按“指标”“参数”工作表中的基期值、目标值、实际值重新计算完成率、目标进度、序时进度和状态",
     "“指标”工作表的计算列（公式）和“参数”工作表更新"),
    ("生成报送模板", "XltTemplates", "按“任务分工”工作表为每个责任单位生成一份报送模板",
     "文件写入本工作簿所在文件夹下的“报送模板”文件夹；新增“报送模板”工作表列出各单位文件"),
)
FUNCTIONS: Final = (
    ("XLT_UNIT(A2)", "规范单位名称；无法识别时给出中文说明和最接近的名称"),
    ("XLT_ROLE(A2, B2)", "某单位在某项任务中的角色：牵头、参与或未分配"),
    ("XLT_CHECK(A5:J5)", "报送表一行（序号至下一步计划）的问题；无问题为“通过”；选多行则逐行给出"),
    ("XLT_COMPLETION(实际值, 目标值)", "完成率；另有 XLT_PROGRESS、XLT_TIME_PROGRESS、XLT_STATUS"),
)
_NOTES: Final = (
    "文件夹：本工作簿（liaison.xlsx）、liaison.py 和 xlwings.conf 放在同一文件夹；各单位报送表放在其中的“报送表”文件夹。",
    "运行方式一（桌面版 Excel + xlwings 加载项）：在 B3 选择操作，然后点功能区 xlwings 选项卡的“Run main”。",
    "运行方式二：把 macros/XltButtons.bas 导入个人宏工作簿，将四个宏添加到快速访问工具栏（见 README）。",
    "运行方式三（xlwings Lite / Server 任务窗格）：点任务窗格中的同名按钮。",
    "工作表函数仅在 Windows 版 Excel（xlwings 加载项）或 xlwings Lite/Server 中可用。",
    "WPS Office 无法运行 xlwings：请双击同一文件夹中的 xlt_folder.bat（调用 xlt 命令行）完成汇总。",
)


def write_liaison_workbook(target: Path = DEFAULT_TARGET, plan_text: str | None = None) -> Path:
    """Write the liaison workbook: 说明, then 任务分工/单位名录/计划信息 of the plan, then 指标/参数."""
    with tempfile.TemporaryDirectory(prefix="xlt-liaison-") as scratch:
        master, indicators = Path(scratch) / "master.xlsx", Path(scratch) / "indicators.xlsx"
        import_plan_to_workbook(plan_text or builtin_plan_text(), master)
        export_indicator_workbook(indicators)
        wb = load_workbook(master)
        source = load_workbook(indicators)
        for name in (SHEET_TITLE, PARAMETER_SHEET):
            _copy_sheet(source[name], wb.create_sheet(name))
        _write_guide(wb.create_sheet(GUIDE_SHEET, 0))
        wb.active = 0
        wb.properties.title = "联络工作簿"
        return save_atomically(wb, target)


def _write_guide(ws: Worksheet) -> None:
    ws["A1"], ws["A1"].font = "联络工作簿：一键校验、汇总、指标测算和生成报送模板", TITLE_FONT
    ws["A3"], ws[CHOICE_CELL] = "要运行的操作", DEFAULT_CHOICE
    choice = DataValidation(type="list", formula1='"' + ",".join(b[0] for b in BUTTONS[1:]) + '"')
    choice.promptTitle, choice.prompt, choice.showInputMessage = "Run main", "选择后点 xlwings 选项卡的 Run main", True
    ws.add_data_validation(choice)
    choice.add(CHOICE_CELL)
    write_header(ws, 5, ("按钮", "宏（VBA）", "做什么", "结果出现在哪里"),
                 {"按钮": 14, "宏（VBA）": 20, "做什么": 60, "结果出现在哪里": 60})
    rows = [list(b) for b in BUTTONS] + [[], ["工作表函数", "", "用途"]] + [[f, "", d] for f, d in FUNCTIONS]
    rows += [[], ["注意事项"]] + [[note] for note in _NOTES]
    widths = {1: 22, 2: 20, 3: 60, 4: 60}
    for index, values in enumerate(rows, start=6):
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=index, column=column, value=value)
            cell.font, cell.alignment = BODY_FONT, WRAP_TOP
        if len(values) == 1 and index > 6 + len(BUTTONS) + len(FUNCTIONS) + 2:
            ws.merge_cells(start_row=index, start_column=1, end_row=index, end_column=4)
            widths_here = [sum(widths.values())]
        else:
            widths_here = [widths[c] for c in range(1, len(values) + 1)]
        lines = max((-(-2 * len(str(v or "")) // w) for v, w in zip(values, widths_here, strict=False)), default=1)
        ws.row_dimensions[index].height = 15 * max(lines, 1)
    ws.column_dimensions["A"].width = widths[1]


def _copy_sheet(source: Worksheet, target: Worksheet) -> None:
    """Values, formulas, fonts, fills, number formats and column widths (charts and rules stay in 指标.xlsx)."""
    for row in source.iter_rows():
        for cell in row:
            copied = target.cell(row=cell.row, column=cell.column, value=cell.value)
            if cell.has_style:
                copied.font, copied.fill, copied.border = copy(cell.font), copy(cell.fill), copy(cell.border)
                copied.number_format = cell.number_format
                copied.alignment = copy(cell.alignment) if cell.alignment else Alignment()
    for key, dimension in source.column_dimensions.items():
        target.column_dimensions[key].width = dimension.width
    target.freeze_panes = source.freeze_panes
