"""The indicator workbook: read back whole, Excel features present, a clerk's edit counted, the checked-in copy current."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from xl_toolkit.indicators import Thresholds, assess_all, default_indicators
from xl_toolkit.indicators.sheet import CHART_SHEET, PARAMETER_SHEET, SHEET_TITLE
from xl_toolkit.io.indicator_workbook import (
    DEFAULT_WORKBOOK,
    read_indicator_workbook,
    write_default_workbook,
    write_indicator_workbook,
)
from xl_toolkit.services.indicators import indicator_report

from ..conftest import REPO_ROOT


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


def test_workbook_reads_back_to_the_same_attainment(tmp_path: Path) -> None:
    path = write_indicator_workbook(default_indicators(), tmp_path / "i.xlsx", 2025, Thresholds(warning_ratio=0.8))
    indicators, year, thresholds = read_indicator_workbook(path)
    assert (year, thresholds.warning_ratio) == (2025, 0.8)
    assert [i.name for i in indicators] == [i.name for i in default_indicators()]
    assert assess_all(indicators, 2025) == assess_all(default_indicators(), 2025)


def test_indicator_sheet_has_formulas_traffic_light_chart_and_validation(tmp_path: Path) -> None:
    path = write_default_workbook(tmp_path / "i.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET_TITLE]
    headers = [c.value for c in ws[1]]
    row = {h: ws.cell(row=2, column=n + 1).value for n, h in enumerate(headers)}
    assert row["指标名称"] == "每万人口高价值发明专利拥有量" and row[2025] == 16
    assert all(str(row[h]).startswith("=") for h in ("评估年份", "实际值", "完成率", "目标进度", "序时进度", "状态", "信号"))
    assert ws.freeze_panes == "C2"
    assert ws.cell(row=1, column=headers.index(2020) + 1).number_format == '0"年实际"'
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert sorted(r.formula[0][-3:] for r in rules) == ['"红"', '"绿"', '"黄"']
    lists = " ".join(str(dv.formula1) for dv in ws.data_validations.dataValidation)
    assert "越大越好,越小越好,稳定区间" in lists and "存量,累计" in lists
    charts = wb[CHART_SHEET]._charts
    assert len(charts) == 1 and len(charts[0].series) == 2
    assert wb[PARAMETER_SHEET]["B2"].value == 2025


def test_sources_and_pending_checks_are_in_the_sheet(tmp_path: Path) -> None:
    rows = _cells(write_default_workbook(tmp_path / "i.xlsx"))[SHEET_TITLE]
    headers = rows[0]
    share = next(r for r in rows if r[1] == "专利密集型产业增加值占GDP比重")
    assert share[headers.index("基期值")] == 11.97
    assert str(share[headers.index("基期来源")]).startswith("000_1a40fb37e4787e80.txt")
    assert share[headers.index("基期修订")] == "2020年11.6：国发〔2021〕20号（待核实）"
    overseas = next(r for r in rows if r[1] == "海外发明专利授权量")
    assert overseas[headers.index("目标来源")] == "国发〔2021〕20号（待核实）"


def test_a_clerks_edits_of_actuals_baselines_and_the_year_are_counted(tmp_path: Path) -> None:
    path = write_default_workbook(tmp_path / "i.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET_TITLE]
    headers = [c.value for c in ws[1]]
    ws.cell(row=3, column=headers.index(2023) + 1, value=7.5)  # 海外发明专利授权量, 2023
    ws.cell(row=6, column=headers.index("基期值") + 1, value=11.6)  # the plan's own baseline
    wb[PARAMETER_SHEET]["B2"] = 2023
    wb.save(path)
    results = {r.name: r for r in indicator_report(path)}
    overseas = results["海外发明专利授权量"]
    assert (overseas.year, overseas.actual, overseas.progress, overseas.time_progress) == (2023, 7.5, 0.7, 0.6)
    assert overseas.status.value == "进度正常"
    assert results["专利密集型产业增加值占GDP比重"].actual is None  # 2024 is after the report year 2023


def test_checked_in_workbook_is_current(tmp_path: Path) -> None:
    fresh = write_default_workbook(tmp_path / "indicators.xlsx")
    assert _cells(REPO_ROOT / DEFAULT_WORKBOOK) == _cells(fresh)
