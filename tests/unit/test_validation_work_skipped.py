"""Work validation skips finds what the general path finds: sheets screened for the 填报单位 label, the rest of a
return once most of its rows fit the plan, and row records made without validating them again (hypothesis)."""

from __future__ import annotations

import re
import unicodedata
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_toolkit import validation
from xl_toolkit.models import Plan, Role, Status
from xl_toolkit.raw_workbook import RawSheet, RawWorkbook
from xl_toolkit.registry import default_registry
from xl_toolkit.returns import ReturnRow
from xl_toolkit.returns_parsing import _LABEL_OPENERS, find_submitter, submitter_openings
from xl_toolkit.rules import checks
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.rules.row import RawRow
from xl_toolkit.text import nfkc
from xl_toolkit.validation import _texts, validate_sheets

from .validation_fixtures import FIRST_ROW, clean_rows

UNIT = "司法部"
#: What may stand before a label once its cell is stripped and normalised: whitespace, invisible characters, marks.
_BEFORE = st.text(alphabet=st.sampled_from(" \t\n\u3000\u00a0\u200b\u2060\ufeff\u00ad\u0301¨|a"), max_size=3)
_LABELS = st.sampled_from(["填报单位：", "報送單位", "填报部门（盖章）：", "单位名称", "\U0002f857送单位：", "联系单位：", "填报人：", ""])
_AFTER = st.sampled_from(["司法部", "司法部（盖章）", "", "国家知识产权局 填报人：张三", "知识产权局"])
label_cells = st.builds(lambda *parts: "".join(parts), _BEFORE, _LABELS, _AFTER)


@pytest.fixture(scope="module")
def lookups(plan_2026: Plan) -> Lookups:
    return Lookups.build(plan_2026, default_registry())


def test_the_label_openers_are_every_character_normalising_to_one_the_label_opens_with() -> None:
    openers = {c for c in map(chr, range(0x110000)) if unicodedata.normalize("NFKC", c)[:1] in "填报報单單"}
    assert openers == set(_LABEL_OPENERS)
    assert all(re.fullmatch(r"\s", c) for c in map(chr, range(0x3001)) if c.isspace())  # what str.strip strips
    assert not any(c.isspace() for c in map(chr, range(0x3001, 0x110000)))


@given(st.lists(st.lists(label_cells | st.sampled_from([None, 3.0, "部门协同"]), max_size=4), max_size=4))
def test_rows_whose_texts_hold_no_label_opening_hold_no_submitter_line(rows: list[list[object]]) -> None:
    _, joined = _texts(RawSheet("任务进展", rows))

    if submitter_openings("|").search(joined) is None:
        assert find_submitter(rows) is None
        assert not any(re.match(r"(?:填报|报送)", nfkc(v.strip())) for row in rows for v in row if isinstance(v, str))


@settings(max_examples=150)
@given(data=st.data(), keep_rows=st.booleans(), name=st.sampled_from([f"{UNIT}.xlsx", "报送表.xlsx", "海关总署.xlsx"]))
def test_sheets_screened_for_the_submitter_label_give_the_unit_the_general_path_gives(
        lookups: Lookups, data: st.DataObject, keep_rows: bool, name: str) -> None:
    sheets = []
    for title in data.draw(st.lists(st.sampled_from(["任务进展", "牵头任务", "参与任务"]), min_size=1, max_size=3,
                                    unique=True)):
        rows = clean_rows(lookups, UNIT)
        rows[1] = [data.draw(label_cells), data.draw(label_cells | st.none()), *rows[1][2:]]
        below = data.draw(st.lists(st.lists(label_cells | st.none(), max_size=3), max_size=2))
        sheets.append(RawSheet(title, rows[:FIRST_ROW + 2] + below + rows[FIRST_ROW + 2:]))
    workbook = RawWorkbook(tuple(sheets))

    screened = validate_sheets(workbook, lookups, name, keep_rows=keep_rows)
    with mock.patch.object(validation, "_SUBMITTER_OPENINGS", re.compile("")):  # every sheet searched
        searched = validate_sheets(workbook, lookups, name, keep_rows=keep_rows)

    assert screened.model_dump_json() == searched.model_dump_json()


def _astray_general(rows: list[RawRow], lookups: Lookups) -> list[RawRow]:
    return [row for row in rows if row.number and (
        (task := row.task(lookups)) is None or checks._about_another_task(row, lookups, task))]


@settings(max_examples=300)
@given(data=st.data(), unit=st.sampled_from([UNIT, UNIT, "国家知识产权局", ""]))
def test_a_return_is_taken_for_another_plans_as_all_its_rows_tell(lookups: Lookups, data: st.DataObject,
                                                                  unit: str) -> None:
    texts = [lookups.tasks[number].text for number in ("1", "3", "7")]  # 司法部's tasks: fitting rows, as a rule
    cells = st.fixed_dictionaries({
        "number": st.sampled_from([1.0, 3.0, 7.0, 2.0, 999.0, None, "abc"]),
        "task_text": st.sampled_from([*texts, "完全不同的另一项任务内容", ""]),
    })
    rows = [RawRow(f"{unit}.xlsx", "任务进展", r, unit, found, {"number": "A", "task_text": "B"})
            for r, found in enumerate(data.draw(st.lists(cells, max_size=9)), start=4)]

    astray = _astray_general(rows, lookups)
    numbered = [row for row in rows if row.number]
    expected = [(astray[0].row, len(astray))] if len(astray) >= 3 and 2 * len(astray) >= len(numbered) else []
    found = list(checks.check_other_plan(rows, lookups, unit))
    assert [(f.row, f.message) for f in found] == [(None, checks.finding(
        "other-plan", file=astray[0].file, sheet=astray[0].sheet, unit=unit, count=count).message)
        for _, count in expected]


@given(number=st.sampled_from([1.0, 7.0, "12", "第3项", None, "abc", 999.0]),
       status=st.sampled_from(["已完成", "推进中", "差不多", None, 3.0]),
       percent=st.sampled_from([0.0, -0.0, 0.5, 60, 100.0, 120.0, -5.0, "80%", "八成", None]),
       texts=st.lists(st.sampled_from([" 按计划推进 ", "", None, 12.0, 3, "=1+1", "\u3000"]), min_size=4, max_size=4),
       role=st.sampled_from(["牵头", "配合", "x", None]), sheet_role=st.sampled_from([None, Role.LEAD]),
       percent_format=st.booleans(), unit=st.sampled_from([UNIT, "国家知识产权局"]))
def test_a_row_record_is_the_one_validation_would_make(
        lookups: Lookups, number: object, status: object, percent: object, texts: list[object], role: object,
        sheet_role: Role | None, percent_format: bool, unit: str) -> None:
    cells = dict(zip(("task_text", "progress", "problems", "next_steps"), texts, strict=True))
    cells.update(number=number, status=status, percent=percent, role=role)
    row = RawRow("f.xlsx", "任务进展", 5, unit, cells, {}, sheet_role, percent_format)
    findings = tuple(checks.run_row_checks(row, lookups))

    record = validation._return_row(row, findings, lookups)
    validated = ReturnRow(**record.__dict__)

    assert record == validated and repr(record) == repr(validated)
    assert record.model_dump_json() == validated.model_dump_json()
    assert record.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert [type(v) for v in record.__dict__.values()] == [type(v) for v in validated.__dict__.values()]
    assert record.status is None or isinstance(record.status, Status)
