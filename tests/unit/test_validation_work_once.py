"""Validation works each thing out once (parsed fields, task look-ups, unit lists) with the same outcome, and its
caches stay bounded over a batch."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit.inert import has_control_characters
from xl_toolkit.models import Plan
from xl_toolkit.registry import UnitRegistry, default_registry
from xl_toolkit.returns_parsing import parse_percent, parse_role, parse_status, parse_task_number
from xl_toolkit.rules import lookups as lookups_module
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.rules.row import RawRow
from xl_toolkit.validation import validate_sheets

from .validation_fixtures import FIRST_ROW, clean_rows, column, workbook

UNIT = "司法部"
cell_values = st.one_of(
    st.none(), st.booleans(), st.integers(-200, 200), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["已完成", "推进中", "进行中。", "基本完成", "牵头", "配合", "主办单位", "80%", "约80%", "０.５",
                     "第12项", "12.", " 7 ", "", "  ", "八十"]),
    st.text(max_size=6),
)


@pytest.fixture(scope="module")
def lookups(plan_2026: Plan) -> Lookups:
    return Lookups.build(plan_2026, default_registry())


def _outcome(parse: object, *args: object) -> tuple[object, bool]:
    try:
        return parse(*args), False  # type: ignore[operator]
    except ValueError:
        return None, True


@given(number=cell_values, status=cell_values, percent=cell_values, role=cell_values, percent_format=st.booleans())
def test_a_row_holds_what_each_parser_makes_of_its_cell(
    number: object, status: object, percent: object, role: object, percent_format: bool
) -> None:
    cells = {"number": number, "status": status, "percent": percent, "role": role}
    row = RawRow("f.xlsx", "任务进展", 4, UNIT, cells, {}, percent_format=percent_format)

    assert row.number == parse_task_number(number)
    for field, parsed in (("status", _outcome(parse_status, status)), ("role", _outcome(parse_role, role)),
                          ("percent", _outcome(parse_percent, percent, percent_format))):
        value, unreadable = parsed
        assert getattr(row, "written_role" if field == "role" else field) == value
        assert (field in row.invalid) is unreadable


def test_a_row_without_a_role_column_has_no_written_role() -> None:
    row = RawRow("f.xlsx", "任务进展", 4, UNIT, {"number": 1.0, "status": "完成"}, {})
    assert row.written_role is None and row.invalid == () and row.text("role") == ""


def test_a_row_looks_its_task_up_again_for_another_master(lookups: Lookups, plan_2026: Plan) -> None:
    task = next(t for t in plan_2026.tasks if t.lead == UNIT)
    shorter = plan_2026.model_copy(update={"tasks": tuple(t for t in plan_2026.tasks if t is not task)})
    other = Lookups.build(shorter, default_registry())
    row = RawRow("f.xlsx", "任务进展", 4, UNIT, {"number": task.number}, {})

    assert row.task(lookups) is task and row.role(lookups) is not None
    assert row.task(other) is None and row.role(other) is None
    assert row.task(lookups) is task


def _with_mistakes(lookups: Lookups) -> list[list[object]]:
    rows = clean_rows(lookups, UNIT)
    rows[FIRST_ROW][column("完成状态")] = "差不多了"
    rows[FIRST_ROW + 1][column("序号")] = 999.0
    rows[FIRST_ROW + 2][column("牵头单位")] = "知识产权局、某某委员会"
    rows[FIRST_ROW + 3][column("完成进度（%）")] = "八成"
    rows[FIRST_ROW + 4][column("进展情况")] = "=1+1"
    return rows


@pytest.mark.parametrize(("case", "name"), [
    ("clean", "司法部.xlsx"), ("mistakes", "司法部.xlsx"), ("no unit", "报送表.xlsx"), ("no header", "司法部.xlsx"),
])
def test_a_return_validated_without_rows_is_the_full_result_without_rows(lookups: Lookups, case: str,
                                                                          name: str) -> None:
    rows = clean_rows(lookups, UNIT) if case == "clean" else _with_mistakes(lookups)
    if case == "no unit":
        rows[1] = [None] * len(rows[1])
    if case == "no header":
        rows = rows[FIRST_ROW:]
    full = validate_sheets(workbook(rows), lookups, name)
    lean = validate_sheets(workbook(rows), lookups, name, keep_rows=False)

    assert lean == full.without_rows()
    assert lean.model_dump_json() == full.without_rows().model_dump_json()
    assert lean.rows == () and lean.rows_read == len(full.rows)
    assert case == "clean" or lean.findings


def test_unit_lists_are_resolved_with_unknown_names_and_aliases_to_report(lookups: Lookups) -> None:
    listed = lookups.resolve_list("司法部、某某委员会，知识产权局")
    assert [r.written for r in listed.resolutions] == ["司法部", "某某委员会", "知识产权局"]
    assert [(r.written, r.canonical) for r in listed.notes] == [("某某委员会", None), ("知识产权局", "国家知识产权局")]
    assert listed.canonical is None
    assert lookups.resolve_list("司法部、知识产权局").canonical == ("司法部", "国家知识产权局")
    assert lookups.resolve_list(None).canonical is None and lookups.resolve_list("").resolutions == ()


def test_lookup_caches_stay_bounded_over_a_batch(monkeypatch: pytest.MonkeyPatch, registry: UnitRegistry,
                                                 plan_2026: Plan) -> None:
    monkeypatch.setattr(lookups_module, "CACHE_LIMIT", 5)
    lookups = Lookups.build(plan_2026, registry)
    for n in range(40):
        assert lookups.resolve_list(f"司法部、单位{n}").canonical is None
        assert lookups.resolve(f"单位{n}").canonical is None
        assert len(lookups._resolved_lists) <= 5 and len(lookups._resolved) <= 5
    assert lookups.resolve_list("司法部").canonical == ("司法部",)


@given(st.text(alphabet=st.characters(max_codepoint=0x3100), max_size=12))
def test_control_characters_are_found_in_any_text(text: str) -> None:
    assert has_control_characters(text) is (re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text) is not None)
