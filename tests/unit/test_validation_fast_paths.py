"""Each fast path of validation finds what the general path finds: the file-name search for a unit, the stem, header
fields through the cache, the checks skipped by their preconditions, unit cells remembered clean, the parses cached
or inlined, the labels of the 填报单位 and 填报日期 lines (rows screened by their joined texts), a sheet's texts,
task rows told by their number (hypothesis, against the general path)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import PurePath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit import returns_parsing
from xl_toolkit.models import Plan, Role
from xl_toolkit.raw_workbook import RawSheet
from xl_toolkit.registry import UnitRegistry, default_registry
from xl_toolkit.returns_parsing import (
    HEADER_SYNONYMS,
    ROLE_SYNONYMS,
    STATUS_SYNONYMS,
    cell_text,
    find_reported_on,
    find_submitter,
    header_field,
    is_task_row,
    parse_date,
    parse_percent,
    parse_task_number,
)
from xl_toolkit.rules import checks
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.rules.row import RawRow
from xl_toolkit.text import fold, nfkc
from xl_toolkit.validation import _stem, _texts

UNIT = "司法部"


@pytest.fixture(scope="module")
def lookups(plan_2026: Plan) -> Lookups:
    return Lookups.build(plan_2026, default_registry())


def _names(lookups: Lookups) -> list[str]:
    return [key for key, _ in lookups.names if key][:80] + ["知识产权局", "工信部", "國家知識產權局", "海关总署科技司"]


@given(data=st.data())
def test_a_unit_found_in_a_text_is_the_first_name_in_order_found_anywhere(lookups: Lookups,
                                                                         data: st.DataObject) -> None:
    parts = st.one_of(st.sampled_from(_names(lookups)), st.text(alphabet="_-年2026 .总署局部委（）國", max_size=4))
    text = "".join(data.draw(st.lists(parts, max_size=5)))
    folded = fold(text)

    assert lookups.unit_in_text(text) == next((unit for key, unit in lookups.names if key and key in folded), None)


def test_no_unit_is_found_without_names(plan_2026: Plan) -> None:
    empty = Lookups.build(plan_2026, UnitRegistry(()))
    assert empty.names == () and empty.unit_in_text("司法部_2026.xlsx") is None


@given(st.text(alphabet="司法部.xlsx/\\:_ 年", max_size=12) | st.sampled_from([".", "..", "", ".xlsx", "a.", "司法部"]))
def test_a_file_name_stem_is_the_one_its_path_gives(name: str) -> None:
    assert _stem(name) == PurePath(name).stem


def _header_texts() -> st.SearchStrategy[str]:
    words = st.sampled_from([text for texts in HEADER_SYNONYMS.values() for text in texts] + ["完成时限", "备注"])
    return st.builds(str.__add__, words, st.sampled_from(["", "（%）", "\n(必填)", "：", " "])) | st.text(max_size=4)


cell_values = st.one_of(_header_texts(), st.none(), st.just(""), st.integers(-3, 120), st.booleans(),
                        st.floats(allow_nan=True, allow_infinity=True), st.just(dt.datetime(2026, 6, 30)),
                        st.just(["不可散列"]))


@given(st.lists(cell_values, max_size=12))
def test_a_rows_header_fields_are_its_cells_fields(row: list[object]) -> None:
    expected: dict[str, int] = {}
    for col, value in enumerate(row, start=1):
        if (key := header_field(value)) is not None:
            expected.setdefault(key, col)

    assert returns_parsing._header_columns(row) == expected


def _row_cells() -> st.SearchStrategy[dict[str, object]]:
    texts = st.sampled_from(["=1+1", "说明\x01", "按计划推进", "", "长" * 40])
    return st.fixed_dictionaries({
        "number": st.sampled_from([1.0, 7.0, 999.0, "12", "第3项", None, "abc"]),
        "status": st.sampled_from([*STATUS_SYNONYMS, "差不多了", None, ""]),
        "percent": st.sampled_from([0.0, -0.0, 0.5, 60, 100, 100.0, 1.0, 120.0, -5.0, "80%", "100%", "八成", None,
                                    math.nan, math.inf]),
        "progress": st.sampled_from(["", "已印发实施", "按计划推进", None, " "]),
        "lead": st.sampled_from(["国家知识产权局", "司法部", "某某委员会", None]),
        "participants": texts,
    }, optional={"role": st.sampled_from([*ROLE_SYNONYMS, "x", None])})


@given(cells=_row_cells(), every_cell=st.booleans(), formula=st.booleans(),
       sheet_role=st.sampled_from([None, Role.LEAD, Role.PARTICIPANT]), percent_format=st.booleans(),
       unit=st.sampled_from([UNIT, "国家知识产权局", "海关总署", ""]), data=st.data())
def test_checks_skipped_by_their_preconditions_are_only_checks_that_find_nothing_in_the_row(
        lookups: Lookups, cells: dict[str, object], every_cell: bool, formula: bool, sheet_role: Role | None,
        percent_format: bool, unit: str, data: st.DataObject) -> None:
    texts = [task.text for task in lookups.plan.tasks if task.number in ("1", "3", "7", "12")]
    cells["task_text"] = data.draw(st.sampled_from([*texts, texts[0] + " ", "另一项任务的内容", "", None]))
    if data.draw(st.booleans()):  # a task with its units as a clean row writes them (39, 42: owed by every unit)
        task = lookups.tasks[data.draw(st.sampled_from(["1", "3", "6", "7", "12", "39", "42"]))]
        cells.update(number=float(task.number), lead=task.lead, participants="、".join(task.participants))
        unit = data.draw(st.sampled_from([unit, *task.units]))
    others = tuple((chr(65 + i), value, formula and i == 0) for i, value in enumerate(cells.values())) if every_cell \
        else ()
    row = RawRow("f.xlsx", "任务进展", 4, unit, cells, {field: "A" for field in cells}, sheet_role, percent_format,
                 others)

    every_check = [f for check in checks.ROW_CHECKS.values() for f in check(row, lookups)]
    assert checks.run_row_checks(row, lookups) == every_check


_unit_cells = st.sampled_from(["国家知识产权局", "知识产权局", "司法部", "国家知识产权局、司法部", "某某委员会", "", None, 3.0])


@given(st.lists(st.fixed_dictionaries({"number": st.sampled_from([1.0, 2.0, 7.0, 999.0, None]), "lead": _unit_cells},
                                      optional={"participants": _unit_cells,
                                                "task_text": st.sampled_from(["", "另一项任务的内容"])}),
                min_size=1, max_size=6))
def test_unit_cells_remembered_clean_find_what_the_check_finds_afresh(
        plan_2026: Plan, rows: list[dict[str, object]]) -> None:
    registry = default_registry()
    shared = Lookups.build(plan_2026, registry)
    for r, cells in enumerate(rows, start=4):
        for unit in (UNIT, "国家知识产权局"):
            row = RawRow(f"{unit}.xlsx", "任务进展", r, unit, cells, {field: "B" for field in cells})
            remembered = list(checks.check_unit_columns(row, shared))
            afresh = list(checks.check_unit_columns(row, Lookups.build(plan_2026, registry)))  # nothing remembered
            assert remembered == afresh


@given(st.lists(st.lists(cell_values, max_size=6), max_size=5))
def test_a_sheets_texts_are_its_string_cells_in_order(rows: list[list[object]]) -> None:
    texts, joined = _texts(RawSheet("任务进展", rows))

    assert texts == [value for row in rows for value in row if isinstance(value, str)]
    assert joined == "|" + "|".join(texts)


@pytest.mark.parametrize("value", [0.0, -0.0, 0.8, 12.0, 12.5, -3.0, 1e300, math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("percent_format", [False, True])
def test_a_number_cell_reads_as_its_parser_reads_it_to_the_last_bit(value: float, percent_format: bool) -> None:
    row = RawRow("f.xlsx", "任务进展", 4, UNIT, {"number": value, "percent": value}, {}, percent_format=percent_format)

    assert repr(row.number) == repr(parse_task_number(value))
    try:
        assert repr(row.percent) == repr(parse_percent(value, percent_format)) and "percent" not in row.invalid
    except ValueError:
        assert row.percent is None and row.invalid == ("percent",)


@given(st.lists(st.sampled_from([*checks.DONE_WORK, "已完", "印发", "调研", "，"]), max_size=4).map("".join))
def test_the_work_a_progress_text_reports_done_is_the_first_listed_phrase_in_it(text: str) -> None:
    assert checks._done_work(text) == next((word for word in checks.DONE_WORK if word in text), None)


def test_the_tasks_a_unit_owes_progress_on_are_those_owes_progress_names(lookups: Lookups) -> None:
    for unit, owed in lookups.owed.items():
        expected = [(number, role) for number, role in owed.items()
                    if lookups.owes_progress(lookups.tasks[fold(number)], unit)]
        assert [(number, role) for number, _, role in lookups.progress_owed(unit)] == expected


# The 填报单位 and 填报日期 lines as read before their labels were cached: the general path.
def _submitter_in(rows: list[list[object]]) -> tuple[str, int, int] | None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if not isinstance(value, str) or not ("位" in value or "门" in value or "門" in value):
                continue
            match = returns_parsing._SUBMITTER.match(nfkc(value.strip()))
            if match is None:
                continue
            after = match[1]
            written = returns_parsing._strip_seal(returns_parsing._NEXT_LABEL.sub("", after))
            if written:
                return written, r, c
            if returns_parsing._NEXT_LABEL.sub("", after) != after:
                return None
            for c2 in range(c + 1, len(row) + 1):
                text = nfkc(cell_text(row[c2 - 1]))
                if returns_parsing._LABEL_CELL.search(text):
                    return None
                if nxt := returns_parsing._strip_seal(text):
                    return nxt, r, c2
    return None


def _reported_on_in(rows: list[list[object]]) -> dt.date | None:
    for values in rows:
        for c, value in enumerate(values):
            if not isinstance(value, str) or "日期" not in value:
                continue
            match = returns_parsing._DATE_LABEL.search(nfkc(value.strip()))
            if match is None:
                continue
            date = returns_parsing._DATE.search(match[1])
            if date is not None:
                return returns_parsing._date(date)
            if not match[1].strip():
                return next((d for v in values[c + 1:] if (d := parse_date(v)) is not None), None)
    return None


line_cells = st.one_of(
    st.builds(str.__add__, st.sampled_from(["填报单位", "報送單位", "填报部门（盖章）", "单位名称", "\u200b填报单位", " 报送单位",
                                            "日期", "填报日期", "报送日期", "参与单位"]),
              st.sampled_from(["：", ":", "", "： ", "（盖章）："])).flatmap(
        lambda label: st.builds(str.__add__, st.just(label), st.sampled_from(
            ["", "司法部", "司法部（盖章）", "司法部 填报人：张三", "2026年6月30日", "2026-13-40", "见附件", "联系电话：1"]))),
    st.sampled_from(["联系人：", "司法部", "2026/7/1", "", "部门协同", None, 3.0]),
    st.just(dt.datetime(2026, 5, 4)),
)


@given(st.lists(st.lists(line_cells, max_size=5), max_size=4))
def test_the_submitter_and_date_lines_read_as_the_general_path_reads_them(rows: list[list[object]]) -> None:
    line = find_submitter(rows)

    assert (None if line is None else (line.written, line.row, line.column)) == _submitter_in(rows)
    assert find_reported_on(rows) == _reported_on_in(rows)


def _task_row_in(cells: dict[str, object]) -> bool:
    value = cells.get("number")
    if value is not None and not isinstance(value, str):
        return True
    number = fold(cell_text(value))
    if number:
        if returns_parsing._NOTE.match(number):
            return False
        if not returns_parsing._HEADING.match(number):
            return True
    return any(cell_text(cells.get(field)) for field in returns_parsing.REPORTED_FIELDS)


@given(st.fixed_dictionaries({
    "number": st.sampled_from([None, "", "  ", "12", "一、重点任务", "（二）", "第一部分", "备注：无", "合计", "填表人：张三",
                               "说明", "注", 5.0, dt.datetime(2026, 1, 1), "abc"]) | st.text(max_size=3),
    "progress": st.sampled_from(["", " ", "推进中", None]), "status": st.sampled_from(["", None, "已完成"]),
}))
def test_a_task_row_is_told_by_its_number_text_as_the_general_path_tells_it(cells: dict[str, object]) -> None:
    assert is_task_row(cells) is _task_row_in(cells)
