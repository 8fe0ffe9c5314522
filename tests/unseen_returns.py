"""Returns as real clerks make them, written from scratch with openpyxl (not from our templates): merged two-row
headers, messy header text, part headings and notes inside the table, split sheets, traditional characters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xl_toolkit.models import AssignmentMode, Role, Status
from xl_toolkit.rules.lookups import Lookups

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
#: The faults planted when asked: (code, field of the cell the finding must point at).
FAULTS = (("invalid-status", "status"), ("invalid-percent", "percent"), ("unknown-task", "number"))


@dataclass(frozen=True)
class Entry:
    """One of the unit's tasks as the clerk fills it in: master data plus the clerk's answer."""

    number: str
    text: str
    lead: str
    participants: tuple[str, ...]
    part: str
    role: Role
    progress: str
    status: Status | None
    percent: float | None


@dataclass
class Built:
    """A written return and what a careful liaison officer reads from it."""

    path: Path
    unit: str
    expected: dict[str, tuple[Status | None, float | None]]
    faults: list[tuple[str, str, int, str]] = field(default_factory=list)  # code, sheet, row, column letter
    reported_on: dt.date | None = None


#: A column as written: its header text, the field it holds, and how the clerk writes an entry's value.
Column = tuple[str, str, Callable[[Entry], object]]


def entries(lookups: Lookups, unit: str) -> list[Entry]:
    """The unit's tasks in master order, answered as a diligent clerk would (done, on track, behind, silent)."""
    answers = ((Status.IN_PROGRESS, 60.0), (Status.DONE, 100.0), (Status.IN_PROGRESS, 80.0), (Status.BEHIND, 30.0),
               (Status.NOT_STARTED, 0.0))
    out = []
    for i, (number, role) in enumerate(sorted(lookups.owed[unit].items(), key=lambda item: int(item[0]))):
        task = lookups.tasks[number]
        owes = role is Role.LEAD or task.mode is AssignmentMode.BY_DUTY
        status, percent = answers[i % len(answers)] if owes or i % 3 == 0 else (None, None)
        progress = {None: "", Status.NOT_STARTED: "已列入下半年工作计划，正在做前期准备。",
                    Status.DONE: "已按期完成，相关文件已印发。", Status.BEHIND: "受外部因素影响进度滞后，正在加紧推进。",
                    }.get(status, "按计划推进，已完成调研和起草工作。")
        out.append(Entry(number, task.text, task.lead, task.participants, f"{task.part.label}、{task.part.title}",
                         role, progress, status, percent))
    return out


def expected(items: Sequence[Entry]) -> dict[str, tuple[Status | None, float | None]]:
    return {e.number: (e.status, e.percent) for e in items}


def start(lookups: Lookups, unit: str, path: Path, reported_on: dt.date | None = None
          ) -> tuple[list[Entry], Built, Workbook, Worksheet]:
    """A unit's entries, the record of the return to be written at `path`, and a new workbook with its sheet."""
    items = entries(lookups, unit)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    return items, Built(path, unit, expected(items), reported_on=reported_on), wb, ws


def status_words(words: dict[Status, str]) -> Callable[[Entry], object]:
    """The status as this clerk words it."""
    return lambda e: words.get(e.status, e.status.value) if e.status else None


def write_table(ws: Worksheet, top: int, columns: Sequence[Column], items: Sequence[Entry],
                number: Callable[[str], object], *, percent_format: bool = False,
                between: Callable[[Entry, Entry | None], list[str]] | None = None) -> dict[str, int]:
    """Task rows from row `top`; `between(entry, previous)` may write heading or blank rows first (a blank
    string is a blank separator row, other text a heading merged across the table). Returns task → row."""
    rows = {}
    r = top
    previous: Entry | None = None
    for entry in items:
        for heading in between(entry, previous) if between else []:
            if heading:
                ws.cell(r, 1, heading)
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(columns))
            r += 1
        for c, (_, name, value) in enumerate(columns, start=1):
            cell = ws.cell(r, c, number(entry.number) if name == "number" else value(entry))
            cell.border = BOX
            if name == "percent" and percent_format:
                cell.number_format = "0%"
        rows[entry.number] = r
        previous = entry
        r += 1
    return rows


def plant_faults(ws: Worksheet, built: Built, sheet: str, rows: dict[str, int], columns: Sequence[Column],
                 items: Sequence[Entry], number: Callable[[str], object], *, percent: object = "120%",
                 extra_row: int | None = None) -> None:
    """A wrong status and a percent over 100 on the first answered rows, and a task 999 that does not exist."""
    letters = {name: get_column_letter(c) for c, (_, name, _v) in enumerate(columns, start=1)}
    answered = [e for e in items if e.status is not None]
    ws[f"{letters['status']}{rows[answered[0].number]}"] = "基本完成"
    ws[f"{letters['percent']}{rows[answered[1].number]}"] = percent
    extra = extra_row or max(rows.values()) + 1
    ws[f"{letters['number']}{extra}"] = number("999")
    ws[f"{letters['progress']}{extra}"] = "已完成。"
    built.faults += [("invalid-status", sheet, rows[answered[0].number], letters["status"]),
                     ("invalid-percent", sheet, rows[answered[1].number], letters["percent"]),
                     ("unknown-task", sheet, extra, letters["number"])]


def finish(wb: Workbook, ws: Worksheet, built: Built, top: int, columns: Sequence[Column], items: Sequence[Entry],
           number: Callable[[str], object], faults: bool, *, percent_format: bool = False,
           percent: object = "120%") -> Built:
    """Write the task rows from row `top`, plant the faults when asked (on this sheet), save the workbook."""
    rows = write_table(ws, top, columns, items, number, percent_format=percent_format)
    if faults:
        plant_faults(ws, built, ws.title, rows, columns, items, number, percent=percent)
    wb.save(built.path)
    return built


STANDARD: tuple[Column, ...] = (
    ("序号", "number", lambda e: None),
    ("任务内容", "task_text", lambda e: e.text),
    ("牵头单位", "lead", lambda e: e.lead),
    ("参与单位", "participants", lambda e: "、".join(e.participants)),
    ("本单位角色", "role", lambda e: e.role.value),
    ("进展情况", "progress", lambda e: e.progress),
    ("完成状态", "status", status_words({})),
    ("完成进度（%）", "percent", lambda e: e.percent),
    ("存在问题", "problems", lambda e: "无" if e.status else None),
)


def two_row_header(directory: Path, lookups: Lookups, unit: str, faults: bool = False) -> Built:
    """完成情况 merged over 完成状态 / 完成进度（%） sub-headers; other headers merged down both rows; the percent
    typed into %-formatted cells; 填报日期 an Excel date in the cell after its label."""
    items, built, wb, ws = start(lookups, unit, directory / f"{unit}2026年进展.xlsx", reported_on=dt.date(2026, 11, 20))
    ws.title = "任务进展"
    ws["A1"] = "2026年知识产权强国建设重点任务进展情况表"
    ws.merge_cells("A1:I1")
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"], ws["G2"], ws["H2"] = f"填报单位（盖章）：{unit}", "填报日期：", dt.datetime(2026, 11, 20)
    columns = STANDARD
    for c, (title, _, _v) in enumerate(columns, start=1):
        if title in ("完成状态", "完成进度（%）"):
            ws.cell(4, c, title)
        else:
            ws.cell(3, c, title)
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    ws["G3"] = "完成情况"
    ws.merge_cells("G3:H3")
    percent_of = [(h, n, (lambda e: e.percent / 100 if e.percent is not None else None) if n == "percent" else v)
                  for h, n, v in columns]
    return finish(wb, ws, built, 5, percent_of, items, float, faults, percent_format=True, percent=1.2)


def group_over_reported_columns(directory: Path, lookups: Lookups, unit: str, faults: bool = False) -> Built:
    """A group header 本单位落实情况 over 进展情况 / 完成状态 / 完成进度: neither row alone is a full header."""
    items, built, wb, ws = start(lookups, unit, directory / f"{unit}.xlsx")
    ws["A1"] = f"填报单位：{unit}"
    columns = STANDARD[:4] + STANDARD[5:8]
    for c, (title, name, _v) in enumerate(columns, start=1):
        if name in ("progress", "status", "percent"):
            ws.cell(3, c, title)
        else:
            ws.cell(2, c, title)
            ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    ws["E2"] = "本单位落实情况"
    ws.merge_cells("E2:G2")
    return finish(wb, ws, built, 4, columns, items, int, faults)


def messy_header_text(directory: Path, lookups: Lookups, unit: str, faults: bool = False) -> Built:
    """Header on row 7 with line breaks, spaces, half- and full-width brackets and hints in the header cells;
    contact details all in one cell; statuses and percents as typed by hand (完成, 进行中 , 80％, 约80%, "100.0")."""
    items, built, wb, ws = start(lookups, unit, directory / "附件2：重点任务进展情况表.xlsx", reported_on=dt.date(2026, 11, 20))
    ws.title = "进展情况"
    ws["A1"] = "附件2"
    ws["A2"] = "2026年重点任务进展情况表"
    ws.merge_cells("A2:H2")
    ws["A4"] = f"填报单位：{unit}（盖章）    填报人：李四    联系电话：010-66000000"
    ws["A5"] = "填报日期：2026年11月20日"
    percents: dict[float, object] = {100.0: "100.0", 80.0: "约80%", 60.0: "60％", 30.0: 30, 0.0: "0"}
    columns: tuple[Column, ...] = (
        ("序  号", "number", lambda e: None),
        ("任务\n内容", "task_text", lambda e: e.text),
        ("牵头\n单位", "lead", lambda e: e.lead),
        ("参与\n单位", "participants", lambda e: "，".join(e.participants)),
        ("*进展情况\n（限300字）", "progress", lambda e: e.progress),
        ("完成状态\n（已完成/推进中/未启动/滞后）", "status",
         status_words({Status.DONE: "完成", Status.IN_PROGRESS: "进行中 ", Status.BEHIND: "进度滞后",
                       Status.NOT_STARTED: "尚未启动。"})),
        ("完成进度\n(%)", "percent", lambda e: percents[e.percent] if e.percent is not None else None),
        ("备 注", "notes", lambda e: None),
    )
    for c, (title, _, _v) in enumerate(columns, start=1):
        ws.cell(7, c, title).alignment = Alignment(wrap_text=True)
    return finish(wb, ws, built, 8, columns, items, lambda n: f"{n}、", faults)


def role_words_under_responsibility(directory: Path, lookups: Lookups, unit: str, faults: bool = False) -> Built:
    """Headers 编号 / 重点任务 / 责任单位 / 工作进展 / 完成情况 / 完成百分比, where 责任单位 holds the unit's
    role (牵头, 配合) rather than unit names; numbers written "第12项"."""
    items, built, wb, ws = start(lookups, unit, directory / f"{unit}报送.xlsx")
    ws["A1"] = "重点任务推进情况"
    ws["A2"], ws["B2"] = "填报单位", unit
    columns: tuple[Column, ...] = (
        ("编号", "number", lambda e: None),
        ("重点任务", "task_text", lambda e: e.text),
        ("责任单位", "role", lambda e: "牵头" if e.role is Role.LEAD else "配合"),
        ("工作进展", "progress", lambda e: e.progress),
        ("完成情况", "status", status_words({Status.IN_PROGRESS: "按计划推进"})),
        ("完成百分比", "percent", lambda e: f"{e.percent:g}%" if e.percent is not None else None),
    )
    for c, (title, _, _v) in enumerate(columns, start=1):
        ws.cell(3, c, title)
    return finish(wb, ws, built, 4, columns, items, lambda n: f"第{n}项", faults)


def parts_blanks_and_notes(directory: Path, lookups: Lookups, unit: str, faults: bool = False) -> Built:
    """Part headings (一、…) merged across the table, blank rows between parts, numbers written （12）, notes and
    signatures under the table, 30 bordered empty rows, and a 填表说明 sheet and an empty Sheet2."""
    items, built, wb, ws = start(lookups, unit, directory / f"{unit}-任务进展.xlsx")
    ws.title = "任务进展"
    ws["A1"] = f"填报单位：{unit}"
    columns = STANDARD

    def between(entry: Entry, previous: Entry | None) -> list[str]:
        if previous is not None and previous.part == entry.part:
            return []
        return [entry.part] if previous is None else ["", entry.part]

    for c, (title, _, _v) in enumerate(columns, start=1):
        ws.cell(2, c, title)

    def number(n: str) -> str:
        return f"（{n}）"

    rows = write_table(ws, 3, columns, items, number, between=between)
    last = max(rows.values())
    notes = last + 3 if faults else last + 2
    ws.cell(notes, 1, "备注：1.完成进度填写0-100之间的数字；2.已完成的任务请附佐证材料。")
    ws.merge_cells(start_row=notes, start_column=1, end_row=notes, end_column=len(columns))
    ws.cell(notes + 1, 1, "填表说明：本表由各单位办公厅（室）汇总报送。")
    ws.cell(notes + 2, 1, "填表人：王五")
    ws.cell(notes + 2, 4, "审核人：赵六")
    ws.cell(notes + 2, 7, "联系电话：13800000000")
    for r in range(notes + 3, notes + 33):
        for c in range(1, len(columns) + 1):
            ws.cell(r, c).border = BOX
    if faults:
        plant_faults(ws, built, "任务进展", rows, columns, items, number, extra_row=last + 1)
    guide = wb.create_sheet("填表说明")
    guide["A1"] = "填表说明"
    guide["A2"] = "1. 序号、任务内容、牵头单位、参与单位请勿改动。"
    guide["A3"] = "2. 完成状态填写：已完成、推进中、未启动、滞后。"
    wb.create_sheet("Sheet2")
    wb.save(built.path)
    return built


def split_by_role(directory: Path, lookups: Lookups, unit: str, faults: bool = False) -> Built:
    """Sheets 一、牵头任务 and 二、参与任务 with different column orders; 填报单位 only on the first sheet."""
    items = entries(lookups, unit)
    built = Built(directory / f"{unit}（牵头+参与）.xlsx", unit, expected(items))
    wb = Workbook()
    lead_ws = wb.active
    assert lead_ws is not None
    lead_ws.title = "一、牵头任务"
    lead_ws["A1"] = f"填报单位：{unit}（盖章）"
    lead_columns: tuple[Column, ...] = (STANDARD[0], STANDARD[1], STANDARD[3], STANDARD[5], STANDARD[7], STANDARD[6])
    part_columns: tuple[Column, ...] = (
        ("任务序号", "number", lambda e: None),
        ("牵头部门", "lead", lambda e: e.lead),
        ("任务名称", "task_text", lambda e: e.text),
        ("状态", "status", status_words({Status.IN_PROGRESS: "正在推进"})),
        ("进度", "percent", lambda e: e.percent),
        ("工作进展", "progress", lambda e: e.progress),
    )
    part_ws = wb.create_sheet("二、参与任务")
    part_ws["A1"] = "参与任务进展情况"
    for ws, columns, role in ((lead_ws, lead_columns, Role.LEAD), (part_ws, part_columns, Role.PARTICIPANT)):
        for c, (title, _, _v) in enumerate(columns, start=1):
            ws.cell(2, c, title)
        chosen = [e for e in items if e.role is role]
        rows = write_table(ws, 3, columns, chosen, str)
        if faults and role is Role.LEAD:
            plant_faults(ws, built, ws.title, rows, columns, chosen, str)
    wb.save(built.path)
    return built


def traditional_characters(directory: Path, lookups: Lookups, unit: str, faults: bool = False) -> Built:
    """Everything a clerk types in traditional characters: 填報單位, the headers, statuses, roles, unit names."""
    names = {"工业和信息化部": "工業和信息化部", "国家知识产权局": "國家知識產權局", "海关总署": "海關總署",
             "市场监管总局": "市場監管總局", "司法部": "司法部", "中央宣传部": "中央宣傳部"}
    items, built, wb, ws = start(lookups, unit, directory / "進展情況表.xlsx")
    ws["A1"] = f"填報單位：{names.get(unit, unit)}"
    columns: tuple[Column, ...] = (
        ("序號", "number", lambda e: None),
        ("牽頭單位", "lead", lambda e: names.get(e.lead, e.lead)),
        ("本單位角色", "role", lambda e: "牽頭" if e.role is Role.LEAD else "參與"),
        ("進展情況", "progress", lambda e: e.progress),
        ("完成狀態", "status", status_words({Status.IN_PROGRESS: "推進中", Status.NOT_STARTED: "未啟動",
                                          Status.BEHIND: "滯後"})),
        ("完成進度（%）", "percent", lambda e: e.percent),
    )
    for c, (title, _, _v) in enumerate(columns, start=1):
        ws.cell(3, c, title)
    return finish(wb, ws, built, 4, columns, items, int, faults)


def submitter_under_table(directory: Path, lookups: Lookups, unit: str, faults: bool = False) -> Built:
    """No line above the header: 填报单位 and 填报日期 signed in one cell under the table; a generic file name."""
    items, built, wb, ws = start(lookups, unit, directory / "任务进展报送表（定稿）.xlsx", reported_on=dt.date(2026, 11, 19))
    ws.title = "报送表"
    ws["A1"] = "重点任务进展情况"
    columns = (STANDARD[0], STANDARD[1], STANDARD[4], STANDARD[5], STANDARD[6], STANDARD[7])
    for c, (title, _, _v) in enumerate(columns, start=1):
        ws.cell(2, c, title)
    rows = write_table(ws, 3, columns, items, int)
    sign = max(rows.values()) + (3 if faults else 2)
    ws.cell(sign, 1, f"填报单位（盖章）：{unit}        填报日期：2026.11.19")
    ws.merge_cells(start_row=sign, start_column=1, end_row=sign, end_column=len(columns))
    if faults:
        plant_faults(ws, built, "报送表", rows, columns, items, int)
    wb.save(built.path)
    return built


def worded_labels(directory: Path, lookups: Lookups, unit: str, faults: bool = False) -> Built:
    """报送单位（盖章）： as the label, headers 工作进展情况 / 存在的问题和困难 / 下一步工作安排 / 完成率（%）,
    statuses 有序推进 / 已完成 , and a 完成时限 column the clerk added."""
    items, built, wb, ws = start(lookups, unit, directory / "进展表-终稿.xlsx")
    ws["A1"] = "报送单位（盖章）："
    ws["C1"] = unit
    ws["E1"] = "联系人：孙七"
    columns: tuple[Column, ...] = (
        ("序号", "number", lambda e: None),
        ("任务内容", "task_text", lambda e: e.text),
        ("完成时限", "deadline", lambda e: "2026年底"),
        ("工作进展情况", "progress", lambda e: e.progress),
        ("完成状态", "status", status_words({Status.IN_PROGRESS: "有序推进", Status.DONE: "已完成 "})),
        ("完成率（%）", "percent", lambda e: e.percent),
        ("存在的问题和困难", "problems", lambda e: "暂无"),
        ("下一步工作安排", "next_steps", lambda e: "继续推进"),
    )
    for c, (title, _, _v) in enumerate(columns, start=1):
        ws.cell(3, c, title)
    return finish(wb, ws, built, 4, columns, items, int, faults)


#: Each layout with the unit that sends it (different units, as in a real batch).
LAYOUTS: dict[str, tuple[Callable[..., Built], str]] = {
    "two-row-header": (two_row_header, "国家知识产权局"),
    "group-over-reported-columns": (group_over_reported_columns, "司法部"),
    "messy-header-text": (messy_header_text, "工业和信息化部"),
    "role-words-under-responsibility": (role_words_under_responsibility, "农业农村部"),
    "parts-blanks-and-notes": (parts_blanks_and_notes, "中央宣传部"),
    "split-by-role": (split_by_role, "市场监管总局"),
    "traditional-characters": (traditional_characters, "海关总署"),
    "submitter-under-table": (submitter_under_table, "教育部"),
    "worded-labels": (worded_labels, "最高人民检察院"),
}
