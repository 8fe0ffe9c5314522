"""Consolidation core: keyed merge by task, supersession, conflicts, missing reports, deadlines, statistics."""

from __future__ import annotations

import datetime as dt

import pytest

from xl_toolkit.consolidation import (
    Consolidation,
    DeadlineState,
    MissingReason,
    consolidate,
    deadline_state,
)
from xl_toolkit.findings import Finding, Severity
from xl_toolkit.models import Plan, Role, Section, Status, Task, Unit, UnitKind
from xl_toolkit.registry import UnitRegistry
from xl_toolkit.returns import ReturnFile, ReturnRow

TODAY = dt.date(2026, 6, 1)
PART_ONE = Section(label="一", title="完善制度")
PART_TWO = Section(label="二", title="强化保护")


def make_plan() -> Plan:
    return Plan(
        title="测试计划",
        year=2026,
        tasks=(
            Task(number="1", seq=1, text="任务一", part=PART_ONE, lead="甲局", participants=("乙部",),
                 deadline=dt.date(2026, 12, 31)),
            Task(number="2", seq=2, text="任务二", part=PART_ONE, lead="乙部", participants=("甲局", "丙委"),
                 deadline=dt.date(2026, 5, 1)),
            Task(number="3", seq=3, text="任务三", part=PART_TWO, lead="丙委", deadline=dt.date(2026, 6, 20)),
            Task(number="4", seq=4, text="任务四", part=PART_TWO, lead="甲局", participants=("各成员",),
                 deadline=dt.date(2026, 12, 31)),
        ),
    )


def make_registry() -> UnitRegistry:
    return UnitRegistry(
        [Unit(name="甲局"), Unit(name="乙部"), Unit(name="丙委"),
         Unit(name="各成员", kind=UnitKind.COLLECTIVE, members=("乙部", "丙委"))]
    )


def row(file: str, unit: str, task: str, line: int, *, status: Status | None = Status.IN_PROGRESS,
        progress: str = "", error: bool = False) -> ReturnRow:
    findings = (Finding(code="bad-status", severity=Severity.ERROR, message="错", file=file, row=line, task=task),)
    return ReturnRow(file=file, sheet="任务进展", row=line, unit=unit, task=task, status=status,
                     progress=progress or f"{unit}第{task}项进展", percent=50.0, findings=findings if error else ())


def return_file(file: str, unit: str, tasks: list[str], *, reported_on: dt.date | None = None,
                sha: str | None = None, errors: tuple[str, ...] = (), **kwargs: object) -> ReturnFile:
    rows = tuple(row(file, unit, t, 4 + i, error=t in errors) for i, t in enumerate(tasks))
    return ReturnFile(file=file, sha256=sha or f"sha-{file}", unit=unit, reported_on=reported_on, rows=rows)


def run(*returns: ReturnFile, arrivals: dict[str, dt.datetime] | None = None) -> Consolidation:
    return consolidate(make_plan(), make_registry(), returns, TODAY, arrivals=arrivals)


def test_lead_progress_goes_to_its_task_and_participants_are_attributed() -> None:
    result = run(return_file("甲.xlsx", "甲局", ["1", "2", "4"]), return_file("乙.xlsx", "乙部", ["1", "2", "4"]))
    task1, task2 = result.tasks[0], result.tasks[1]
    assert (task1.lead_progress, task1.status, task1.percent) == ("甲局第1项进展", Status.IN_PROGRESS, 50.0)
    assert task1.participant_progress == "乙部：乙部第1项进展"
    assert task2.lead_progress == "乙部第2项进展"
    assert [c.unit for c in task2.contributions] == ["甲局"]
    assert task2.missing_units == ("丙委",)


def test_error_rows_are_rejected_and_everything_else_merged_with_exact_conservation() -> None:
    result = run(return_file("甲.xlsx", "甲局", ["1", "2", "4"], errors=("2",)), return_file("丙.xlsx", "丙委", ["3"]))
    assert [(f.file, f.rows_read, f.rows_merged, f.rows_rejected) for f in result.files] == [
        ("丙.xlsx", 1, 1, 0), ("甲.xlsx", 3, 2, 1)]
    assert (result.rows_in, result.rows_merged, result.rows_rejected) == (4, 3, 1)
    assert all(f.conserved for f in result.files)
    assert {(r.unit, r.task) for r in result.rows} == {("甲局", "1"), ("甲局", "4"), ("丙委", "3")}
    assert [f.code for f in result.findings] == ["bad-status"]


def test_a_row_for_a_task_not_in_the_plan_is_rejected_with_a_finding() -> None:
    result = run(return_file("甲.xlsx", "甲局", ["1", "99"]))
    assert (result.rows_merged, result.rows_rejected) == (1, 1)
    assert [(f.code, f.severity, f.row) for f in result.findings] == [("task-not-in-plan", Severity.ERROR, 5)]


def test_missing_units_cover_every_task_they_owe_including_collective_members() -> None:
    result = run(return_file("甲.xlsx", "甲局", ["1", "2"]))
    assert result.missing_units == ("乙部", "丙委")
    pairs = {(m.unit, m.task, m.role, m.reason) for m in result.missing}
    assert ("乙部", "4", Role.PARTICIPANT, MissingReason.NO_RETURN) in pairs
    assert ("丙委", "3", Role.LEAD, MissingReason.NO_RETURN) in pairs
    assert ("甲局", "4", Role.LEAD, MissingReason.TASK_OMITTED) in pairs
    assert len([m for m in result.missing if m.unit == "乙部"]) == 3


def test_newer_reported_on_supersedes_and_the_older_is_listed_not_merged() -> None:
    old = return_file("甲_初报.xlsx", "甲局", ["1"], reported_on=dt.date(2026, 5, 1))
    new = return_file("甲_更正.xlsx", "甲局", ["1", "2"], reported_on=dt.date(2026, 5, 20))
    result = run(new, old)
    assert {f.file: f.superseded_by for f in result.files} == {"甲_初报.xlsx": "甲_更正.xlsx", "甲_更正.xlsx": ""}
    assert {r.file for r in result.rows} == {"甲_更正.xlsx"}
    assert (result.rows_in, result.rows_merged, result.rows_superseded) == (3, 2, 1)
    duplicates = [f for f in result.findings if f.code == "duplicate-return"]
    assert [(d.file, d.severity) for d in duplicates] == [("甲_初报.xlsx", Severity.WARNING)]
    assert result.returns == 1


def test_superseded_returns_given_without_rows_consolidate_exactly_as_with_their_rows() -> None:
    old = return_file("甲_初报.xlsx", "甲局", ["1", "2"], reported_on=dt.date(2026, 5, 1), errors=("2",))
    new = return_file("甲_更正.xlsx", "甲局", ["1"], reported_on=dt.date(2026, 5, 20))
    other = return_file("乙.xlsx", "乙局", ["2"])
    assert run(new, old.without_rows(), other) == run(new, old, other)
    assert old.without_rows().rows_read == 2 and old.without_rows().all_findings == old.all_findings


def test_without_reported_on_the_later_ledger_arrival_wins() -> None:
    first = return_file("b.xlsx", "甲局", ["1"], sha="s1")
    second = return_file("a.xlsx", "甲局", ["2"], sha="s2")
    arrivals = {"s1": dt.datetime(2026, 5, 1, 9), "s2": dt.datetime(2026, 5, 2, 9)}
    assert {r.file for r in run(first, second, arrivals=arrivals).rows} == {"a.xlsx"}
    assert {r.file for r in run(first, second).rows} == {"b.xlsx"}, "ties fall back to the file name"


def test_lead_done_while_participant_not_started_is_a_conflict() -> None:
    lead = ReturnFile(file="甲.xlsx", unit="甲局", rows=(row("甲.xlsx", "甲局", "1", 4, status=Status.DONE),))
    part = ReturnFile(file="乙.xlsx", unit="乙部", rows=(row("乙.xlsx", "乙部", "1", 4, status=Status.NOT_STARTED),))
    result = run(lead, part)
    conflicts = [f for f in result.findings if f.code == "conflicting-status"]
    assert [(c.file, c.task, c.unit, c.severity) for c in conflicts] == [("乙.xlsx", "1", "乙部", Severity.WARNING)]
    assert result.tasks[0].findings == 1


@pytest.mark.parametrize(
    ("deadline", "status", "expected"),
    [
        (dt.date(2026, 5, 31), Status.IN_PROGRESS, DeadlineState.OVERDUE),
        (dt.date(2026, 5, 31), None, DeadlineState.OVERDUE),
        (dt.date(2026, 5, 31), Status.DONE, DeadlineState.ON_TRACK),
        (dt.date(2026, 6, 1), Status.BEHIND, DeadlineState.DUE_SOON),
        (dt.date(2026, 7, 1), Status.NOT_STARTED, DeadlineState.DUE_SOON),
        (dt.date(2026, 7, 2), Status.NOT_STARTED, DeadlineState.ON_TRACK),
    ],
)
def test_deadline_state_counts_overdue_and_due_within_thirty_days(
    deadline: dt.date, status: Status | None, expected: DeadlineState
) -> None:
    assert deadline_state(deadline, status, TODAY) is expected


def test_statistics_by_part_and_by_lead_count_statuses_and_deadlines() -> None:
    done = ReturnFile(file="甲.xlsx", unit="甲局", rows=(row("甲.xlsx", "甲局", "1", 4, status=Status.DONE),
                                                          row("甲.xlsx", "甲局", "4", 5, status=Status.BEHIND)))
    result = run(done)
    assert [(g.group, g.tasks, g.done, g.behind, g.unreported, g.overdue, g.due_soon) for g in result.by_part] == [
        ("一、完善制度", 2, 1, 0, 1, 1, 0), ("二、强化保护", 2, 0, 1, 1, 0, 1)]
    assert [(g.group, g.tasks, g.done) for g in result.by_lead] == [("甲局", 2, 1), ("丙委", 1, 0), ("乙部", 1, 0)]
    assert (result.total.tasks, result.total.done, result.total.share(result.total.done)) == (4, 1, 0.25)


def test_summary_has_the_documented_keys() -> None:
    summary = run(return_file("甲.xlsx", "甲局", ["1"])).summary()
    assert {"tasks", "rows_in", "rows_merged", "rows_rejected", "missing_units", "files", "findings"} <= set(summary)
    assert summary["tasks"] == 4
