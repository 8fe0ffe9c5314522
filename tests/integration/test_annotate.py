"""Annotated copies: findings' cells filled and commented, 校验结果 first with links, original untouched."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.libreoffice import convert_with_libreoffice
from xl_toolkit.findings import Severity
from xl_toolkit.io.annotate import FILLS, RESULT_SHEET, annotate_report, annotated_name
from xl_toolkit.io.master import load_master
from xl_toolkit.io.samples import write_sample_returns
from xl_toolkit.services.return_validation import validate_paths

UNIT = "司法部"


@pytest.fixture(scope="module")
def annotated(master_2026: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, object]:
    plan, registry = load_master(master_2026)
    root = tmp_path_factory.mktemp("annotate")
    written = write_sample_returns(plan, registry, root / "in", defects={UNIT: ["formula-injection", "invalid-percent",
                                   "task-text-changed"]}, layouts={UNIT: "template"},
                                   withhold=set(plan.units) - {UNIT})
    source = written[UNIT]
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    report = validate_paths([source], master_2026)
    [copy] = annotate_report(report, root / "out")
    return source, copy, digest, report


def test_original_is_never_modified(annotated: tuple[Path, Path, str, object]) -> None:
    source, copy, digest, _ = annotated
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest
    assert copy.name == annotated_name(source) and copy.parent != source.parent


def test_cells_filled_and_commented_and_results_sheet_first(annotated: tuple[Path, Path, str, object]) -> None:
    _, copy, _, report = annotated
    wb = load_workbook(copy)
    assert wb.sheetnames[0] == RESULT_SHEET
    findings = report.findings  # type: ignore[attr-defined]
    ws = wb["任务进展"]
    for f in findings:
        cell = ws[f.cell]
        assert cell.comment is not None and f.message in cell.comment.text
        expected = FILLS[Severity.ERROR] if f.severity is Severity.ERROR else FILLS[f.severity]
        assert cell.fill.fgColor.rgb.endswith(expected.fgColor.rgb[-6:])
    results = wb[RESULT_SHEET]
    listed = [(r[4].value, r[2].value, r[2].hyperlink.location if r[2].hyperlink else None)
              for r in results.iter_rows(min_row=2)]
    assert sorted(code for code, _, _ in listed) == sorted(f.code for f in findings)
    assert all(location == f"'任务进展'!{cell}" for _, cell, location in listed)


def test_formula_like_text_is_written_inert(annotated: tuple[Path, Path, str, object]) -> None:
    _, copy, _, report = annotated
    [f] = [f for f in report.findings if f.code == "formula-injection"]  # type: ignore[attr-defined]
    cell = load_workbook(copy)["任务进展"][f.cell]
    assert cell.data_type == "s" and cell.value == "'+1+1"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_copy_and_keeps_escaped_text_as_text(annotated: tuple[Path, Path, str, object],
                                                                  tmp_path: Path) -> None:
    _, copy, _, report = annotated
    [f] = [f for f in report.findings if f.code == "formula-injection"]  # type: ignore[attr-defined]
    resaved = load_workbook(convert_with_libreoffice(copy, "xlsx", tmp_path / "lo"))
    cell = resaved["任务进展"][f.cell]
    assert (cell.data_type, cell.value) == ("s", "'+1+1")
    assert resaved.sheetnames[0] == RESULT_SHEET
    first = list(csv.reader(convert_with_libreoffice(copy, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "csv").read_text(
        encoding="utf-8", errors="replace").splitlines()))
    assert first[0][:3] == ["序号", "工作表", "单元格"] and len(first) == len(report.findings) + 1  # type: ignore[attr-defined]
