"""Each validation rule caught where it should be, on in-memory returns, and silent on clean rows."""

from __future__ import annotations

import pytest

from xl_toolkit.findings import Severity
from xl_toolkit.models import AssignmentMode, Plan, Role
from xl_toolkit.registry import UnitRegistry
from xl_toolkit.returns import FileStatus
from xl_toolkit.rules.catalogue import CATALOGUE
from xl_toolkit.rules.checks import RETURN_CHECKS, ROW_CHECKS
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.validation import Report, validate_sheets

from .validation_fixtures import FIRST_ROW, clean_rows, column, workbook


@pytest.fixture(scope="module")
def lookups(plan_2026: Plan) -> Lookups:
    from xl_toolkit.registry import default_registry

    return Lookups.build(plan_2026, default_registry())


def codes(lookups: Lookups, rows: list[list[object]], name: str = "司法部.xlsx", **options: object) -> list[tuple]:
    result = validate_sheets(workbook(rows, **options), lookups, name)
    return Report(files=(result,)).flatten(("row", "column", "code"))


def first_lead_row(lookups: Lookups, unit: str) -> int:
    """0-based index in clean_rows of the unit's first lead task."""
    roles = list(lookups.owed[unit].values())
    return FIRST_ROW - 1 + roles.index(Role.LEAD)


def test_every_registered_check_yields_only_catalogued_codes() -> None:
    registered = {code for codes_ in (*ROW_CHECKS, *RETURN_CHECKS) for code in codes_}
    assert registered <= set(CATALOGUE)


@pytest.mark.parametrize("unit", ["司法部", "国家知识产权局", "中央宣传部", "联席会议办公室", "外交部"])
def test_clean_return_has_no_finding(lookups: Lookups, unit: str) -> None:
    result = validate_sheets(workbook(clean_rows(lookups, unit)), lookups, "报送.xlsx")
    assert result.unit == unit and result.status is FileStatus.OK
    assert result.all_findings == ()
    assert len(result.rows) == len(lookups.owed[unit])


def test_unknown_and_unassigned_task_numbers(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    rows.append(["999", "某项任务", "", "", "参与", "", "", None, "", ""])
    unassigned = next(n for n in lookups.tasks if n not in lookups.owed["司法部"])
    rows.append([unassigned, "", "", "", "", "已开展", "推进中", 50, "", ""])
    n = len(rows)
    assert codes(lookups, rows) == [(n - 1, "A", "unknown-task"), (n, "A", "not-assigned")]


def test_role_column_contradicting_the_master(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    index = first_lead_row(lookups, "司法部")
    rows[index][column("本单位角色")] = "配合"
    assert codes(lookups, rows) == [(index + 1, "E", "role-mismatch")]


def test_lead_column_differing_from_master_and_aliases_normalised(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    rows[3][column("牵头单位")] = "财政部"
    rows[4][column("牵头单位")] = {"中央宣传部": "中宣部", "国家知识产权局": "国知局"}.get(str(rows[4][2]), rows[4][2])
    found = codes(lookups, rows)
    assert (4, "C", "role-mismatch") in found
    assert all(code != "role-mismatch" for row, _, code in found if row == 5)


def _single_unit_column(rows: list[list[object]]) -> list[list[object]]:
    """The template rows with 牵头单位 headed 责任单位 listing every unit, and no 参与单位 column."""
    lead, participants = column("牵头单位"), column("参与单位")
    rows[2][lead] = "责任单位"
    for row in rows[3:]:
        row[lead] = "、".join(str(v) for v in (row[lead], row[participants]) if v)
    return [row[:participants] + row[participants + 1:] for row in rows]


def test_a_responsible_units_column_listing_every_unit_lead_first_is_accepted(lookups: Lookups) -> None:
    rows = _single_unit_column(clean_rows(lookups, "司法部"))
    assert [code for _, _, code in codes(lookups, rows)] == []


def test_a_responsible_units_column_with_another_lead_first_is_role_mismatch(lookups: Lookups) -> None:
    rows = _single_unit_column(clean_rows(lookups, "司法部"))
    task_1 = next(i for i, row in enumerate(rows) if row[0] == 1.0)
    rows[task_1][column("牵头单位")] = "司法部、国家知识产权局"
    assert (task_1 + 1, "C", "role-mismatch") in codes(lookups, rows)


def test_one_character_typo_is_unknown_unit_with_suggestion(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "中央宣传部")
    rows[3][column("参与单位")] = "司发部"
    result = validate_sheets(workbook(rows), lookups, "x.xlsx")
    [found] = result.all_findings
    assert (found.code, found.cell, found.suggestion) == ("unknown-unit", "D4", "司法部")


def test_duplicate_task_points_at_the_second_row(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    rows.append(list(rows[3]))
    assert codes(lookups, rows) == [(len(rows), "A", "duplicate-task")]


def test_task_text_change_says_what_changed(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    rows[3][column("任务内容")] = str(rows[3][1]).replace("加快", "") + "（已调整）"
    result = validate_sheets(workbook(rows), lookups, "司法部.xlsx")
    [found] = result.all_findings
    assert found.code == "task-text-changed" and found.severity is Severity.WARNING
    assert "删去“加快”" in found.message and "增加“（已调整）”" in found.message


def test_task_text_differing_only_in_width_and_spaces_is_accepted(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    rows[3][column("任务内容")] = " " + str(rows[3][1]).replace("，", ",") + " "
    assert codes(lookups, rows) == []


@pytest.mark.parametrize(("status", "percent", "expected"), [
    ("基本完成", 50, ["invalid-status"]),
    ("推进中", "八成", ["invalid-percent"]),
    ("推进中", 120, ["invalid-percent"]),
    ("推进中", -1, ["invalid-percent"]),
    ("已完成", 80, ["inconsistent-status"]),
    ("推进中", 100, ["inconsistent-status"]),
    ("未启动", 30, ["inconsistent-status"]),
    ("完成", "100%", []),
    ("正在推进", 0, []),
    ("尚未启动", None, []),
    ("进度滞后", "45", []),
])
def test_status_and_percent(lookups: Lookups, status: str, percent: object, expected: list[str]) -> None:
    rows = clean_rows(lookups, "司法部")
    index = first_lead_row(lookups, "司法部")
    rows[index][column("完成状态")], rows[index][column("完成进度（%）")] = status, percent
    if status in ("尚未启动",):
        rows[index][column("进展情况")] = "尚未启动，正在研究。"
    assert [code for _, _, code in codes(lookups, rows)] == expected


def test_not_started_with_done_work_described(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    index = first_lead_row(lookups, "司法部")
    rows[index][5:8] = ["相关办法已印发实施。", "未启动", 0]
    assert codes(lookups, rows) == [(index + 1, "G", "inconsistent-status")]


def test_progress_owed_by_lead_and_by_every_unit_of_by_duty_tasks(lookups: Lookups, plan_2026: Plan) -> None:
    by_duty = next(t for t in plan_2026.tasks if t.mode is AssignmentMode.BY_DUTY and t.participants)
    unit = by_duty.participants[0]
    rows = clean_rows(lookups, unit)
    numbers = list(lookups.owed[unit])
    index = FIRST_ROW - 1 + numbers.index(by_duty.number)
    rows[index][column("进展情况")] = ""
    assert codes(lookups, rows, f"{unit}.xlsx") == [(index + 1, "F", "missing-progress")]


def test_participant_of_a_responsible_task_owes_no_progress(lookups: Lookups, plan_2026: Plan) -> None:
    rows = clean_rows(lookups, "司法部")
    participant = [i for i, (n, r) in enumerate(lookups.owed["司法部"].items())
                   if r is Role.PARTICIPANT and lookups.tasks[n].mode is AssignmentMode.RESPONSIBLE]
    assert participant, "fixture needs a 负责-mode participant task"
    assert rows[FIRST_ROW - 1 + participant[0]][column("进展情况")] == ""
    assert codes(lookups, rows) == []


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "@SUM(A1:A2)", "-cmd|' /C calc'!A0"])
def test_formula_like_text_is_flagged(lookups: Lookups, text: str) -> None:
    rows = clean_rows(lookups, "司法部")
    rows[3][column("存在问题")] = text
    assert codes(lookups, rows) == [(4, "I", "formula-injection")]


def test_text_starting_with_a_dash_is_not_flagged(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    rows[3][column("存在问题")] = "-部门协同有待加强；-经费不足"
    assert codes(lookups, rows) == []


def test_formula_cell_is_flagged_even_with_a_harmless_cached_value(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    assert codes(lookups, rows, formulas=frozenset({(4, 8), (1, 1)})) == [(1, "A", "formula-injection"),
                                                                          (4, "H", "formula-injection")]


def test_percent_formatted_fraction_is_percent(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    index = first_lead_row(lookups, "司法部")
    rows[index][column("完成进度（%）")] = 0.8
    result = validate_sheets(workbook(rows, percent_cells=frozenset({(index + 1, 8)})), lookups, "x.xlsx")
    assert result.rows[index - 3].percent == pytest.approx(80)


def test_submitter_from_file_name_alias_then_default(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "中央宣传部")
    rows[1][0] = None
    assert validate_sheets(workbook(rows), lookups, "2026_中宣部_进展.xlsx").unit == "中央宣传部"
    assert validate_sheets(workbook(rows), lookups, "进展.xlsx", default_unit="中宣部").unit == "中央宣传部"
    unknown = validate_sheets(workbook(rows), lookups, "进展.xlsx")
    assert (unknown.unit, unknown.rows, [f.code for f in unknown.findings]) == (None, (), ["unknown-submitter"])


def test_alias_in_submitter_line_is_info(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "中央宣传部")
    rows[1][0] = "填报单位：中宣部（盖章）"
    result = validate_sheets(workbook(rows), lookups, "x.xlsx")
    assert result.unit == "中央宣传部" and result.status is FileStatus.OK
    assert [(f.code, f.cell, f.severity) for f in result.findings] == [("alias-unit", "A2", Severity.INFO)]


def test_a_department_of_a_unit_on_the_submitter_line_is_that_unit(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "工业和信息化部")
    rows[1][0] = "填报单位（盖章）：工信部科技司"
    result = validate_sheets(workbook(rows), lookups, "x.xlsx")
    assert result.unit == "工业和信息化部" and result.status is FileStatus.OK
    assert [(f.code, f.cell, f.suggestion) for f in result.findings] == [("alias-unit", "A2", "工业和信息化部")]


def test_an_unknown_name_on_the_submitter_line_is_unknown_unit(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    rows[1][0] = "填报单位：国加知识产权局"
    result = validate_sheets(workbook(rows), lookups, "x.xlsx")
    assert ("unknown-unit", "A2", "国家知识产权局") in [(f.code, f.cell, f.suggestion) for f in result.all_findings]


def test_missing_header_is_one_finding(lookups: Lookups) -> None:
    result = validate_sheets(workbook([["标题"], ["a", "b"], [1, 2]]), lookups, "x.xlsx")
    assert [f.code for f in result.all_findings] == ["header-not-found"]
    assert result.status is FileStatus.WITH_ERRORS


def test_omitted_lead_task_is_missing_task_warning(lookups: Lookups) -> None:
    rows = clean_rows(lookups, "司法部")
    index = first_lead_row(lookups, "司法部")
    number = str(int(rows[index][0]))  # type: ignore[call-overload]
    del rows[index]
    result = validate_sheets(workbook(rows), lookups, "司法部.xlsx")
    assert [(f.code, f.task, f.severity) for f in result.all_findings] == [("missing-task", number, Severity.WARNING)]


def test_registry_units_and_typos(lookups: Lookups, plan_2026: Plan, registry: UnitRegistry) -> None:
    assert len(plan_2026.units) == 39
    for unit in plan_2026.units:
        assert registry.resolve(unit).canonical == unit
        for alias in registry.get(unit).aliases:  # type: ignore[union-attr]
            assert registry.resolve(alias).canonical == unit
        for position in range(len(unit)):
            typo = unit[:position] + "甲" + unit[position + 1:]
            rows = clean_rows(lookups, "司法部")
            rows[3][column("参与单位")] = typo
            found = [f for f in validate_sheets(workbook(rows), lookups, "x.xlsx").all_findings]
            assert [(f.code, f.suggestion) for f in found] == [("unknown-unit", unit)], typo
