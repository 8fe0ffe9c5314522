"""Sample returns, filled the many ways clerks fill them, with named defects on demand: for tests and the demo.

`write_sample_returns(plan, registry, directory)` writes one filled return per unit; layouts rotate over
`LAYOUTS`; `defects={"司法部": ["invalid-percent"]}` plants named mistakes (see `DEFECTS`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..assignments import assignments
from ..layout import LIST_SEPARATOR, RETURN_HEADERS
from ..models import AssignmentMode, Plan, Role, Status, Task
from ..registry import UnitRegistry
from .atomic import save_atomically
from .templates import template_file_name, write_return_template

#: How returns are laid out: our template filled; a hand-made sheet (title, 填报单位 line, header on row 4,
#: synonyms, shuffled and extra columns); a workbook split into 牵头任务/参与任务 sheets, unit from the file name.
LAYOUTS: tuple[str, ...] = ("template", "handmade", "split")

#: Mistakes that can be planted, by the finding code they should raise (plus file-level ones).
DEFECTS: tuple[str, ...] = (
    "unknown-unit", "alias-unit", "unknown-task", "not-assigned", "role-mismatch", "duplicate-task",
    "task-text-changed", "invalid-status", "invalid-percent", "missing-progress", "inconsistent-status",
    "formula-injection", "formula-cell", "unknown-submitter", "header-not-found", "truncated", "legacy-xls",
)

_STATUS_WORDS = {
    Status.DONE: ("已完成", "完成"),
    Status.IN_PROGRESS: ("推进中", "正在推进", "进行中", "按计划推进"),
    Status.NOT_STARTED: ("未启动", "尚未启动"),
    Status.BEHIND: ("滞后", "进度滞后"),
}
_PROGRESS = {
    Status.DONE: "年度任务已全部完成，相关文件已印发实施。",
    Status.IN_PROGRESS: "按计划推进，已完成调研和起草工作，正在征求意见。",
    Status.NOT_STARTED: "尚未启动，正在开展前期研究和工作准备。",
    Status.BEHIND: "受工作安排调整影响，进度慢于预期，正在加快推进。",
}
_HANDMADE_HEADERS = {
    "number": ("编号", "任务序号", "序号"), "task_text": ("重点任务", "任务名称"), "lead": ("牵头部门", "责任单位"),
    "participants": ("配合单位", "参与部门", "协办单位"), "role": ("责任类型", "本单位角色"),
    "progress": ("工作进展", "进展情况"), "status": ("完成情况", "状态"), "percent": ("完成百分比", "进度"),
    "problems": ("存在问题",), "next_steps": ("下一步工作",),
}


@dataclass
class SampleRow:
    """One filled row before it is laid out (values as the clerk writes them)."""

    task: Task
    role: Role
    number: object
    text: str
    lead: str
    participants: str
    role_text: str
    progress: str
    status: str
    percent: object
    problems: str = ""
    next_steps: str = ""
    formula: bool = field(default=False)


def write_sample_returns(
    plan: Plan,
    registry: UnitRegistry,
    directory: Path,
    *,
    seed: int = 0,
    withhold: Collection[str] = (),
    defects: Mapping[str, Sequence[str]] | None = None,
    layouts: Mapping[str, str] | None = None,
) -> dict[str, Path]:
    """Write a filled return for every unit that owes one (except `withhold`); returns unit → path.

    Layouts rotate over LAYOUTS in unit order unless `layouts` names one per unit; `defects` plants the named
    DEFECTS in a unit's return. Deterministic for a given seed. Raises ValueError for an unknown defect name.
    """
    directory.mkdir(parents=True, exist_ok=True)
    defects = defects or {}
    unknown = {d for names in defects.values() for d in names} - set(DEFECTS)
    if unknown:
        raise ValueError(f"unknown defects: {sorted(unknown)}")
    rng = random.Random(seed)
    written: dict[str, Path] = {}
    for index, (unit, tasks) in enumerate(assignments(plan, registry).items()):
        rows = [_fill(task, role, unit, rng) for task, role in tasks]
        if unit in withhold:
            continue
        layout = (layouts or {}).get(unit, LAYOUTS[index % len(LAYOUTS)])
        planted = list(defects.get(unit, ()))
        rows = _plant(rows, planted, plan, unit, registry, layout)
        writer = _WRITERS[layout]
        path = writer(plan, unit, rows, directory, registry, planted)
        written[unit] = _damage(path, planted)
    return written


def _fill(task: Task, role: Role, unit: str, rng: random.Random) -> SampleRow:
    owes = role is Role.LEAD or task.mode is AssignmentMode.BY_DUTY
    status = rng.choice(list(Status))
    percent = {Status.DONE: 100, Status.NOT_STARTED: 0}.get(status, rng.choice((30, 40, 50, 60, 75, 80, 90)))
    silent = not owes and rng.random() < 0.4
    return SampleRow(
        task=task, role=role, number=task.number, text=task.text, lead=task.lead,
        participants=LIST_SEPARATOR.join(task.participants), role_text=role.value,
        progress="" if silent else _PROGRESS[status],
        status="" if silent else rng.choice(_STATUS_WORDS[status]),
        percent=None if silent else percent,
        problems="" if silent else rng.choice(("无", "部门协同机制有待完善。", "")),
        next_steps="" if silent else rng.choice(("继续推进落实。", "按计划完成年度任务。", "")),
    )


def _plant(rows: list[SampleRow], planted: Sequence[str], plan: Plan, unit: str, registry: UnitRegistry,
           layout: str) -> list[SampleRow]:
    rows = list(rows)
    first = rows[0]
    owed = next((i for i, r in enumerate(rows) if r.role is Role.LEAD or r.task.mode is AssignmentMode.BY_DUTY), 0)
    for defect in planted:
        if defect == "unknown-unit":
            rows[0] = replace(rows[0], lead=_typo(first.lead))
        elif defect == "alias-unit":
            alias = next(iter((registry.get(first.lead) or _NoAliases()).aliases), first.lead)
            rows[0] = replace(rows[0], lead=alias)
        elif defect == "unknown-task":
            rows.append(replace(first, number=len(plan.tasks) + 900))
        elif defect == "not-assigned":
            other = next(t for t in plan.tasks if t.number not in {r.task.number for r in rows})
            rows.append(replace(first, task=other, number=other.number, text=other.text, lead=other.lead,
                                participants=LIST_SEPARATOR.join(other.participants)))
        elif defect == "role-mismatch":
            flipped = Role.PARTICIPANT if first.role is Role.LEAD else Role.LEAD
            rows[0] = replace(rows[0], role=flipped, role_text=flipped.value)
        elif defect == "duplicate-task":
            rows.append(replace(first, progress=first.progress or _PROGRESS[Status.IN_PROGRESS]))
        elif defect == "task-text-changed":
            rows[0] = replace(rows[0], text=first.text[4:] + "（本单位调整）")
        elif defect == "invalid-status":
            rows[0] = replace(rows[0], status="基本完成吧")
        elif defect == "invalid-percent":
            rows[0] = replace(rows[0], percent=150)
        elif defect == "missing-progress":
            rows[owed] = replace(rows[owed], progress="")
        elif defect == "inconsistent-status":
            rows[0] = replace(rows[0], status="已完成", percent=50, progress=_PROGRESS[Status.IN_PROGRESS])
        elif defect == "formula-injection":
            rows[0] = replace(rows[0], problems="+1+1")
        elif defect == "formula-cell":
            rows[0] = replace(rows[0], problems='=CONCAT("无","")', formula=True)
    return rows


class _NoAliases:
    aliases: tuple[str, ...] = ()


def _typo(name: str) -> str:
    """One character changed (国家知识产权局 → 国加知识产权局)."""
    position = 1 if len(name) > 1 else 0
    replacement = "加" if name[position] != "加" else "家"
    return name[:position] + replacement + name[position + 1:]


def _cells(row: SampleRow, fields: Sequence[str], layout: str, index: int) -> list[object]:
    values: dict[str, object] = {
        "number": row.number, "task_text": row.text, "lead": row.lead, "participants": row.participants,
        "role": row.role_text, "progress": row.progress, "status": row.status, "percent": row.percent,
        "problems": row.problems, "next_steps": row.next_steps, "extra": "",
    }
    if layout != "template" and str(row.number).isdigit():
        values["number"] = _number_variant(str(row.number), index)
        if layout == "handmade" and row.percent is not None and index % 2 and isinstance(row.percent, int):
            values["percent"] = f"{row.percent}%"
        if row.role is Role.PARTICIPANT and layout == "handmade":
            values["role"] = ("参与", "配合", "协办")[index % 3] if row.role_text == "参与" else row.role_text
    elif str(row.number).isdigit():
        values["number"] = int(str(row.number))
    return [values[f] for f in fields]


def _number_variant(number: str, index: int) -> object:
    variants: tuple[Callable[[str], object], ...] = (
        int, lambda n: float(n), str, lambda n: f"{n}.", lambda n: f"第{n}项",
        lambda n: n.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    )
    return variants[index % len(variants)](number)


def _write_rows(ws: Worksheet, first_row: int, fields: Sequence[str], rows: Sequence[SampleRow], layout: str,
                percent_format: bool = False) -> None:
    for offset, row in enumerate(rows):
        r = first_row + offset
        for c, value in enumerate(_cells(row, fields, layout, offset), start=1):
            if percent_format and fields[c - 1] == "percent" and isinstance(value, int | float):
                cell = ws.cell(row=r, column=c, value=value / 100)
                cell.number_format = "0%"
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value[:1] in "=+-@" and not (row.formula and fields[c - 1] == "problems"):
                cell.data_type = "s"


def _write_template(plan: Plan, unit: str, rows: list[SampleRow], directory: Path, registry: UnitRegistry,
                    planted: Sequence[str]) -> Path:
    path = directory / template_file_name(unit)
    write_return_template(plan, unit, [(r.task, r.role) for r in rows], path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    fields = ("number", "task_text", "lead", "participants", "role", "progress", "status", "percent", "problems",
              "next_steps")
    assert len(fields) == len(RETURN_HEADERS)
    _write_rows(ws, 4, fields, rows, "template")
    ws["F2"], ws["H2"], ws["J2"] = "张三", "010-12345678", dt.date(plan.year, 6, 30)
    if "unknown-submitter" in planted:
        ws["A2"] = None
        path = _rename(path, "报送表_3.xlsx")
    if "header-not-found" in planted:
        for c in range(1, len(fields) + 1):
            ws.cell(row=3, column=c, value=f"列{c}")
    save_atomically(wb, path)
    return path


def _rename(path: Path, name: str) -> Path:
    target = path.with_name(name)
    path.replace(target)
    return target


def _write_handmade(plan: Plan, unit: str, rows: list[SampleRow], directory: Path, registry: UnitRegistry,
                    planted: Sequence[str]) -> Path:
    rng = random.Random(unit)
    fields = list(_HANDMADE_HEADERS)
    rng.shuffle(fields)
    fields.remove("number")
    fields = ["number", *fields, "extra"]
    headers = [rng.choice(_HANDMADE_HEADERS[f]) if f != "extra" else "备注（联系人）" for f in fields]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws["A1"] = f"{plan.title}重点任务进展情况"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(fields))
    aliases = (registry.get(unit) or _NoAliases()).aliases
    if "unknown-submitter" not in planted:
        ws["A2"] = f"填报单位：{aliases[0] if aliases else unit}（盖章）"
    ws["A3"], ws["D3"], ws["G3"] = "填报人：李四", "联系电话：010-87654321", f"填报日期：{plan.year}年7月1日"
    for c, header in enumerate(headers, start=1):
        ws.cell(row=4, column=c, value=f"列{c}" if "header-not-found" in planted else header)
    _write_rows(ws, 5, fields, rows, "handmade")
    name = "报送表_3.xlsx" if "unknown-submitter" in planted else f"{template_file_name(unit)[:-5]}_进展.xlsx"
    return save_atomically(wb, directory / name)


def _write_split(plan: Plan, unit: str, rows: list[SampleRow], directory: Path, registry: UnitRegistry,
                 planted: Sequence[str]) -> Path:
    fields = ("number", "task_text", "lead", "participants", "progress", "status", "percent", "problems")
    headers = ("任务序号", "任务名称", "牵头单位", "参与单位", "进展情况", "完成状态", "完成进度（%）", "存在问题")
    wb = Workbook()
    for sheet, role in (("牵头任务", Role.LEAD), ("参与任务", Role.PARTICIPANT)):
        chosen = [r for r in rows if r.role is role]
        if not chosen:
            continue
        ws = wb.create_sheet(sheet)
        ws["A1"] = f"{plan.title}{sheet}进展"
        for c, header in enumerate(headers, start=1):
            ws.cell(row=2, column=c, value=f"列{c}" if "header-not-found" in planted else header)
        _write_rows(ws, 3, fields, chosen, "split", percent_format=True)
    del wb["Sheet"]
    aliases = (registry.get(unit) or _NoAliases()).aliases
    short = aliases[0] if aliases else unit
    name = "报送表_3.xlsx" if "unknown-submitter" in planted else f"{plan.year}年_{short}_任务进展.xlsx"
    return save_atomically(wb, directory / template_file_name(name)[:-5])


def _damage(path: Path, planted: Sequence[str]) -> Path:
    if "truncated" in planted:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    if "legacy-xls" in planted:
        target = path.with_suffix(".xls")
        target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
        path.unlink()
        return target
    return path


_WRITERS = {"template": _write_template, "handmade": _write_handmade, "split": _write_split}
