"""The consolidated workbook: six sheets in Chinese, coloured statuses, frozen filtered headers, charts, inert text."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

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
