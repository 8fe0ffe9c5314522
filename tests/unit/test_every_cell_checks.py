"""The checks over every cell (formula-injection, text-too-long, control-characters) find the same when validation
rules a sheet out at once: a sheet with nothing they could report is validated without listing every cell."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_toolkit import validation
from xl_toolkit.inert import MAX_CELL_TEXT
from xl_toolkit.models import Plan
from xl_toolkit.raw_workbook import RawSheet, RawWorkbook
from xl_toolkit.registry import default_registry
from xl_toolkit.returns import ReturnFile
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.validation import validate_sheets

from .validation_fixtures import FIRST_ROW, clean_rows

UNIT = "司法部"
#: Texts near the edges: formula-like or nearly so, a separator inside, control characters, whitespace first.
EDGE_TEXTS = ["=1+1", "=SUM(A1:A3)", "+1+1", "@SUM(A1)", " =A1", "\n\t-cmd|' /C calc'!A0", "=", "-5", "-完成调研",
              "+", "按计划推进", "a|=b", "第一行\n=第二行", "|", "说明\x01", "\x0b", "进展\r\n", "填报日期：2026年6月30日"]
texts = st.one_of(
    st.builds(str.__add__, st.sampled_from(["", "", " ", "\n\t", "\r\n "]), st.sampled_from(EDGE_TEXTS)),
    st.sampled_from([MAX_CELL_TEXT, MAX_CELL_TEXT + 1]).map(lambda n: "长" * n),
    st.text(alphabet=st.sampled_from("=+-@ \t\r\n|a1(（进展\x00\x01\x1f\x7f"), max_size=6),
)
values = st.one_of(texts, st.none(), st.floats(-5, 200), st.integers(-3, 3))


@pytest.fixture(scope="module")
def lookups(plan_2026: Plan) -> Lookups:
    return Lookups.build(plan_2026, default_registry())


def _validated(rows: list[list[object]], formulas: frozenset[tuple[int, int]], lookups: Lookups,
               keep_rows: bool) -> ReturnFile:
    sheets = RawWorkbook((RawSheet("任务进展", rows, formulas=formulas),))
    return validate_sheets(sheets, lookups, f"{UNIT}.xlsx", keep_rows=keep_rows)


@settings(max_examples=150)
@given(data=st.data(), keep_rows=st.booleans())
def test_ruling_a_sheet_out_hides_no_finding(lookups: Lookups, data: st.DataObject, keep_rows: bool) -> None:
    rows = clean_rows(lookups, UNIT) + data.draw(st.lists(st.lists(values, max_size=11), max_size=2))
    places = st.tuples(st.integers(0, len(rows) - 1), st.integers(0, len(rows[FIRST_ROW]) - 1))
    for r, c in data.draw(st.lists(places, max_size=4)):
        if c < len(rows[r]):
            rows[r][c] = data.draw(values)
    formulas = frozenset((r + 1, c + 1) for r, c in data.draw(st.lists(places, max_size=2)))

    shortcut = _validated(rows, formulas, lookups, keep_rows)
    with mock.patch.object(validation, "_may_draw_cell_findings", lambda texts, joined: True):
        every_cell = _validated(rows, formulas, lookups, keep_rows)

    assert shortcut.model_dump_json() == every_cell.model_dump_json()


@pytest.mark.parametrize(("written", "may_draw"), [
    ("按计划推进", False), ("-完成调研", False), ("-5", False), ("a|=b", False), (" 进展", False), ("进展\n下一步", False),
    ("=1+1", True), (" \n=A1", True), ("@SUM(A1)", True), ("说明\x01", True), ("长" * (MAX_CELL_TEXT + 1), True),
])
def test_a_sheet_is_ruled_out_only_when_no_text_could_be_reported(lookups: Lookups, written: str,
                                                                   may_draw: bool) -> None:
    rows = clean_rows(lookups, UNIT)
    rows[FIRST_ROW][-1] = written
    texts, joined = validation._texts(RawSheet("任务进展", rows))

    assert validation._may_draw_cell_findings(texts, joined) is may_draw
    if may_draw:
        assert {f.code for f in _validated(rows, frozenset(), lookups, False).findings} & {
            "formula-injection", "text-too-long", "control-characters"}


def test_a_long_sheet_of_short_texts_is_ruled_out(lookups: Lookups) -> None:
    rows = clean_rows(lookups, UNIT)
    rows += [[None, "说明" * 200] for _ in range(100)]  # joined, well over the cell limit; each text far below it
    texts, joined = validation._texts(RawSheet("任务进展", rows))

    assert len(joined) > MAX_CELL_TEXT and not validation._may_draw_cell_findings(texts, joined)
