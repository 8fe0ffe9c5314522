"""Consolidation: returned rows merged by task number into one record per task, nothing lost or overwritten.

Pure core: takes the plan, the registry and the returns as read by validation, gives a `Consolidation`.

Which return counts when a unit sent several (`duplicate-return`): the newest by its own 填报日期
(a return with a date beats one without), then by when it reached the ledger (`arrivals`, by SHA-256),
then by file name, then by SHA-256 (the greater wins). The others are superseded: listed with their
rows counted, never merged. The same file given twice counts once. The result is independent of the
order of the returns, and consolidating its own inputs again gives the same result.

Finding codes added here (the rest come from validation):
- `duplicate-return` (warning): the unit sent more than one return; this one was superseded.
- `conflicting-status` (warning): the lead reports 已完成 while a participant reports 未启动.
- `task-not-in-plan` (error): a row names a task number the plan does not have; it is rejected.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from .assignments import owing_units, role_of
from .findings import Finding, Severity
from .layout import section_heading
from .models import Plan, Role, Status, Task
from .registry import UnitRegistry
from .returns import FileStatus, ReturnFile, ReturnRow

#: A task due within this many days and not 已完成 is 临期.
DUE_SOON_DAYS = 30


class DeadlineState(StrEnum):
    """Where a task stands against its 完成时限, as supervision systems count it."""

    OVERDUE = "逾期"
    DUE_SOON = "临期"
    ON_TRACK = "正常"


class MissingReason(StrEnum):
    """Why a unit's report on a task is missing."""

    NO_RETURN = "未报送"
    TASK_OMITTED = "报送表中无此任务"


class MergedRow(BaseModel):
    """One accepted return row as merged, with its provenance (file, sheet, row, SHA-256)."""

    model_config = ConfigDict(frozen=True)

    task: str
    unit: str
    role: Role | None = None
    progress: str = ""
    status: Status | None = None
    percent: float | None = None
    problems: str = ""
    next_steps: str = ""
    file: str
    sheet: str
    row: int = Field(ge=1)
    sha256: str = ""


class Contribution(BaseModel):
    """A participant's progress on a task, attributed to its unit."""

    model_config = ConfigDict(frozen=True)

    unit: str
    progress: str
    status: Status | None = None


class TaskSummary(BaseModel):
    """One master task after the merge: the lead's report, every participant's contribution, what is missing."""

    model_config = ConfigDict(frozen=True)

    number: str
    seq: int
    part: str
    text: str
    lead: str
    participants: tuple[str, ...] = ()
    deadline: dt.date
    deadline_state: DeadlineState
    lead_progress: str = ""
    status: Status | None = Field(default=None, description="The lead's status; None when the lead has not reported")
    percent: float | None = None
    contributions: tuple[Contribution, ...] = ()
    missing_units: tuple[str, ...] = Field(default=(), description="Owing units with no row on this task")
    findings: int = Field(default=0, description="Findings on this task's rows, including conflicts")

    @property
    def participant_progress(self) -> str:
        """Each contribution on its own line, prefixed with its unit."""
        return "\n".join(f"{c.unit}：{c.progress}" for c in self.contributions if c.progress)


class MissingReport(BaseModel):
    """An owing unit with nothing on one task: no return at all, or a return without the task."""

    model_config = ConfigDict(frozen=True)

    unit: str
    task: str
    role: Role
    reason: MissingReason


class FileTally(BaseModel):
    """One return's conservation: rows read = merged + rejected + superseded."""

    model_config = ConfigDict(frozen=True)

    file: str
    path: str = ""
    unit: str | None = None
    sha256: str = ""
    reported_on: dt.date | None = None
    received_at: dt.datetime | None = None
    status: FileStatus = FileStatus.OK
    rows_read: int = 0
    rows_merged: int = 0
    rows_rejected: int = 0
    rows_superseded: int = 0
    superseded_by: str = Field(default="", description="File name of the return that replaced this one")

    @property
    def conserved(self) -> bool:
        """Every row read is merged, rejected or superseded."""
        return self.rows_read == self.rows_merged + self.rows_rejected + self.rows_superseded


class GroupStatistics(BaseModel):
    """Task counts by status and deadline state for one part or one lead unit."""

    model_config = ConfigDict(frozen=True)

    group: str
    tasks: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    behind: int = 0
    unreported: int = Field(default=0, description="Tasks whose lead has not reported a status")
    overdue: int = 0
    due_soon: int = 0

    def share(self, count: int) -> float:
        """A count as a share of the group's tasks (0 for an empty group)."""
        return count / self.tasks if self.tasks else 0.0


class Consolidation(BaseModel):
    """The master after consolidation: tasks, merged rows, missing reports, findings, tallies and statistics."""

    model_config = ConfigDict(frozen=True)

    plan_title: str
    today: dt.date
    tasks: tuple[TaskSummary, ...]
    rows: tuple[MergedRow, ...] = Field(default=(), description="Accepted rows merged into the tasks (明细)")
    missing: tuple[MissingReport, ...] = ()
    findings: tuple[Finding, ...] = ()
    files: tuple[FileTally, ...] = ()
    by_part: tuple[GroupStatistics, ...] = ()
    by_lead: tuple[GroupStatistics, ...] = ()
    total: GroupStatistics = GroupStatistics(group="合计")

    @property
    def rows_in(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_merged(self) -> int:
        return sum(f.rows_merged for f in self.files)

    @property
    def rows_rejected(self) -> int:
        return sum(f.rows_rejected for f in self.files)

    @property
    def rows_superseded(self) -> int:
        return sum(f.rows_superseded for f in self.files)

    @property
    def returns(self) -> int:
        """Returns counted in the master (superseded ones excluded)."""
        return sum(1 for f in self.files if not f.superseded_by)

    @property
    def missing_units(self) -> tuple[str, ...]:
        """Units that owe a return and sent none, in order of first owed task."""
        return tuple(dict.fromkeys(m.unit for m in self.missing if m.reason is MissingReason.NO_RETURN))

    def summary(self) -> dict[str, object]:
        """The JSON summary: counts, per-file tallies and every finding."""
        return {
            "tasks": len(self.tasks),
            "returns": self.returns,
            "rows_in": self.rows_in,
            "rows_merged": self.rows_merged,
            "rows_rejected": self.rows_rejected,
            "rows_superseded": self.rows_superseded,
            "missing_units": list(self.missing_units),
            "files": [f.model_dump(mode="json") for f in self.files],
            "findings": [f.model_dump(mode="json") for f in self.findings],
        }


def consolidate(
    plan: Plan,
    registry: UnitRegistry,
    returns: Sequence[ReturnFile],
    today: dt.date,
    *,
    arrivals: Mapping[str, dt.datetime] | None = None,
) -> Consolidation:
    """Merge returns by task number; `arrivals` maps a return's SHA-256 to when it reached the ledger."""
    arrivals = arrivals or {}
    files = _in_order(returns)
    winners, superseded_by = _choose_returns(files, arrivals)
    tasks = {task.number: task for task in plan.tasks}

    findings: list[Finding] = []
    merged: list[MergedRow] = []
    tallies: list[FileTally] = []
    reported: set[tuple[str, str]] = set()
    for return_file in files:
        findings.extend(return_file.all_findings)
        winner = superseded_by.get(id(return_file))
        counts = Counter[str]()
        if winner is not None:
            counts["superseded"] = return_file.rows_read  # a superseded return may come `without_rows()`
        for row in return_file.rows if winner is None else ():
            reported.add((row.unit, row.task))
            task = tasks.get(row.task)
            if task is None:
                findings.append(_task_not_in_plan(row))
                counts["rejected"] += 1
            elif not row.accepted:
                counts["rejected"] += 1
            else:
                merged.append(_merged_row(row, task, registry, return_file.sha256))
                counts["merged"] += 1
        if winner is not None:
            findings.append(_duplicate_return(return_file, winner))
        tallies.append(
            FileTally(
                file=return_file.file,
                path=return_file.path,
                unit=submitter(return_file),
                sha256=return_file.sha256,
                reported_on=return_file.reported_on,
                received_at=arrivals.get(return_file.sha256),
                status=return_file.status,
                rows_read=return_file.rows_read,
                rows_merged=counts["merged"],
                rows_rejected=counts["rejected"],
                rows_superseded=counts["superseded"],
                superseded_by=winner.file if winner is not None else "",
            )
        )

    merged.sort(key=lambda r: (tasks[r.task].seq, r.role is not Role.LEAD, r.unit, r.file, r.sheet, r.row))
    findings.extend(_conflicts(plan, merged))
    findings.sort(key=_finding_order)
    submitters = {submitter(f) for f in winners}
    missing = _missing(plan, registry, submitters, reported)
    rows_by_task: dict[str, list[MergedRow]] = {}
    for merged_row in merged:
        rows_by_task.setdefault(merged_row.task, []).append(merged_row)
    missing_by_task: dict[str, list[str]] = {}
    for report in missing:
        missing_by_task.setdefault(report.task, []).append(report.unit)
    findings_by_task = Counter(f.task for f in findings)
    summaries = tuple(
        _summarise(task, rows_by_task.get(task.number, []), missing_by_task.get(task.number, []),
                   findings_by_task[task.number], today)
        for task in plan.tasks
    )
    return Consolidation(
        plan_title=plan.title,
        today=today,
        tasks=summaries,
        rows=tuple(merged),
        missing=missing,
        findings=tuple(findings),
        files=tuple(tallies),
        by_part=_statistics(summaries, lambda s: s.part),
        by_lead=_statistics(summaries, lambda s: s.lead, by_size=True),
        total=_group("合计", summaries),
    )


def _in_order(returns: Iterable[ReturnFile]) -> list[ReturnFile]:
    """The distinct returns ordered by file name, SHA-256, path and then their JSON, which is worked out only when
    two share the rest (rarely): the order sorting by all four gives."""
    files = sorted(dict.fromkeys(returns), key=_file_order)
    if any(a == b for a, b in itertools.pairwise(map(_file_order, files))):
        files.sort(key=lambda f: (*_file_order(f), f.model_dump_json()))
    return files


def _file_order(return_file: ReturnFile) -> tuple[str, str, str]:
    return return_file.file, return_file.sha256, return_file.path


def submitter(return_file: ReturnFile) -> str | None:
    """The submitting unit: as the file names it, else the unit most of its rows carry."""
    if return_file.unit:
        return return_file.unit
    units = Counter(row.unit for row in return_file.rows if row.unit)
    return min(units, key=lambda u: (-units[u], u)) if units else None


def _choose_returns(
    files: Sequence[ReturnFile], arrivals: Mapping[str, dt.datetime]
) -> tuple[list[ReturnFile], dict[int, ReturnFile]]:
    """The return that counts for each unit, and each superseded return (by id) with the one that replaced it."""
    by_unit: dict[str, list[ReturnFile]] = {}
    winners: list[ReturnFile] = []
    for return_file in files:
        unit = submitter(return_file)
        if unit is None:
            winners.append(return_file)
        else:
            by_unit.setdefault(unit, []).append(return_file)
    superseded: dict[int, ReturnFile] = {}
    for candidates in by_unit.values():
        winner = max(candidates, key=lambda f: precedence(f, arrivals))
        winners.append(winner)
        superseded.update({id(f): winner for f in candidates if f is not winner})
    return winners, superseded


def precedence(return_file: ReturnFile, arrivals: Mapping[str, dt.datetime]) -> tuple[object, ...]:
    """How a return ranks among its unit's returns: the highest counts, the others are superseded.

    Only the winner's rows are merged, so a caller may pass the others `without_rows()`."""
    return (return_file.reported_on or dt.date.min, arrivals.get(return_file.sha256, dt.datetime.min),
            return_file.file, return_file.sha256, return_file.path)


def _merged_row(row: ReturnRow, task: Task, registry: UnitRegistry, sha256: str) -> MergedRow:
    return MergedRow(
        task=row.task,
        unit=row.unit,
        role=role_of(task, row.unit, registry) or row.role,
        progress=row.progress,
        status=row.status,
        percent=row.percent,
        problems=row.problems,
        next_steps=row.next_steps,
        file=row.file,
        sheet=row.sheet,
        row=row.row,
        sha256=sha256,
    )


def _task_not_in_plan(row: ReturnRow) -> Finding:
    return Finding(
        code="task-not-in-plan",
        severity=Severity.ERROR,
        message=f"序号“{row.task}”不是计划中的任务，此行未计入汇总",
        suggestion="请核对序号，与任务分工表一致",
        file=row.file,
        sheet=row.sheet,
        row=row.row,
        task=row.task,
        unit=row.unit,
        value=row.task,
    )


def _duplicate_return(return_file: ReturnFile, winner: ReturnFile) -> Finding:
    unit = submitter(return_file) or ""
    dated = f"（填报日期 {winner.reported_on.isoformat()}）" if winner.reported_on else ""
    return Finding(
        code="duplicate-return",
        severity=Severity.WARNING,
        message=f"{unit}报送了多份报送表；本表已被较新的“{winner.file}”{dated}取代，未计入汇总",
        suggestion="如本表才是最新版本，请在报送表中填写较新的填报日期后重新报送",
        file=return_file.file,
        unit=unit,
    )


def _conflicts(plan: Plan, merged: Sequence[MergedRow]) -> Iterable[Finding]:
    """A participant reporting 未启动 on a task its lead reports 已完成."""
    by_task: dict[str, list[MergedRow]] = {}
    for row in merged:
        by_task.setdefault(row.task, []).append(row)
    for task in plan.tasks:
        rows = by_task.get(task.number, [])
        if not any(r.role is Role.LEAD and r.status is Status.DONE for r in rows):
            continue
        for row in rows:
            if row.role is not Role.LEAD and row.status is Status.NOT_STARTED:
                yield Finding(
                    code="conflicting-status",
                    severity=Severity.WARNING,
                    message=f"任务{task.number}：牵头单位{task.lead}报“已完成”，参与单位{row.unit}报“未启动”",
                    suggestion="请牵头单位与参与单位核实完成状态",
                    file=row.file,
                    sheet=row.sheet,
                    row=row.row,
                    task=task.number,
                    unit=row.unit,
                    value=Status.NOT_STARTED.value,
                )


def _finding_order(finding: Finding) -> tuple[str, str, int, str, str, str, str]:
    return (finding.file, finding.sheet, finding.row or 0, finding.column, finding.code, finding.task, finding.message)


def _missing(
    plan: Plan, registry: UnitRegistry, submitters: set[str | None], reported: set[tuple[str, str]]
) -> tuple[MissingReport, ...]:
    missing = []
    for task in plan.tasks:
        for unit in owing_units(task, registry):
            role = role_of(task, unit, registry)
            if role is None or (unit, task.number) in reported:
                continue
            reason = MissingReason.TASK_OMITTED if unit in submitters else MissingReason.NO_RETURN
            missing.append(MissingReport(unit=unit, task=task.number, role=role, reason=reason))
    return tuple(missing)


def deadline_state(deadline: dt.date, status: Status | None, today: dt.date) -> DeadlineState:
    """逾期 when past due and not 已完成; 临期 when due within DUE_SOON_DAYS and not 已完成; else 正常."""
    if status is Status.DONE:
        return DeadlineState.ON_TRACK
    if deadline < today:
        return DeadlineState.OVERDUE
    if (deadline - today).days <= DUE_SOON_DAYS:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TRACK


def _summarise(
    task: Task, rows: Sequence[MergedRow], missing_units: Sequence[str], findings: int, today: dt.date
) -> TaskSummary:
    """One task's summary from its merged rows (in merge order), its missing units and its finding count."""
    lead_rows = [r for r in rows if r.role is Role.LEAD]
    status = next((r.status for r in lead_rows if r.status is not None), None)
    return TaskSummary(
        number=task.number,
        seq=task.seq,
        part=section_heading(task.part.label, task.part.title) if task.part.label else task.part.title,
        text=task.text,
        lead=task.lead,
        participants=task.participants,
        deadline=task.deadline,
        deadline_state=deadline_state(task.deadline, status, today),
        lead_progress=_lead_progress(lead_rows),
        status=status,
        percent=next((r.percent for r in lead_rows if r.percent is not None), None),
        contributions=tuple(
            Contribution(unit=r.unit, progress=r.progress, status=r.status) for r in rows if r.role is not Role.LEAD
        ),
        missing_units=tuple(missing_units),
        findings=findings,
    )


def _lead_progress(lead_rows: Sequence[MergedRow]) -> str:
    """The lead's progress; when a leading collective's members each report, each entry names its unit."""
    reported = [r for r in lead_rows if r.progress]
    if len({r.unit for r in reported}) > 1:
        return "\n".join(f"{r.unit}：{r.progress}" for r in reported)
    return "\n".join(r.progress for r in reported)


def _group(name: str, tasks: Sequence[TaskSummary]) -> GroupStatistics:
    statuses = Counter(t.status for t in tasks)
    states = Counter(t.deadline_state for t in tasks)
    return GroupStatistics(
        group=name,
        tasks=len(tasks),
        done=statuses[Status.DONE],
        in_progress=statuses[Status.IN_PROGRESS],
        not_started=statuses[Status.NOT_STARTED],
        behind=statuses[Status.BEHIND],
        unreported=statuses[None],
        overdue=states[DeadlineState.OVERDUE],
        due_soon=states[DeadlineState.DUE_SOON],
    )


def _statistics(
    tasks: Sequence[TaskSummary], key: Callable[[TaskSummary], str], *, by_size: bool = False
) -> tuple[GroupStatistics, ...]:
    groups: dict[str, list[TaskSummary]] = {}
    for task in tasks:
        groups.setdefault(key(task), []).append(task)
    names = sorted(groups, key=lambda g: (-len(groups[g]), g)) if by_size else list(groups)
    return tuple(_group(name, groups[name]) for name in names)
