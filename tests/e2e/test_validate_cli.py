"""`xlt validate` end to end: a folder of returns with one truncated file, exit codes, --json, --plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from xl_toolkit.cli import app
from xl_toolkit.io.master import load_master
from xl_toolkit.io.samples import write_sample_returns

runner = CliRunner()


@pytest.fixture(scope="module")
def returns(master_2026: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan, registry = load_master(master_2026)
    folder = tmp_path_factory.mktemp("returns")
    write_sample_returns(plan, registry, folder, seed=3, defects={"财政部": ["truncated"]})
    (folder / "说明.txt").write_text("ignored: not a spreadsheet", encoding="utf-8")
    return folder


def test_folder_with_one_truncated_file(returns: Path, master_2026: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    result = runner.invoke(app, ["validate", str(returns), "--master", str(master_2026), "--json", str(report_path)])
    assert result.exit_code == 1, result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert len(report["files"]) == 38
    assert set(report["files"][0]) == {"file", "unit", "rows", "status"}
    errors = [(f["file"], f["code"]) for f in report["findings"] if f["severity"] == "error"]
    [(name, code)] = errors
    assert code == "unreadable-file" and "财政部" in name
    readable = [f for f in report["files"] if f["status"] != "无法读取"]
    assert len(readable) == 37 and all(f["rows"] > 0 and f["status"] == "通过" for f in readable)
    assert set(report["findings"][0]) == {"file", "sheet", "row", "column", "unit", "task", "code", "severity",
                                          "message", "suggestion"}


def test_clean_folder_exits_zero_and_annotates(returns: Path, master_2026: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.copytree(returns, clean)
    next(clean.glob("*财政部*")).unlink()
    some = sorted(clean.glob("*.xlsx"))[:2]
    result = runner.invoke(app, ["validate", *map(str, some), "--master", str(master_2026),
                                 "--annotate", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*_校验.xlsx"))) == 2


def test_wrong_usage_exits_two(master_2026: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path / "nope"), "--master", str(master_2026)]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path), "--master", str(tmp_path / "nope.xlsx")]).exit_code == 2


def test_plan_check_on_a_hand_edited_master(master_2026: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", "--plan", str(master_2026)]).exit_code == 0
    edited = tmp_path / "edited.xlsx"
    wb = load_workbook(master_2026)
    ws = wb["任务分工"]
    ws["E2"] = None                                  # no lead
    ws["E3"] = "国家知识产权局、司法部"                  # two leads
    ws["F4"] = f"{ws['E4'].value}、{ws['F4'].value or '财政部'}"  # lead also participant
    ws["F5"] = "财政部、财政部"                          # participant twice
    wb.save(edited)
    report_path = tmp_path / "plan.json"
    result = runner.invoke(app, ["validate", "--plan", str(edited), "--json", str(report_path)])
    assert result.exit_code == 1, result.output
    found = [(f["row"], f["column"], f["code"]) for f in json.loads(report_path.read_text("utf-8"))["findings"]]
    assert found == [(2, "E", "no-lead"), (3, "E", "multiple-leads"), (4, "F", "lead-also-participant"),
                     (5, "F", "duplicate-unit")]


def test_a_bad_limit_variable_is_a_chinese_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLT_MAX_ROWS", "很多")
    result = CliRunner().invoke(app, ["validate", str(tmp_path), "--master", str(tmp_path / "m.xlsx")])
    assert result.exit_code == 2 and "XLT_MAX_ROWS" in result.output
