"""The `指标` sheet as plain values: its columns, the live formulas of its computed columns, and rows ↔ indicators.

The formulas here are the spreadsheet twin of `attainment`: same rules, same thresholds, so a clerk who edits an
actual sees what the toolkit computes. They use only functions Excel 2007+, WPS and LibreOffice all evaluate.
Both the openpyxl writer and the xlwings layer build on this module.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .attainment import EPSILON
from .model import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorKind,
    Observation,
    Qualifier,
    Target,
    Thresholds,
)

SHEET_TITLE = "指标"
PARAMETER_SHEET = "参数"
CHART_SHEET = "进度图"
#: Cells of the parameter sheet the formulas read: the report year and the 预警 ratio.
REPORT_YEAR_CELL = f"'{PARAMETER_SHEET}'!$B$2"
WARNING_RATIO_CELL = f"'{PARAMETER_SHEET}'!$B$3"

INPUT_HEADERS: tuple[str, ...] = (
    "序号", "指标名称", "计量单位", "指标属性", "方向", "统计方式", "依据文件",
    "基期年份", "基期值", "目标年份", "目标值", "目标表述", "容差",
)  # fmt: skip
COMPUTED_HEADERS: tuple[str, ...] = ("评估年份", "实际值", "完成率", "目标进度", "序时进度", "状态", "信号")
SOURCE_HEADERS: tuple[str, ...] = ("基期来源", "目标来源", "实际值来源", "基期修订", "备注")
#: Computed columns shown as percentages.
PERCENT_HEADERS: tuple[str, ...] = ("完成率", "目标进度", "序时进度")

_UNVERIFIED = "（待核实）"
_QUALIFIER_LABELS = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "左右",
    Qualifier.AT_LEAST: "以上",
    Qualifier.AT_MOST: "以下",
    Qualifier.MORE_THAN: "超过",
}
_YEAR_HEADER = re.compile(r"^\s*(\d{4})")
_YEAR_ITEM = re.compile(r"^\s*(\d{4})年[：:]?\s*(.*)$")
_REVISION = re.compile(r"^\s*(\d{4})年\s*(-?\d+(?:\.\d+)?)\s*[：:]?\s*(.*)$")


class IndicatorSheetError(ValueError):
    """The 指标 sheet has rows the toolkit cannot read; the message lists them in Chinese."""


def column_letter(index: int) -> str:
    """Excel column letter of a 1-based column index (1 → A, 27 → AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class SheetLayout:
    """Column layout of the 指标 sheet: inputs, one actual column per year, computed columns, sources."""

    years: tuple[int, ...]

    @property
    def headers(self) -> tuple[str | int, ...]:
        """Header row; year columns carry the year as a number (shown as 2020年实际)."""
        return (*INPUT_HEADERS, *self.years, *COMPUTED_HEADERS, *SOURCE_HEADERS)

    def letter(self, header: str | int) -> str:
        """Column letter of a header."""
        return column_letter(self.headers.index(header) + 1)

    def formulas(self, row: int) -> dict[str, str]:
        """The live formulas of a data row's computed columns, by header."""
        c = {h: f"{self.letter(h)}{row}" for h in (*INPUT_HEADERS, *COMPUTED_HEADERS)}
        first, last = self.letter(self.years[0]), self.letter(self.years[-1])
        years, values = f"${first}$1:${last}$1", f"${first}{row}:${last}{row}"
        base_year, base, goal_year, goal = c["基期年份"], c["基期值"], c["目标年份"], c["目标值"]
        year, actual, share, elapsed, state = c["评估年份"], c["实际值"], c["目标进度"], c["序时进度"], c["状态"]
        direction, tolerance = c["方向"], c["容差"]
        window = f"({years}>{base_year})*({years}<={REPORT_YEAR_CELL})*({values}<>\"\")"
        latest = f"SUMPRODUCT(MAX({window}*{years}))"
        band, lower = f'{direction}="{Direction.BAND.label}"', f'{direction}="{Direction.LOWER.label}"'
        eps = f"{EPSILON:.0E}"
        met = f"IF({lower},{actual}<={goal}+{tolerance}+{eps},{actual}>={goal}-{tolerance}-{eps})"
        within = f"ABS({actual}-{goal})<={tolerance}+{eps}"
        return {
            "评估年份": f"=IF({latest}=0,{REPORT_YEAR_CELL},{latest})",
            "实际值": (
                f'=IF(SUMPRODUCT({window})=0,"",IF({c["统计方式"]}="{Aggregation.CUMULATIVE.label}",'
                f'SUMIFS({values},{years},">"&{base_year},{years},"<="&{year}),INDEX({values},MATCH({year},{years},0))))'
            ),
            "完成率": (
                f'=IF(OR({actual}="",{goal}=""),"",IF({band},IF({within},1,0),'
                f'IF({lower},IF(AND({goal}>0,{actual}>0),{goal}/{actual},""),IF({goal}>0,{actual}/{goal},""))))'
            ),
            "目标进度": (
                f'=IF(OR({actual}="",{base}="",{goal}="",{band}),"",'
                f'IF({goal}={base},"",({actual}-{base})/({goal}-{base})))'
            ),
            "序时进度": (
                f"=IF({goal_year}<={base_year},IF({year}>={goal_year},1,0),"
                f"MAX(0,MIN(1,({year}-{base_year})/({goal_year}-{base_year}))))"
            ),
            "状态": (
                f'=IF(OR({actual}="",{goal}=""),"无数据",IF({band},IF({within},"达标","未达标"),'
                f'IF({met},IF({year}<{goal_year},"提前完成","达标"),'
                f'IF({share}="",IF({year}>={goal_year},"滞后","无数据"),'
                f'IF({share}>={elapsed}-{eps},"进度正常",'
                f'IF({share}>={WARNING_RATIO_CELL}*{elapsed}-{eps},"预警","滞后"))))))'
            ),
            "信号": (
                f'=IF(OR({state}="达标",{state}="提前完成",{state}="进度正常"),"绿",'
                f'IF({state}="预警","黄",IF({state}="无数据","","红")))'
            ),
        }


def layout_for(indicators: Sequence[Indicator], report_year: int) -> SheetLayout:
    """Year columns from the earliest baseline or actual to the latest target, actual or report year, plus one."""
    years = [i.baseline.year for i in indicators] + [a.year for i in indicators for a in i.actuals]
    ends = [i.target.year for i in indicators] + [a.year for i in indicators for a in i.actuals] + [report_year]
    first = min(years, default=report_year)
    return SheetLayout(tuple(range(first, max(ends) + 2)))


def indicator_row(indicator: Indicator, number: int, thresholds: Thresholds, layout: SheetLayout) -> list[object]:
    """The input and source cells of one indicator under the layout's headers (computed cells left None)."""
    actuals = {a.year: a.value for a in indicator.actuals}
    cells: dict[str | int, object] = {
        "序号": number,
        "指标名称": indicator.name,
        "计量单位": indicator.unit,
        "指标属性": indicator.kind.value,
        "方向": indicator.direction.label,
        "统计方式": indicator.aggregation.label,
        "依据文件": indicator.plan,
        "基期年份": indicator.baseline.year,
        "基期值": indicator.baseline.value,
        "目标年份": indicator.target.year,
        "目标值": indicator.target.value,
        "目标表述": indicator.target.text,
        "容差": indicator.tolerance(thresholds),
        **{year: actuals.get(year) for year in layout.years},
        "基期来源": _cite(indicator.baseline.source, indicator.baseline.verified),
        "目标来源": _cite(indicator.target.source, indicator.target.verified),
        "实际值来源": "；".join(f"{a.year}年：{_cite(a.source, a.verified)}" for a in indicator.actuals),
        "基期修订": "；".join(
            f"{r.year}年{r.value:g}：{_cite(r.source, r.verified)}" for r in indicator.baseline_revisions
        ),
        "备注": indicator.note,
    }
    return [cells.get(header) for header in layout.headers]


def indicators_from_rows(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> list[Indicator]:
    """Indicators from the 指标 sheet's rows (values as the clerk left them); IndicatorSheetError lists bad rows."""
    position = {_header_key(h): i for i, h in enumerate(headers) if _header_key(h) is not None}
    missing = [h for h in ("指标名称", "基期年份", "目标年份") if h not in position]
    if missing:
        raise IndicatorSheetError(f"指标表缺少列：{'、'.join(missing)}")
    year_columns = {key: i for key, i in position.items() if isinstance(key, int)}
    indicators, problems = [], []
    for number, row in enumerate(rows, start=2):

        def cell(header: str, row: Sequence[object] = row) -> object:
            i = position.get(header)
            return row[i] if i is not None and i < len(row) else None

        name = _text(cell("指标名称"))
        if not name:
            continue
        values = {year: row[i] if i < len(row) else None for year, i in year_columns.items()}
        try:
            indicators.append(_indicator(name, cell, values))
        except ValueError as error:
            problems.append(f"第{number}行（{name}）：{_first_line(error)}")
    if problems:
        raise IndicatorSheetError("；".join(problems))
    return indicators


def _indicator(name: str, get: Callable[[str], object], year_values: Mapping[int, object]) -> Indicator:
    actual_sources = _year_items(_text(get("实际值来源")))
    actuals = tuple(
        Observation(year=year, value=value, **_source(actual_sources.get(year, "")))
        for year, raw in sorted(year_values.items())
        if (value := _number(raw, f"{year}年实际值")) is not None
    )
    return Indicator(
        name=name,
        unit=_text(get("计量单位")),
        kind=IndicatorKind(_text(get("指标属性")) or IndicatorKind.EXPECTED.value),
        direction=Direction.from_text(_text(get("方向")) or Direction.HIGHER.label),
        aggregation=Aggregation.from_text(_text(get("统计方式")) or Aggregation.STOCK.label),
        plan=_text(get("依据文件")),
        baseline=Observation(
            year=_year(get("基期年份"), "基期年份"),
            value=_number(get("基期值"), "基期值"),
            **_source(_text(get("基期来源"))),
        ),
        target=Target(
            year=_year(get("目标年份"), "目标年份"),
            value=_number(get("目标值"), "目标值"),
            qualifier=_qualifier(_text(get("目标表述"))),
            text=_text(get("目标表述")),
            tolerance=_number(get("容差"), "容差") or 0.0,
            **_source(_text(get("目标来源"))),
        ),
        actuals=actuals,
        baseline_revisions=_revisions(_text(get("基期修订"))),
        note=_text(get("备注")),
    )


def _header_key(header: object) -> str | int | None:
    if isinstance(header, int | float) and not isinstance(header, bool):
        return int(header)
    text = _text(header)
    if text in (*INPUT_HEADERS, *COMPUTED_HEADERS, *SOURCE_HEADERS):
        return text
    found = _YEAR_HEADER.match(text)
    return int(found.group(1)) if found else None


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _number(value: object, what: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            number = float(str(value).strip().replace(",", "").replace("，", "").rstrip("%"))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"{what}不是数字：{value}")
    return number


def _year(value: object, what: str) -> int:
    number = _number(value, what)
    if number is None or number != int(number):
        raise ValueError(f"{what}须为四位年份：{'空' if value is None else value}")
    return int(number)


def _qualifier(text: str) -> Qualifier:
    for qualifier, label in _QUALIFIER_LABELS.items():
        if label and label in text:
            return qualifier
    return Qualifier.AT_MOST if "以内" in text else Qualifier.EXACT


def _cite(source: str, verified: bool) -> str:
    return source if verified or not source else source + _UNVERIFIED


def _source(text: str) -> dict[str, object]:
    return {"source": text.removesuffix(_UNVERIFIED), "verified": not text.endswith(_UNVERIFIED)}


def _year_items(text: str) -> dict[int, str]:
    items = {}
    for part in text.split("；"):
        found = _YEAR_ITEM.match(part)
        if found:
            items[int(found.group(1))] = found.group(2).strip()
    return items


def _revisions(text: str) -> tuple[Observation, ...]:
    revisions = []
    for part in text.split("；"):
        found = _REVISION.match(part)
        if found:
            source = _source(found.group(3).strip())
            revisions.append(Observation(year=int(found.group(1)), value=float(found.group(2)), **source))
    return tuple(revisions)


def _first_line(error: ValueError) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        return "；".join(str(e.get("msg", "")).removeprefix("Value error, ") for e in errors())
    return str(error)
