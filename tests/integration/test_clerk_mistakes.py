"""Mistakes a clerk makes in a return of the 2026 plan, one each in an otherwise clean return: each is reported
once, at its cell, with what it should be."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tests.unseen_returns import STANDARD, entries, write_table
from xl_toolkit.findings import Severity
from xl_toolkit.io.master import load_master
from xl_toolkit.models import AssignmentMode, Role, Task
from xl_toolkit.returns import ReturnFile
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.services.return_validation import validate_file

UNIT = "市场监管总局"
LETTERS = {name: get_column_letter(c) for c, (_, name, _v) in enumerate(STANDARD, start=1)}
ALLOWED = "请从“已完成、推进中、未启动、滞后”中选填一项"


@pytest.fixture(scope="module")
def lookups(master_2026: Path) -> Lookups:
    return Lookups.build(*load_master(master_2026))


@dataclass
class Filled:
    """A clean return of UNIT in the standard layout, open for the clerk's mistake."""

    ws: Worksheet
    rows: dict[str, int]
    lookups: Lookups

    def cell(self, number: str, field: str) -> str:
        return f"{LETTERS[field]}{self.rows[number]}"

    def set(self, number: str, **values: object) -> None:
        for field, value in values.items():
            self.ws[self.cell(number, field)] = value

    def task(self, pick: Callable[[Task, Role], bool]) -> Task:
        """The first of the unit's tasks (in return order) that `pick` accepts."""
        return next(task for number in self.rows
                    if pick(task := self.lookups.tasks[number], self.lookups.owed[UNIT][number]))


def _return(tmp_path: Path, lookups: Lookups, mistake: Callable[[Filled], None],
            file_name: str = f"{UNIT}.xlsx") -> ReturnFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = f"填报单位：{UNIT}"
    for c, (title, _, _v) in enumerate(STANDARD, start=1):
        ws.cell(2, c, title)
    filled = Filled(ws, write_table(ws, 3, STANDARD, entries(lookups, UNIT), int), lookups)
    mistake(filled)
    wb.save(tmp_path / file_name)
    return validate_file(tmp_path / file_name, lookups)


def _problems(result: ReturnFile) -> list[tuple[str, str, str]]:
    return [(f.code, f.cell, f.suggestion) for f in result.all_findings if f.severity is not Severity.INFO]


def _lead(task: Task, role: Role) -> bool:
    return role is Role.LEAD


def _participant_with_others(task: Task, role: Role) -> bool:
    return role is Role.PARTICIPANT and task.mode is AssignmentMode.RESPONSIBLE and len(task.participants) >= 3


def test_clean_return_has_no_problem(tmp_path: Path, lookups: Lookups) -> None:
    assert _problems(_return(tmp_path, lookups, lambda f: None)) == []


def test_lead_and_participant_swapped_points_at_both_unit_cells(tmp_path: Path, lookups: Lookups) -> None:
    found: dict[str, str] = {}

    def swap(f: Filled) -> None:
        task = f.task(_participant_with_others)
        swapped = [task.lead if unit == UNIT else unit for unit in task.participants]
        f.set(task.number, lead=UNIT, participants="、".join(swapped))
        found.update(lead=f.cell(task.number, "lead"), participants=f.cell(task.number, "participants"),
                     right_lead=task.lead, right_participants="、".join(task.participants))

    result = _return(tmp_path, lookups, swap)
    assert _problems(result) == [("role-mismatch", found["lead"], found["right_lead"]),
                                 ("role-mismatch", found["participants"], found["right_participants"])]
    assert f"多出“{found['right_lead']}”" in result.all_findings[-1].message


def test_lead_written_as_own_role_on_a_participant_task(tmp_path: Path, lookups: Lookups) -> None:
    cell: list[str] = []

    def claim_lead(f: Filled) -> None:
        task = f.task(lambda t, role: role is Role.PARTICIPANT)
        f.set(task.number, role="牵头")
        cell.append(f.cell(task.number, "role"))

    result = _return(tmp_path, lookups, claim_lead)
    assert _problems(result) == [("role-mismatch", cell[0], "参与")]
    assert "本单位角色填写为“牵头”" in result.all_findings[-1].message


def test_unit_typo_in_participants_suggests_the_unit(tmp_path: Path, lookups: Lookups) -> None:
    cell: list[str] = []

    def typo(f: Filled) -> None:
        task = f.task(_participant_with_others)
        f.set(task.number, participants="、".join("市场监督总局" if u == UNIT else u for u in task.participants))
        cell.append(f.cell(task.number, "participants"))

    result = _return(tmp_path, lookups, typo)
    assert _problems(result) == [("unknown-unit", cell[0], UNIT)]
    assert "“市场监督总局”不在单位名录中" in result.all_findings[-1].message


@pytest.mark.parametrize(("change", "said"), [("drop", "缺少"), ("add", "多出")])
def test_participant_list_missing_or_with_an_extra_unit_says_which(change: str, said: str, tmp_path: Path,
                                                                  lookups: Lookups) -> None:
    found: dict[str, str] = {}

    def edit(f: Filled) -> None:
        task = f.task(_participant_with_others)
        others = [u for u in task.participants if u != UNIT]
        written = [u for u in task.participants if u != others[-1]] if change == "drop" else [*task.participants, "公安部"]
        f.set(task.number, participants="、".join(written))
        found.update(cell=f.cell(task.number, "participants"), right="、".join(task.participants),
                     unit=others[-1] if change == "drop" else "公安部")

    result = _return(tmp_path, lookups, edit)
    assert _problems(result) == [("role-mismatch", found["cell"], found["right"])]
    assert f"{said}“{found['unit']}”" in result.all_findings[-1].message


def test_same_task_twice_points_at_the_second_number(tmp_path: Path, lookups: Lookups) -> None:
    found: dict[str, object] = {}

    def twice(f: Filled) -> None:
        task = f.task(_lead)
        row, below = f.rows[task.number], max(f.rows.values()) + 1
        for c in range(1, len(STANDARD) + 1):
            f.ws.cell(below, c, f.ws.cell(row, c).value)
        f.ws.cell(below, 1, int(task.number))
        found.update(cell=f"A{below}", first=row)

    result = _return(tmp_path, lookups, twice)
    assert _problems(result) == [("duplicate-task", found["cell"], "删除重复的行，或改正任务序号")]
    assert f"第{found['first']}行已填报" in result.all_findings[-1].message


def test_number_of_another_units_task_is_not_assigned(tmp_path: Path, lookups: Lookups) -> None:
    other = next(t for t in lookups.plan.tasks if lookups.role(t, UNIT) is None)
    found: list[str] = []

    def foreign(f: Filled) -> None:
        task = f.task(_lead)
        f.set(task.number, task_text=None)
        f.ws[f.cell(task.number, "number")] = int(other.number)
        found.append(f.cell(task.number, "number"))
        found.append(task.number)

    result = _return(tmp_path, lookups, foreign)
    assert _problems(result) == [("missing-task", "", "补充该任务的进展情况"),  # the unit's own task, now unreported
                                 ("not-assigned", found[0], f"该任务的责任单位为：{'、'.join(other.units)}")]
    assert [f.task for f in result.all_findings if f.code == "missing-task"] == [found[1]]


def test_done_at_sixty_percent_is_inconsistent(tmp_path: Path, lookups: Lookups) -> None:
    cell: list[str] = []

    def sixty(f: Filled) -> None:
        task = f.task(_lead)
        f.set(task.number, status="已完成", percent=60)
        cell.append(f.cell(task.number, "status"))

    result = _return(tmp_path, lookups, sixty)
    assert _problems(result) == [("inconsistent-status", cell[0], "如已全部完成，完成进度填 100；否则完成状态改为“推进中”")]
    assert "完成状态为“已完成”，但完成进度为60%" in result.all_findings[-1].message


def test_not_started_with_work_described_is_inconsistent(tmp_path: Path, lookups: Lookups) -> None:
    cell: list[str] = []

    def printed(f: Filled) -> None:
        task = f.task(_lead)
        f.set(task.number, status="未启动", percent=0, progress="已印发实施")
        cell.append(f.cell(task.number, "status"))

    result = _return(tmp_path, lookups, printed)
    assert _problems(result) == [("inconsistent-status", cell[0], "完成状态改为“推进中”或“已完成”，并相应填写完成进度")]
    assert "“已印发”" in result.all_findings[-1].message


@pytest.mark.parametrize(("written", "suggestion"), [
    ("120%", "请填写 0–100 之间的数字（已全部完成的填 100）"),
    ("-5", "请填写 0–100 之间的数字（尚未开展的填 0）"),
    ("八十", "请用阿拉伯数字填写 0–100 之间的进度，如 80 或 80%"),
])
def test_bad_percent_is_flagged_with_a_clear_suggestion(written: str, suggestion: str, tmp_path: Path,
                                                       lookups: Lookups) -> None:
    found: dict[str, str] = {}

    def percent(f: Filled) -> None:
        task = f.task(_lead)
        f.set(task.number, percent=written)
        found.update(cell=f.cell(task.number, "percent"), task=task.number)

    result = _return(tmp_path, lookups, percent)
    assert _problems(result) == [("invalid-percent", found["cell"], suggestion)]
    message = result.all_findings[-1].message
    assert message.startswith(f"任务{found['task']}：单元格{found['cell']}") and f"“{written}”" in message


@pytest.mark.parametrize(("written", "suggestion"), [
    ("完成了", f"{ALLOWED}，已全部完成的请填“已完成”"),
    ("基本完成", f"{ALLOWED}，尚未全部完成的请填“推进中”"),
    ("未完成", f"{ALLOWED}，尚未完成的请填“推进中”或“滞后”，尚未开始的请填“未启动”"),
    ("差不多了", ALLOWED),
])
def test_free_wording_of_status_is_flagged_with_the_allowed_values(written: str, suggestion: str, tmp_path: Path,
                                                                  lookups: Lookups) -> None:
    cell: list[str] = []

    def status(f: Filled) -> None:
        task = f.task(_lead)
        f.set(task.number, status=written, percent=100)
        cell.append(f.cell(task.number, "status"))

    assert _problems(_return(tmp_path, lookups, status)) == [("invalid-status", cell[0], suggestion)]


def test_status_synonym_is_read_as_the_status(tmp_path: Path, lookups: Lookups) -> None:
    number: list[str] = []

    def ongoing(f: Filled) -> None:
        task = f.task(_lead)
        f.set(task.number, status="正在进行", percent=50)
        number.append(task.number)

    result = _return(tmp_path, lookups, ongoing)
    assert _problems(result) == []
    assert next(r.status for r in result.rows if r.task == number[0]) == "推进中"


@pytest.mark.parametrize("by_duty", [False, True], ids=["lead", "by-duty-participant"])
def test_empty_progress_where_owed_points_at_the_progress_cell(by_duty: bool, tmp_path: Path,
                                                               lookups: Lookups) -> None:
    found: dict[str, str] = {}

    def empty(f: Filled) -> None:
        task = f.task((lambda t, role: role is Role.PARTICIPANT and t.mode is AssignmentMode.BY_DUTY) if by_duty
                      else _lead)
        f.set(task.number, progress=None)
        found.update(cell=f.cell(task.number, "progress"))

    result = _return(tmp_path, lookups, empty)
    assert _problems(result) == [("missing-progress", found["cell"], "填写本单位本年度的工作进展")]
    assert ("按职责分工负责" if by_duty else "牵头单位") in result.all_findings[-1].message


@pytest.mark.parametrize(("field", "written"), [("progress", "=已完成"), ("problems", "+1+1")])
def test_text_a_spreadsheet_would_run_is_formula_injection(field: str, written: str, tmp_path: Path,
                                                           lookups: Lookups) -> None:
    cell: list[str] = []

    def injected(f: Filled) -> None:
        task = f.task(_lead)
        f.set(task.number, **{field: written})
        f.ws[f.cell(task.number, field)].data_type = "s"  # typed as text, not a formula
        cell.append(f.cell(task.number, field))

    result = _return(tmp_path, lookups, injected)
    assert _problems(result) == [("formula-injection", cell[0], "删除开头的 = + - @ 符号，或改写为纯文本")]
    assert result.all_findings[-1].value == f"'{written}"


def test_formula_cell_is_flagged_once_and_its_value_never_used(tmp_path: Path, lookups: Lookups) -> None:
    found: dict[str, str] = {}

    def formula(f: Filled) -> None:
        task = f.task(_lead)
        f.set(task.number, percent="=50+30", progress='="已完成"')
        found.update(percent=f.cell(task.number, "percent"), progress=f.cell(task.number, "progress"),
                     task=task.number)

    result = _return(tmp_path, lookups, formula)
    advice = "请删除公式，直接填写数字或文字"
    assert sorted(_problems(result)) == sorted([("formula-injection", found["percent"], advice),
                                                ("formula-injection", found["progress"], advice)])
    row = next(r for r in result.rows if r.task == found["task"])
    assert (row.percent, row.progress, row.accepted) == (None, "", False)
    assert all(not f.value.startswith("=") for f in result.all_findings)


def test_small_edits_to_task_text_are_described(tmp_path: Path, lookups: Lookups) -> None:
    found: dict[str, str] = {}

    def edit(f: Filled) -> None:
        task = f.task(_lead)
        f.set(task.number, task_text="进一步" + task.text[:-1] + "工作。")
        found.update(cell=f.cell(task.number, "task_text"), text=task.text)

    result = _return(tmp_path, lookups, edit)
    assert _problems(result) == [("task-text-changed", found["cell"], found["text"])]
    assert "增加“进一步”" in result.all_findings[-1].message


def test_text_of_another_task_under_a_number_suggests_the_right_number(tmp_path: Path, lookups: Lookups) -> None:
    found: dict[str, str] = {}

    def other_text(f: Filled) -> None:
        first, second = [f.task(_lead), next(t for n in reversed(f.rows)
                                             if f.lookups.owed[UNIT][n] is Role.LEAD and (t := f.lookups.tasks[n]))]
        f.set(first.number, task_text=second.text)
        found.update(cell=f.cell(first.number, "task_text"), right=second.number)

    result = _return(tmp_path, lookups, other_text)
    assert _problems(result) == [("task-text-changed", found["cell"], f"任务序号改为{found['right']}")]


def test_submitter_line_wins_over_the_file_name_with_a_warning(tmp_path: Path, lookups: Lookups) -> None:
    result = _return(tmp_path, lookups, lambda f: None, file_name="司法部2026年进展.xlsx")
    assert result.unit == UNIT
    assert _problems(result) == [("submitter-conflict", "A1",
                                  f"请核对：如表内填报单位有误请改为“司法部”，否则请将文件名改为“{UNIT}”开头")]


def test_last_years_template_gives_one_finding_a_row_and_one_summary(tmp_path: Path, lookups: Lookups) -> None:
    last = max(int(t.number) for t in lookups.plan.tasks)

    def old_template(f: Filled) -> None:
        others = [t for t in lookups.plan.tasks if lookups.role(t, UNIT) is None]
        for i, number in enumerate(f.rows):
            old = last + 1 + i if i % 2 else int(others[i].number)
            f.ws[f.cell(number, "number")] = old
            f.set(number, task_text=f"加强{i}号旧任务相关工作，推动落实。")

    result = _return(tmp_path, lookups, old_template)
    problems = _problems(result)
    rows = len(entries(lookups, UNIT))
    owed = sum(lookups.owes_progress(lookups.tasks[n], UNIT) for n in lookups.owed[UNIT])
    by_code = {code: sum(p[0] == code for p in problems) for code, *_ in problems}
    assert by_code == {"other-plan": 1, "unknown-task": rows // 2, "not-assigned": rows - rows // 2,
                       "missing-task": owed}
