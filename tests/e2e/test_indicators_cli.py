"""`xlt indicators` on the built-in indicators and on a clerk's workbook: table, JSON and workbook out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from xl_toolkit.cli import app
from xl_toolkit.indicators.sheet import PARAMETER_SHEET, SHEET_TITLE

runner = CliRunner()

KEYS = ["name", "unit", "kind", "direction", "baseline", "baseline_year", "target", "target_year", "year", "actual",
        "completion", "progress", "time_progress", "status", "source"]


def _by_name(path: Path) -> dict[str, dict[str, object]]:
    return {i["name"]: i for i in json.loads(path.read_text(encoding="utf-8"))["indicators"]}


def test_builtin_indicators_as_json_with_fractions_and_the_listed_keys(tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    result = runner.invoke(app, ["indicators", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "指标完成情况" in result.output and "提前完成" in result.output
    records = _by_name(out)
    assert all(list(r)[: len(KEYS)] == KEYS and "method" in r for r in records.values())
    period = records["发明专利平均审查周期"]
    assert (period["direction"], period["baseline"], period["target"], period["actual"], period["status"]) == (
        "lower", 20.0, 15.5, 15.0, "达标",
    )  # fmt: skip
    assert period["completion"] == pytest.approx(15.5 / 15) and period["progress"] == pytest.approx(5 / 4.5)
    share = records["专利密集型产业增加值占GDP比重"]
    assert (share["year"], share["time_progress"], share["status"]) == (2024, 0.8, "提前完成")
    assert share["progress"] == pytest.approx(1.41 / 1.03)  # uncapped: over-achievement shows above 1
    assert "待核实" in str(records["海外发明专利授权量"]["source"])


def test_year_option_moves_the_assessment(tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    assert runner.invoke(app, ["indicators", "--year", "2024", "--json", str(out)]).exit_code == 0
    records = _by_name(out)
    assert records["每万人口高价值发明专利拥有量"]["status"] == "无数据"
    assert records["专利密集型产业增加值占GDP比重"]["time_progress"] == pytest.approx(0.8)


def test_a_clerks_workbook_is_read_and_written_back(tmp_path: Path) -> None:
    first = tmp_path / "指标.xlsx"
    assert runner.invoke(app, ["indicators", "-o", str(first)]).exit_code == 0
    wb = load_workbook(first)
    ws = wb[SHEET_TITLE]
    headers = [c.value for c in ws[1]]
    ws.cell(row=9, column=headers.index(2024) + 1, value=85.7)  # 服判息诉率, 2024
    wb[PARAMETER_SHEET]["B2"] = 2024
    wb.save(first)
    out, second = tmp_path / "b.json", tmp_path / "again.xlsx"
    result = runner.invoke(app, ["indicators", str(first), "-o", str(second), "--json", str(out)])
    assert result.exit_code == 0, result.output
    rate = _by_name(out)["知识产权民事一审案件服判息诉率"]
    assert (rate["year"], rate["actual"], rate["time_progress"]) == (2024, 85.7, 0.8)
    assert rate["progress"] == pytest.approx(0.1 / 0.4) and rate["status"] == "滞后"
    reread = load_workbook(second)
    assert reread[PARAMETER_SHEET]["B2"].value == 2024
    assert reread[SHEET_TITLE].cell(row=9, column=headers.index(2024) + 1).value == 85.7


def test_missing_or_foreign_workbooks_are_chinese_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["indicators", str(tmp_path / "无.xlsx")])
    assert result.exit_code == 2 and "找不到指标表" in result.output
    foreign = tmp_path / "foreign.xlsx"
    Workbook().save(foreign)
    result = runner.invoke(app, ["indicators", str(foreign)])
    assert result.exit_code == 2 and "没有“指标”工作表" in result.output
