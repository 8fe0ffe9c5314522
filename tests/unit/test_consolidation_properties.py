"""Consolidation invariants under hypothesis: no row lost, order-independent, idempotent."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from xl_toolkit.consolidation import consolidate
from xl_toolkit.findings import Finding, Severity
from xl_toolkit.models import Status
from xl_toolkit.returns import ReturnFile, ReturnRow

from .test_consolidation import TODAY, make_plan, make_registry

UNITS = ("甲局", "乙部", "丙委", "丁署")
TASKS = ("1", "2", "3", "4", "9")
PLAN, REGISTRY = make_plan(), make_registry()


@st.composite
def return_files(draw: st.DrawFn) -> ReturnFile:
    name = draw(st.sampled_from(["a", "b", "c", "d", "e"])) + ".xlsx"
    unit = draw(st.sampled_from(UNITS))
    rows = []
    for line, task in enumerate(draw(st.lists(st.sampled_from(TASKS), max_size=5)), start=4):
        error = draw(st.booleans())
        findings = (Finding(code="bad-cell", severity=Severity.ERROR, message="错", file=name, row=line),) if error else ()
        rows.append(ReturnRow(file=name, sheet="任务进展", row=line, unit=unit, task=task,
                              status=draw(st.none() | st.sampled_from(Status)), findings=findings))
    return ReturnFile(
        file=name,
        sha256=draw(st.sampled_from(["s1", "s2", "s3", "s4"])),
        unit=draw(st.none() | st.just(unit)),
        reported_on=draw(st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2026, 2, 1))),
        rows=tuple(rows),
    )


ARRIVALS = {f"s{i}": dt.datetime(2026, 3, i) for i in range(1, 4)}


@settings(max_examples=150, deadline=None)
@given(st.lists(return_files(), max_size=6))
def test_no_row_is_lost(returns: list[ReturnFile]) -> None:
    result = consolidate(PLAN, REGISTRY, returns, TODAY, arrivals=ARRIVALS)
    distinct = list(dict.fromkeys(returns))
    assert result.rows_in == sum(len(f.rows) for f in distinct)
    assert result.rows_in == result.rows_merged + result.rows_rejected + result.rows_superseded
    assert all(f.conserved for f in result.files)
    assert len(result.rows) == result.rows_merged
    merged_in_tasks = sum(len(t.contributions) for t in result.tasks) + sum(
        1 for r in result.rows if r.unit == PLAN.task(r.task).lead  # type: ignore[union-attr]
    )
    assert merged_in_tasks == result.rows_merged


@settings(max_examples=100, deadline=None)
@given(st.lists(return_files(), max_size=6), st.randoms())
def test_order_of_returns_does_not_matter(returns: list[ReturnFile], random: object) -> None:
    shuffled = list(returns)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert consolidate(PLAN, REGISTRY, shuffled, TODAY, arrivals=ARRIVALS) == consolidate(
        PLAN, REGISTRY, returns, TODAY, arrivals=ARRIVALS
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(return_files(), max_size=6))
def test_consolidating_the_same_returns_again_changes_nothing(returns: list[ReturnFile]) -> None:
    once = consolidate(PLAN, REGISTRY, returns, TODAY, arrivals=ARRIVALS)
    assert consolidate(PLAN, REGISTRY, returns + returns, TODAY, arrivals=ARRIVALS) == once


@settings(max_examples=150, deadline=None)
@given(st.lists(return_files(), max_size=8))
def test_returns_are_taken_in_the_order_name_sha_path_and_json_sort_them_in(returns: list[ReturnFile]) -> None:
    """The JSON that breaks ties is worked out only when two returns share name, SHA-256 and path: same order."""
    from xl_toolkit.consolidation import _in_order

    expected = sorted(dict.fromkeys(returns), key=lambda f: (f.file, f.sha256, f.path, f.model_dump_json()))
    assert [id(f) for f in _in_order(returns)] == [id(f) for f in expected]
