"""`xlt plan import`, `xlt plan returns` and `xlt demo` on the real 2026 plan, and LibreOffice opening the results."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.libreoffice import CSV_UTF8, convert_many_with_libreoffice
from xl_toolkit.cli import app
from xl_toolkit.layout import MASTER_SHEET

runner = CliRunner()


def test_plan_import_of_the_seed_gives_106_tasks(seeds: Path, tmp_path: Path) -> None:
    master = tmp_path / "m.xlsx"
    result = runner.invoke(app, ["plan", "import", str(seeds / "002_5ece2955f90f4526.txt"), "-o", str(master)])
    assert result.exit_code == 0, result.output
    assert "共 106 项任务，39 个责任单位" in result.output
    ws = load_workbook(master, read_only=True)[MASTER_SHEET]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == list(range(1, 107))
    assert sum(r[4] == "国家知识产权局" for r in rows) == 31


def test_plan_import_of_a_missing_file_is_a_chinese_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", "import", str(tmp_path / "无.txt"), "-o", str(tmp_path / "m.xlsx")])
    assert result.exit_code == 2
    assert "无法读取计划文件" in result.output
    assert not (tmp_path / "m.xlsx").exists()


def test_plan_returns_of_a_non_master_is_a_chinese_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.xlsx"
    from openpyxl import Workbook

    Workbook().save(bogus)
    result = runner.invoke(app, ["plan", "returns", str(bogus), "-o", str(tmp_path / "r")])
    assert result.exit_code == 2 and "任务分工" in result.output


@pytest.mark.libreoffice
def test_every_workbook_the_demo_writes_opens_in_libreoffice(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "-o", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    workbooks = sorted((tmp_path / "demo").rglob("*.xlsx"))
    assert len(workbooks) >= 39
    assert str((tmp_path / "demo" / "任务分工表_2026.xlsx").resolve()) in result.output.replace("\n", "")
    csvs = convert_many_with_libreoffice(workbooks, CSV_UTF8, tmp_path / "csv")
    master_csv = next(c for c in csvs if c.stem == "任务分工表_2026").read_text(encoding="utf-8", errors="replace")
    assert "国家知识产权局" in master_csv and "联席会议办公室" in master_csv
