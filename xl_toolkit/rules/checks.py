"""Row and return checks: small generators that take parsed rows and the lookups and yield findings.

Each check is registered under the codes it can yield (`ROW_CHECKS`, `RETURN_CHECKS`), a row check with the
`RowFacts` it needs to find anything (`PRECONDITIONS`); validation runs them all wherever they can find something.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from ..findings import Finding
from ..inert import MAX_CELL_TEXT, has_control_characters, is_formula_like
from ..models import Role, Status, Task
from ..text import fold, squeeze
from .catalogue import finding
from .lookups import Lookups, UnitCells
from .row import RawRow

RowCheck = Callable[[RawRow, Lookups], Iterator[Finding]]
ReturnCheck = Callable[[Sequence[RawRow], Lookups, str], Iterator[Finding]]


class RowFacts(NamedTuple):
    """What a row's parse and its look-ups tell (see `run_row_checks`): enough to rule out checks that find nothing
    in it, most rows all of them."""

    every_cell: bool  # the row lists its every cell (`RawRow.others`)
    invalid: tuple[str, ...]  # `RawRow.invalid`
    status: Status | None  # `RawRow.status`
    percent: int  # `RawRow.percent`: NO_PERCENT, ZERO, PARTIAL (within 0–100), FULL (100) or OUT_OF_RANGE
    role_differs: bool  # a role written in the row, or by its sheet (牵头任务/参与任务), other than the master's
    assigned: bool  # the task is found and, when the row has a unit, is the unit's
    text_differs: bool  # a task text is written, other than the task's as the master writes it
    progress_missing: bool  # the progress text is empty, and the unit owes it on the task
    unit_cells_clean: bool  # lead and participant cells `check_unit_columns` found nothing in before


NO_PERCENT, ZERO, PARTIAL, FULL, OUT_OF_RANGE = range(5)
Precondition = Callable[[RowFacts], bool]
#: Row checks by the codes they yield, in the order they run.
ROW_CHECKS: dict[tuple[str, ...], RowCheck] = {}
#: For a row check that can find something only in some rows: whether it can in a row with these facts.
PRECONDITIONS: dict[RowCheck, Precondition] = {}
#: The checks to run on a row, by its facts as a plain tuple: at most 2 × 8 × 5 × 5 × 2⁵ entries (`run_row_checks`).
_APPLICABLE: dict[tuple[bool, tuple[str, ...], Status | None, int, bool, bool, bool, bool, bool],
                  tuple[RowCheck, ...]] = {}
#: Checks over all rows of one return (the submitting unit given), by the codes they yield.
RETURN_CHECKS: dict[tuple[str, ...], ReturnCheck] = {}

#: Progress phrases describing work done, which contradict 未启动.
DONE_WORK = ("已完成", "已经完成", "全面完成", "已印发", "已出台", "已发布", "已建成", "已实施", "已召开", "已举办",
             "已修订", "已制定", "已上线")
#: Words hedging a status (基本完成, 接近完成): the task is not yet done.
HEDGED = ("基本", "接近", "大部分", "部分", "初步", "大体")
#: Words negating completion (未完成, 没有完成).
NOT_DONE = ("未完成", "没有完成", "没完成", "尚未完成", "不能完成", "无法完成")
_PUNCTUATION = re.compile(r"[\s,.;:!?、，。；：！？\"'“”‘’()（）《》〈〉【】\[\]-]")


def row_check(*codes: str, applies: Precondition | None = None) -> Callable[[RowCheck], RowCheck]:
    """Register a row check under the codes it yields; `applies` when it can find nothing in a row whose facts
    fail it (the check is then not run on that row)."""
    def register(check: RowCheck) -> RowCheck:
        ROW_CHECKS[codes] = check
        if applies is not None:
            PRECONDITIONS[check] = applies
        _APPLICABLE.clear()
        return check
    return register


def return_check(*codes: str) -> Callable[[ReturnCheck], ReturnCheck]:
    """Register a whole-return check under the codes it yields."""
    def register(check: ReturnCheck) -> ReturnCheck:
        RETURN_CHECKS[codes] = check
        return check
    return register


def formula_findings(place: dict[str, Any], cells: Sequence[tuple[str, object, bool]]) -> Iterator[Finding]:
    """formula-injection for each cell holding a formula or text a spreadsheet would evaluate."""
    for letter, value, holds_formula in cells:
        if holds_formula:
            detail, suggestion = "含有公式（公式及其计算结果均未采用）", "请删除公式，直接填写数字或文字"
        elif isinstance(value, str) and is_formula_like(value):
            detail, suggestion = "的内容以 = + - @ 开头，会被电子表格当作公式执行", "删除开头的 = + - @ 符号，或改写为纯文本"
        else:
            continue
        yield finding("formula-injection", **{**place, "column": letter}, cell=f"{letter}{place['row']}",
                      detail=detail, value=value, suggestion=suggestion)


@row_check("formula-injection", applies=lambda facts: facts.every_cell)
def check_formulas(row: RawRow, lookups: Lookups) -> Iterator[Finding]:
    """No cell of a return may hold a formula or formula-like text."""
    for _, value, formula in row.others:
        if formula or isinstance(value, str) and is_formula_like(value):
            yield from formula_findings(row.place(), row.others)  # the place is built only for a row with a hit
            return


@row_check("text-too-long", "control-characters", applies=lambda facts: facts.every_cell)
def check_cell_text(row: RawRow, lookups: Lookups) -> Iterator[Finding]:
    """Text an output cell cannot hold as written: over Excel's limit (cut) or with control characters (dropped)."""
    for letter, value, _ in row.others:
        if not isinstance(value, str) or len(value) <= MAX_CELL_TEXT and not has_control_characters(value):
            continue
        place = {**row.place(), "column": letter, "cell": f"{letter}{row.row}"}
        if len(value) > MAX_CELL_TEXT:
            yield finding("text-too-long", **place, length=len(value), value=value[:50],
                          suggestion="请精简文字，详细材料可作为附件另行报送")
        if has_control_characters(value):
            yield finding("control-characters", **place, value=value, suggestion="多为复制粘贴带入，可忽略或清理后重新报送")


@row_check("unknown-task", "not-assigned", applies=lambda facts: not facts.assigned)
def check_task(row: RawRow, lookups: Lookups) -> Iterator[Finding]:
    """The task number exists in the master and is assigned to the submitting unit."""
    number = row.number
    if number is None:
        yield finding("unknown-task", **row.place("number"), number="（空）", value=row.cells.get("number"),
                      suggestion="请填写任务分工表中的任务序号")
        return
    task = row.task(lookups)
    if task is None:
        yield finding("unknown-task", **row.place("number"), number=row.text("number"), value=row.cells.get("number"),
                      suggestion="请对照本年度任务分工表改正任务序号；如非本年度任务，请删除该行")
    elif row.unit and row.role(lookups) is None:
        units = "、".join(task.units)
        yield finding("not-assigned", **row.place("number"), value=row.cells.get("number"),
                      suggestion=f"该任务的责任单位为：{units}")


@row_check("invalid-role", "role-mismatch", applies=lambda facts: "role" in facts.invalid or facts.role_differs)
def check_role(row: RawRow, lookups: Lookups) -> Iterator[Finding]:
    """The written role (role column, or the sheet's 牵头任务/参与任务) matches the master."""
    expected = row.role(lookups)
    if "role" in row.invalid:
        yield finding("invalid-role", **row.place("role"), value=row.cells.get("role"), suggestion=(
            expected.value if expected else "牵头或参与"))
        return
    written, field = row.written_role, "role"
    if written is None and row.sheet_role is not None:
        written, field = row.sheet_role, "number"
    if expected is None or written is None or written is expected:
        return
    where = "本单位角色填写为" if field == "role" else f"所在工作表“{row.sheet}”表示"
    yield finding("role-mismatch", **row.place(field), value=written.value, suggestion=expected.value,
                  detail=f"{where}“{written.value}”，任务分工表中{row.unit}为“{expected.value}”")


@row_check("unknown-unit", "alias-unit", "role-mismatch", applies=lambda facts: not facts.unit_cells_clean)
def check_unit_columns(row: RawRow, lookups: Lookups) -> Iterator[Finding]:
    """Units in the lead and participant columns are known (aliases noted) and agree with the master.

    Without a participant column, a lead column (often headed 责任单位) may list all the task's units, lead first.
    """
    task, cells = row.task(lookups), row.cells
    seen = _unit_cells(row, task)
    if lookups.unit_cells_clean(seen):
        return
    clean = True
    for field, label in (("lead", "牵头单位"), ("participants", "参与单位")):
        units = lookups.resolve_list(cells.get(field))
        for resolution in units.notes:
            clean = False
            name = resolution.written
            if resolution.canonical is None:
                yield finding("unknown-unit", **row.place(field), name=name, value=name,
                              suggestion=resolution.suggestion or "")
            else:
                yield finding("alias-unit", **row.place(field), name=name, canonical=resolution.canonical, value=name,
                              suggestion=resolution.canonical)
        canonical = units.canonical
        if task is None or canonical is None:  # no unit written, or one unknown
            continue
        if field == "participants":
            master = task.participants
        elif "participants" not in cells and len(canonical) > 1:
            master = task.units  # a single 责任单位 column listing every unit, lead first, as the plan writes them
        else:
            master = (task.lead,)
        if canonical != master and (  # the usual row copies the master's list
                set(canonical) != set(master) or (field == "lead" and canonical[0] != master[0])):
            clean = False  # (the finding may still be left to another check: the row is not remembered)
            if not _about_another_task(row, lookups, task):  # another task's units: its number or text finding says so
                yield finding("role-mismatch", **row.place(field), value=row.text(field), suggestion="、".join(master),
                              detail=f"{label}填写为“{'、'.join(canonical)}”，任务分工表为“{'、'.join(master) or '（无）'}”"
                              + _list_difference(canonical, master))
    if clean:
        lookups.remember_clean_unit_cells(seen)


def _unit_cells(row: RawRow, task: Task | None) -> UnitCells:
    """The lead and participant cells as resolve_list keys them (the master's lists, as a rule), with the task:
    seen before to find nothing in `check_unit_columns`, they find nothing again."""
    cells = row.cells
    lead, participants = cells.get("lead"), cells.get("participants")
    return (task.number if task is not None else None, "" if lead is None else str(lead),
            "" if participants is None else str(participants), "participants" in cells)


def _list_difference(written: Sequence[str], master: Sequence[str]) -> str:
    """（缺少“…”；多出“…”） between a written unit list and the master's, or empty when only the order differs."""
    missing = [name for name in master if name not in written]
    extra = [name for name in written if name not in master]
    parts = ([f"缺少“{'、'.join(missing)}”"] if missing else []) + ([f"多出“{'、'.join(extra)}”"] if extra else [])
    return f"（{'；'.join(parts)}）" if parts else ""


@row_check("task-text-changed", applies=lambda facts: facts.text_differs)
def check_task_text(row: RawRow, lookups: Lookups) -> Iterator[Finding]:
    """The task text, when given, matches the master after normalisation; the finding says what changed."""
    task = row.task(lookups)
    written = row.text("task_text")
    if task is None or not written or written == task.text or _normal(written) == _normal(task.text):
        return  # (the usual row copies the master's text: equal, so equal once normalised)
    if row.unit and row.role(lookups) is None:
        return  # not-assigned already points at the number
    if _similarity(written, task.text) >= DIFFERENT_TEXT:
        yield finding("task-text-changed", **row.place("task_text"), detail=describe_change(task.text, written),
                      value=written, suggestion=task.text)
        return
    other = max(lookups.plan.tasks, key=lambda t: _similarity(written, t.text))
    if other is not task and _similarity(written, other.text) >= SAME_TEXT:
        yield finding("task-text-changed", **row.place("task_text"), value=written, suggestion=f"任务序号改为{other.number}",
                      detail=f"所填内容与任务{task.number}完全不同，而与任务{other.number}一致，可能填错了任务序号")
        return
    yield finding("task-text-changed", **row.place("task_text"), value=written, suggestion=task.text,
                  detail=f"所填内容与任务{task.number}完全不同，可能填错了任务序号或使用了其他年度的模板")


#: Below this similarity a written task text is another task's, not an edit of the numbered one.
DIFFERENT_TEXT = 0.5
#: From this similarity a written task text is taken for a task of the master.
SAME_TEXT = 0.8


@lru_cache(maxsize=16384)
def _similarity(written: str, original: str) -> float:
    """difflib's ratio of the normalised texts; 1.0 at once for equal texts (most rows copy the master's)."""
    a, b = _normal(written), _normal(original)
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _about_another_task(row: RawRow, lookups: Lookups, task: Task) -> bool:
    """Whether a row reports on another task than its number's (`task`): not the unit's, or with quite another text."""
    written = row.text("task_text")
    return (bool(row.unit) and row.role(lookups) is None
            or bool(written) and written != task.text and _similarity(written, task.text) < DIFFERENT_TEXT)


@lru_cache(maxsize=16384)
def _normal(text: str) -> str:
    return _PUNCTUATION.sub("", fold(text))


def describe_change(original: str, written: str, limit: int = 3) -> str:
    """What changed from the original text to the written one, in Chinese: 删去“…”；增加“…”；“…”改为“…”."""
    a, b = squeeze(original), squeeze(written)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = _clip(a[i1:i2]), _clip(b[j1:j2])
        if op == "delete":
            parts.append(f"删去“{old}”")
        elif op == "insert":
            parts.append(f"增加“{new}”")
        elif op == "replace":
            parts.append(f"“{old}”改为“{new}”")
    more = f"等{len(parts)}处" if len(parts) > limit else ""
    return "；".join(parts[:limit]) + more if parts else "标点或空格不同"


def _clip(text: str, width: int = 20) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@row_check("invalid-status", applies=lambda facts: "status" in facts.invalid)
def check_status(row: RawRow, lookups: Lookups) -> Iterator[Finding]:
    """The status maps to one of 已完成/推进中/未启动/滞后."""
    if "status" in row.invalid:
        written = row.text("status")
        yield finding("invalid-status", **row.place("status"), value=written, suggestion=_status_advice(written))


def _status_advice(written: str) -> str:
    """The allowed statuses, and the likely one for a hedged or free wording (基本完成 → 推进中, 完成了 → 已完成)."""
    if any(word in written for word in NOT_DONE):
        likely = "尚未完成的请填“推进中”或“滞后”，尚未开始的请填“未启动”"
    elif any(word in written for word in HEDGED):
        likely = "尚未全部完成的请填“推进中”"
    elif "完成" in written:
        likely = "已全部完成的请填“已完成”"
    elif "进行" in written or "推进" in written:
        likely = "正在开展的请填“推进中”"
    else:
        return "请从“已完成、推进中、未启动、滞后”中选填一项"
    return f"请从“已完成、推进中、未启动、滞后”中选填一项，{likely}"


@row_check("invalid-percent", applies=lambda facts: "percent" in facts.invalid or facts.percent == OUT_OF_RANGE)
def check_percent(row: RawRow, lookups: Lookups) -> Iterator[Finding]:
    """Completion is a number within 0–100."""
    if "percent" in row.invalid:
        yield finding("invalid-percent", **row.place("percent"), value=row.cells.get("percent"), reason="不是数字",
                      suggestion="请用阿拉伯数字填写 0–100 之间的进度，如 80 或 80%")
        return
    percent = row.percent
    if percent is not None and not 0 <= percent <= 100:
        advice = "已全部完成的填 100" if percent > 100 else "尚未开展的填 0"
        yield finding("invalid-percent", **row.place("percent"), value=row.text("percent"), reason="超出 0–100 范围",
                      suggestion=f"请填写 0–100 之间的数字（{advice}）")


@row_check("missing-progress", applies=lambda facts: facts.progress_missing)
def check_progress(row: RawRow, lookups: Lookups) -> Iterator[Finding]:
    """Progress text is given wherever it is owed: by the lead, and by every unit of a 按职责分工负责 task."""
    task = row.task(lookups)
    if task is None or not row.unit or row.text("progress") or not lookups.owes_progress(task, row.unit):
        return
    if any(formula for letter, _, formula in row.others if letter == row.column("progress")):
        return  # formula-injection already points at this cell
    reason = "本单位为牵头单位" if row.role(lookups) is Role.LEAD else "该任务按职责分工负责，各单位均须填写"
    yield finding("missing-progress", **row.place("progress"), reason=reason, suggestion="填写本单位本年度的工作进展")


@row_check("inconsistent-status", applies=lambda facts: _may_be_inconsistent(facts))
def check_consistency(row: RawRow, lookups: Lookups) -> Iterator[Finding]:
    """Status, completion and progress text agree: 已完成 at 100%, 未启动 at 0% with no work described."""
    status, percent = row.status, row.percent
    if status is None or "status" in row.invalid or "percent" in row.invalid or (
            percent is not None and not 0 <= percent <= 100):
        return
    detail = suggestion = ""
    if status is Status.DONE:
        if percent is not None and percent < 100:
            detail = f"完成状态为“已完成”，但完成进度为{percent:g}%"
            suggestion = "如已全部完成，完成进度填 100；否则完成状态改为“推进中”"
    elif percent is not None and percent >= 100:
        detail = f"完成进度为{percent:g}%，但完成状态为“{status.value}”"
        suggestion = "如已全部完成，完成状态改为“已完成”；否则按实际填写完成进度"
    elif status is Status.NOT_STARTED:
        if percent is not None and percent > 0:
            detail = f"完成状态为“未启动”，但完成进度为{percent:g}%"
            suggestion = "已开展工作的，完成状态改为“推进中”；确未启动的，完成进度填 0"
        elif done := _done_work(row.text("progress")):
            detail = f"完成状态为“未启动”，但进展情况写有“{done}”等已开展的工作"
            suggestion = "完成状态改为“推进中”或“已完成”，并相应填写完成进度"
    if detail:
        yield finding("inconsistent-status", **row.place("status"), detail=detail, value=row.text("status"),
                      suggestion=suggestion)


def _may_be_inconsistent(facts: RowFacts) -> bool:
    """Whether `check_consistency` can find anything: status and percent read, and 已完成 under 100, 100 under
    another status, or 未启动 (whose progress text is read too)."""
    status, percent = facts.status, facts.percent
    return (status is not None and "status" not in facts.invalid and "percent" not in facts.invalid
            and percent != OUT_OF_RANGE and (percent in (ZERO, PARTIAL) if status is Status.DONE
                                             else percent == FULL or status is Status.NOT_STARTED))


def _done_work(progress: str) -> str | None:
    """The first of DONE_WORK (in that order) that a progress text mentions, or None."""
    if _ANY_DONE_WORK.search(progress) is None:  # most texts mention none: told at C speed (the loop finds none)
        return None
    return next((word for word in DONE_WORK if word in progress), None)


_ANY_DONE_WORK = re.compile("|".join(map(re.escape, DONE_WORK)))


@return_check("duplicate-task")
def check_duplicates(rows: Sequence[RawRow], lookups: Lookups, unit: str) -> Iterator[Finding]:
    """The same task number appears once in a return (across its sheets)."""
    first: dict[str, RawRow] = {}
    for row in rows:
        number = row.number
        if number is None:
            continue
        earlier = first.setdefault(fold(number), row)
        if earlier is not row:
            where = f"“{earlier.sheet}”工作表第{earlier.row}" if earlier.sheet != row.sheet else f"{earlier.row}"
            yield finding("duplicate-task", **row.place("number"), first=where, value=row.cells.get("number"),
                          suggestion="删除重复的行，或改正任务序号")


@return_check("other-plan")
def check_other_plan(rows: Sequence[RawRow], lookups: Lookups, unit: str) -> Iterator[Finding]:
    """Once per return: most task rows fit no task of this year's plan (another year's template, most likely)."""
    numbered = [row for row in rows if row.number]
    astray: list[RawRow] = []
    fitting = 0
    for row in numbered:
        if (task := row.task(lookups)) is None or _about_another_task(row, lookups, task):
            astray.append(row)
        elif 2 * (fitting := fitting + 1) > len(numbered):  # the usual return: past half, the rest cannot tip it
            return
    if len(astray) >= 3 and 2 * len(astray) >= len(numbered):
        yield finding("other-plan", file=astray[0].file, sheet=astray[0].sheet, unit=unit, count=len(astray),
                      suggestion="请使用本年度任务分工表生成的报送模板重新填报")


@return_check("missing-task")
def check_missing(rows: Sequence[RawRow], lookups: Lookups, unit: str) -> Iterator[Finding]:
    """Every task on which the unit owes progress appears in its return."""
    reported = {fold(row.number) for row in rows if row.number}
    file = rows[0].file if rows else ""
    for number, key, role in lookups.progress_owed(unit):
        if key not in reported:
            yield finding("missing-task", file=file, task=number, unit=unit, role=role.value,
                          suggestion="补充该任务的进展情况")


def run_row_checks(row: RawRow, lookups: Lookups) -> list[Finding]:
    """Every registered row check's findings for one row (those whose precondition its facts fail find nothing)."""
    percent, task, role = row.percent, row.task(lookups), row.role(lookups)
    written_role = row.sheet_role if row.written_role is None else row.written_role
    text = row.text("task_text")
    # The row's RowFacts as a plain tuple (a NamedTuple is slower to make, and this is made for every row).
    facts = (bool(row.others), row.invalid, row.status,
             NO_PERCENT if percent is None else ZERO if percent == 0 else PARTIAL if 0 < percent < 100
             else FULL if percent == 100 else OUT_OF_RANGE,
             written_role is not None and role is not None and written_role is not role,
             task is not None and (role is not None or not row.unit),
             task is not None and text != "" and text != task.text,
             not row.text("progress") and task is not None and bool(row.unit) and lookups.owes_progress(task, row.unit),
             lookups.unit_cells_clean(_unit_cells(row, task)))
    checks = _APPLICABLE.get(facts)
    if checks is None:
        named = RowFacts(*facts)
        checks = _APPLICABLE[facts] = tuple(check for check in ROW_CHECKS.values()
                                            if check not in PRECONDITIONS or PRECONDITIONS[check](named))
    if not checks:  # most rows: every check ruled out
        return []
    return [f for check in checks for f in check(row, lookups)]


def run_return_checks(rows: Sequence[RawRow], lookups: Lookups, unit: str) -> tuple[Finding, ...]:
    """Every registered whole-return check's findings."""
    return tuple(f for check in RETURN_CHECKS.values() for f in check(rows, lookups, unit))
