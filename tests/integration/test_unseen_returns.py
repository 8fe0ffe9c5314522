"""Returns laid out as real clerks lay them out, none from our templates: each is read with no error, its rows
parsed as a liaison officer would read them, and mistakes planted in it are still caught at the right cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.unseen_returns import LAYOUTS, Built
from xl_toolkit.findings import Severity
from xl_toolkit.io.master import load_master
from xl_toolkit.returns import ReturnFile
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.services.return_validation import validate_file


@pytest.fixture(scope="module")
def lookups(master_2026: Path) -> Lookups:
    return Lookups.build(*load_master(master_2026))


def _validate(name: str, directory: Path, lookups: Lookups, faults: bool = False) -> tuple[Built, ReturnFile]:
    build, unit = LAYOUTS[name]
    built = build(directory, lookups, unit, faults)
    return built, validate_file(built.path, lookups)


@pytest.mark.parametrize("name", LAYOUTS)
def test_correctly_filled_return_reads_without_error(name: str, tmp_path: Path, lookups: Lookups) -> None:
    built, result = _validate(name, tmp_path, lookups)
    problems = [(f.sheet, f.row, f.column, f.code, f.message) for f in result.all_findings
                if f.severity is not Severity.INFO]
    assert problems == []
    assert (result.unit, result.reported_on) == (built.unit, built.reported_on)
    assert {r.task: (r.status, r.percent) for r in result.rows} == built.expected
    assert all(r.progress for r in result.rows if r.status is not None)


@pytest.mark.parametrize("name", LAYOUTS)
def test_planted_mistakes_are_caught_at_their_cells(name: str, tmp_path: Path, lookups: Lookups) -> None:
    built, result = _validate(name, tmp_path, lookups, faults=True)
    codes = {code for code, *_ in built.faults}
    found = {(f.code, f.sheet, f.row, f.column) for f in result.all_findings if f.code in codes}
    assert found == set(built.faults)
    assert result.unit == built.unit


def test_role_written_under_responsibility_column_is_checked_against_the_master(tmp_path: Path,
                                                                               lookups: Lookups) -> None:
    build, unit = LAYOUTS["role-words-under-responsibility"]
    built = build(tmp_path, lookups, unit)
    wb = load_workbook(built.path)
    ws = wb.active
    assert ws is not None
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 3).value == "牵头")
    ws.cell(row, 3).value = "配合"
    wb.save(built.path)
    result = validate_file(built.path, lookups)
    assert [(f.row, f.column, f.code) for f in result.all_findings if f.severity is Severity.ERROR] == [
        (row, "C", "role-mismatch")]


def test_part_heading_row_with_progress_written_in_it_is_still_flagged(tmp_path: Path, lookups: Lookups) -> None:
    build, unit = LAYOUTS["parts-blanks-and-notes"]
    built = build(tmp_path, lookups, unit)
    wb = load_workbook(built.path)
    ws = wb.active
    assert ws is not None
    ws.unmerge_cells("A3:I3")
    assert str(ws["A3"].value).startswith("一、")
    ws["F3"] = "已完成"
    wb.save(built.path)
    result = validate_file(built.path, lookups)
    assert [(f.row, f.column, f.code) for f in result.all_findings if f.severity is Severity.ERROR] == [
        (3, "A", "unknown-task")]
