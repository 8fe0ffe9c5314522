"""The indicator workbook: sheet 指标 with live attainment formulas, 红黄绿 and a progress chart; read back as values."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..indicators.attainment import METHOD, latest_year
from ..indicators.model import DIRECTION_LABELS, Aggregation, Indicator, IndicatorKind, Thresholds
from ..indicators.reference import default_indicators
from ..indicators.sheet import (
    CHART_SHEET,
    COMPUTED_HEADERS,
    PARAMETER_SHEET,
    PERCENT_HEADERS,
    SHEET_TITLE,
    IndicatorSheetError,
    SheetLayout,
    indicator_row,
    indicators_from_rows,
    layout_for,
)
from .atomic import save_atomically
from .sheet_style import (
    BODY_FONT,
    TITLE_FONT,
    WRAP_TOP,
    print_setup,
    style_body,
    write_header,
)

#: Where the built-in indicator workbook is checked in, relative to the repository root.
DEFAULT_WORKBOOK = Path("workbooks") / "indicators.xlsx"

_WIDTHS: dict[str, float] = {
    "序号": 6, "指标名称": 30, "计量单位": 8, "指标属性": 9, "方向": 10, "统计方式": 9, "依据文件": 30,
    "基期年份": 9, "基期值": 9, "目标年份": 9, "目标值": 9, "目标表述": 20, "容差": 7,
    "评估年份": 9, "实际值": 9, "完成率": 9, "目标进度": 9, "序时进度": 9, "状态": 9, "信号": 6,
    "基期来源": 36, "目标来源": 36, "实际值来源": 40, "基期修订": 30, "备注": 40,
}  # fmt: skip
_YEAR_WIDTH = 10
_FILLS = {
    "绿": PatternFill("solid", fgColor="C6EFCE"),
    "黄": PatternFill("solid", fgColor="FFEB9C"),
    "红": PatternFill("solid", fgColor="FFC7CE"),
}
_FONTS = {"绿": Font(color="006100"), "黄": Font(color="9C5700"), "红": Font(color="9C0006")}
_COMPUTED_FILL = PatternFill("solid", fgColor="F2F2F2")


def write_indicator_workbook(
    indicators: Sequence[Indicator], target: Path, report_year: int, thresholds: Thresholds | None = None
) -> Path:
    """Write the indicator workbook: 指标 (inputs, yearly actuals, live formulas), 参数 (year, thresholds), 进度图."""
    thresholds = thresholds or Thresholds()
    layout = layout_for(indicators, report_year)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_TITLE
    _write_indicators(ws, indicators, layout, thresholds)
    _write_parameters(wb.create_sheet(PARAMETER_SHEET), report_year, thresholds)
    _write_chart(wb.create_sheet(CHART_SHEET), ws, layout, len(indicators))
    wb.properties.title = "指标完成情况测算表"
    return save_atomically(wb, target)


def write_default_workbook(target: Path = DEFAULT_WORKBOOK) -> Path:
    """Regenerate the built-in indicator workbook from the package data (report year: the latest with data)."""
    indicators = default_indicators()
    return write_indicator_workbook(indicators, target, latest_year(indicators) or 2025)


def read_indicator_workbook(path: Path) -> tuple[list[Indicator], int | None, Thresholds]:
    """The indicators as the clerk left them, the report year and thresholds of the 参数 sheet (values, not formulas)."""
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        if SHEET_TITLE not in wb.sheetnames:
            raise IndicatorSheetError(f"{path.name} 没有“{SHEET_TITLE}”工作表")
        rows = list(wb[SHEET_TITLE].iter_rows(values_only=True))
        year, thresholds = _read_parameters(wb)
    finally:
        wb.close()
    if not rows:
        raise IndicatorSheetError(f"{path.name} 的“{SHEET_TITLE}”工作表是空的")
    return indicators_from_rows(rows[0], rows[1:]), year, thresholds


def read_computed_columns(path: Path) -> list[dict[str, object]]:
    """The cached values of the computed columns, one dict per indicator (for a workbook some spreadsheet saved)."""
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(wb[SHEET_TITLE].iter_rows(values_only=True))
    finally:
        wb.close()
    headers = [str(h) if h is not None else "" for h in rows[0]]
    wanted = ("指标名称", *COMPUTED_HEADERS)
    return [
        {h: row[headers.index(h)] for h in wanted}
        for row in rows[1:]
        if row and row[headers.index("指标名称")] not in (None, "")
    ]


def _write_indicators(ws: Worksheet, indicators: Sequence[Indicator], layout: SheetLayout, thresholds: Thresholds) -> None:
    headers = layout.headers
    write_header(ws, 1, [str(h) for h in headers], {**_WIDTHS, **{str(y): _YEAR_WIDTH for y in layout.years}})
    for year in layout.years:
        cell = ws[f"{layout.letter(year)}1"]
        cell.value, cell.number_format = year, '0"年实际"'
    for number, indicator in enumerate(indicators, start=1):
        row = number + 1
        ws.append(indicator_row(indicator, number, thresholds, layout))
        for header, formula in layout.formulas(row).items():
            ws[f"{layout.letter(header)}{row}"] = formula
    last = max(len(indicators) + 1, 2)
    editable = [i + 1 for i, h in enumerate(headers) if h not in ("序号", *COMPUTED_HEADERS)]
    style_body(ws, 2, last, len(headers), unlocked=editable)
    for header in COMPUTED_HEADERS:
        for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=headers.index(header) + 1, max_col=headers.index(header) + 1):
            cell.fill = _COMPUTED_FILL
            cell.number_format = "0.0%" if header in PERCENT_HEADERS else "General"
    _add_validations(ws, layout, last)
    _add_traffic_light(ws, layout, last)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{layout.letter(headers[-1])}{last}"
    print_setup(ws, 1)


def _add_validations(ws: Worksheet, layout: SheetLayout, last: int) -> None:
    lists = {
        "指标属性": ",".join(k.value for k in IndicatorKind),
        "方向": ",".join(DIRECTION_LABELS.values()),
        "统计方式": ",".join(a.label for a in Aggregation),
    }
    for header, choices in lists.items():
        rule = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=False)
        rule.errorTitle, rule.error = header, f"{header}只能是：{choices.replace(',', '、')}"
        ws.add_data_validation(rule)
        rule.add(f"{layout.letter(header)}2:{layout.letter(header)}{last}")
    numbers = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True)
    numbers.errorTitle, numbers.error = "数值", "请填写数字（不带单位）"
    ws.add_data_validation(numbers)
    for header in ("基期值", "目标值", "容差"):
        numbers.add(f"{layout.letter(header)}2:{layout.letter(header)}{last}")
    numbers.add(f"{layout.letter(layout.years[0])}2:{layout.letter(layout.years[-1])}{last}")
    years = DataValidation(type="whole", operator="between", formula1="1900", formula2="2200", allow_blank=False)
    years.errorTitle, years.error = "年份", "请填写四位年份，如 2025"
    ws.add_data_validation(years)
    for header in ("基期年份", "目标年份"):
        years.add(f"{layout.letter(header)}2:{layout.letter(header)}{last}")


def _add_traffic_light(ws: Worksheet, layout: SheetLayout, last: int) -> None:
    signal = f"${layout.letter('信号')}2"
    cells = f"{layout.letter('状态')}2:{layout.letter('信号')}{last}"
    for colour, fill in _FILLS.items():
        ws.conditional_formatting.add(
            cells, FormulaRule(formula=[f'{signal}="{colour}"'], fill=fill, font=_FONTS[colour], stopIfTrue=True)
        )


def _write_parameters(ws: Worksheet, report_year: int, thresholds: Thresholds) -> None:
    ws["A1"], ws["A1"].font = "测算参数（可修改）", TITLE_FONT
    rows: list[tuple[str, object]] = [
        ("评估年度", report_year),
        ("预警系数（目标进度 ≥ 该系数 × 序时进度为预警，低于为滞后）", thresholds.warning_ratio),
        ("默认容差（“左右”和“稳定在”目标，占目标值比例；仅生成本表时使用）", thresholds.tolerance),
        ("测算方法", METHOD),
    ]
    for index, (key, value) in enumerate(rows, start=2):
        ws.cell(row=index, column=1, value=key).font = BODY_FONT
        ws.cell(row=index, column=2, value=value).font = BODY_FONT
    ws["B5"].alignment = WRAP_TOP
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 40, 90
    ws.row_dimensions[5].height = 120


def _read_parameters(wb: Workbook) -> tuple[int | None, Thresholds]:
    if PARAMETER_SHEET not in wb.sheetnames:
        return None, Thresholds()
    ws = wb[PARAMETER_SHEET]
    values = {row[0]: row[1] for row in ws.iter_rows(min_row=2, max_row=4, max_col=2, values_only=True) if row}
    year, ratio = values.get("评估年度"), next((v for k, v in values.items() if str(k).startswith("预警系数")), None)
    try:
        report_year = int(year) if isinstance(year, int | float) else None
        thresholds = Thresholds(warning_ratio=float(ratio)) if isinstance(ratio, int | float) else Thresholds()
    except ValueError as error:
        raise IndicatorSheetError(f"“{PARAMETER_SHEET}”工作表的预警系数须在0到1之间：{ratio}") from error
    return report_year, thresholds


def _write_chart(ws: Worksheet, data: Worksheet, layout: SheetLayout, count: int) -> None:
    chart = BarChart()
    chart.type, chart.grouping = "bar", "clustered"
    chart.title = "目标进度与序时进度"
    chart.y_axis.title, chart.y_axis.number_format = "进度", "0%"
    chart.y_axis.scaling.min = 0
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides axes in Excel unless told otherwise
    share, elapsed = (layout.headers.index(h) + 1 for h in ("目标进度", "序时进度"))
    for column in (share, elapsed):
        chart.add_data(Reference(data, min_col=column, min_row=1, max_row=count + 1), titles_from_data=True)
    names = layout.headers.index("指标名称") + 1
    chart.set_categories(Reference(data, min_col=names, min_row=2, max_row=count + 1))
    chart.height, chart.width = max(8.0, 0.9 * count), 24.0
    ws["A1"] = "目标进度（计划变化量已实现的比例）与序时进度（规划期已过的比例）；数据取自“指标”表，随实际值更新。"
    ws.add_chart(chart, "A3")

