"""Return templates: one per unit, its tasks and role, the familiar form, input cells open and validated."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from xl_toolkit.assignments import assignments
from xl_toolkit.layout import RETURN_HEADERS, RETURN_SHEET
from xl_toolkit.models import Plan
from xl_toolkit.registry import UnitRegistry
from xl_toolkit.services.plan_import import generate_return_templates


@pytest.fixture(scope="module")
def templates(master_2026: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return generate_return_templates(master_2026, tmp_path_factory.mktemp("returns"))


def test_one_template_per_unit_that_owes_a_return(templates: dict[str, Path], plan_2026: Plan) -> None:
    assert set(templates) == set(plan_2026.units) - {"联席会议各成员单位"}
    assert templates["国家知识产权局"].name == "国家知识产权局.xlsx"


def test_template_lists_the_units_tasks_with_roles(
    templates: dict[str, Path], plan_2026: Plan, registry: UnitRegistry
) -> None:
    ws = load_workbook(templates["税务总局"])[RETURN_SHEET]
    rows = [tuple(c.value for c in row[:5]) for row in ws.iter_rows(min_row=4)]
    numbers = [r[0] for r in rows]
    assert 17 in numbers
    assert rows[numbers.index(17)][2:5] == ("财政部", "税务总局", "参与")
    expected = [int(t.number) for t, _ in assignments(plan_2026, registry)["税务总局"]]
    assert numbers == expected


def test_members_of_the_collective_take_part_in_its_tasks(templates: dict[str, Path]) -> None:
    ws = load_workbook(templates["司法部"])[RETURN_SHEET]
    roles = {row[0].value: row[4].value for row in ws.iter_rows(min_row=4)}
    assert roles[9] == "参与" and roles[103] == "参与" and roles[1] == "参与" and roles[81] == "牵头"


def test_template_form_as_clerks_know_it(templates: dict[str, Path]) -> None:
    ws = load_workbook(templates["国家知识产权局"])[RETURN_SHEET]
    assert "任务进展报送表" in ws["A1"].value and "A1:J1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "填报单位：国家知识产权局（盖章）"
    assert (ws["E2"].value, ws["G2"].value) == ("填报人：", "联系电话：")
    assert tuple(c.value for c in ws[3]) == RETURN_HEADERS
    assert ws.freeze_panes == "C4"


def test_given_columns_locked_input_columns_open_with_validation(templates: dict[str, Path]) -> None:
    ws = load_workbook(templates["国家知识产权局"])[RETURN_SHEET]
    assert ws.protection.sheet
    assert ws["B4"].protection.locked and ws["E4"].protection.locked
    assert not any(ws.cell(row=4, column=c).protection.locked for c in range(6, 11))
    rules = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert rules["G4"].type == "list" and "已完成" in rules["G4"].formula1 and "滞后" in rules["G4"].formula1
    assert (rules["H4"].type, rules["H4"].formula1, rules["H4"].formula2) == ("decimal", "0", "100")
