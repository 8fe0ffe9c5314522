"""The task-assignment (master) workbook: sheets 任务分工, 单位名录 and 计划信息, written and read back."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

import python_calamine
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..layout import (
    LIST_SEPARATOR,
    MASTER_HEADERS,
    MASTER_SHEET,
    PLAN_INFO_SHEET,
    REGISTRY_SHEET,
    section_heading,
)
from ..models import AssignmentMode, Plan, Section, Task
from ..registry import REGISTRY_HEADERS, UnitRegistry, default_registry, split_list
from ..returns_parsing import column_letter
from .atomic import save_atomically
from .sheet_style import TITLE_FONT, number_cell, print_setup, protect_structure, style_body, write_header

_WIDTHS = {"序号": 7, "部分": 18, "类别": 22, "任务内容": 60, "牵头单位": 18, "参与单位": 30, "分工方式": 14,
           "完成时限": 12, "备注": 20}
_REGISTRY_WIDTHS = {"单位名称": 24, "别名": 50, "类别": 14, "成员单位": 60, "备注": 30}
_HEADING = re.compile(r"^(?P<label>（[^）]+）|[^、]+)、?(?P<title>.*)$")


class MasterFormatError(ValueError):
    """The master workbook lacks a sheet or column the toolkit needs; the message is for the clerk."""


@dataclass(frozen=True)
class MasterRow:
    """One row of the 任务分工 sheet as written, with its Excel row number (for findings on the master itself)."""

    row: int
    cells: dict[str, object]


def write_master(plan: Plan, registry: UnitRegistry, target: Path) -> Path:
    """Write the task-assignment workbook for a plan."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = MASTER_SHEET
    _write_tasks(ws, plan)
    _write_registry(wb.create_sheet(REGISTRY_SHEET), registry)
    _write_plan_info(wb.create_sheet(PLAN_INFO_SHEET), plan)
    wb.properties.title = plan.title
    return save_atomically(wb, target)


def _write_tasks(ws: Worksheet, plan: Plan) -> None:
    write_header(ws, 1, MASTER_HEADERS, _WIDTHS)
    for task in plan.tasks:
        ws.append(
            [
                number_cell(task.number),
                section_heading(task.part.label, task.part.title),
                section_heading(task.section.label, task.section.title) if task.section else "",
                task.text,
                task.lead,
                LIST_SEPARATOR.join(task.participants),
                task.mode.value,
                task.deadline,
                "",
            ]
        )
    last = len(plan.tasks) + 1
    style_body(ws, 2, last, len(MASTER_HEADERS), unlocked=(len(MASTER_HEADERS),))
    for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=8, max_col=8):
        cell.number_format = "yyyy-mm-dd"
    modes = DataValidation(type="list", formula1='"负责,按职责分工负责"', allow_blank=False)
    modes.error, modes.errorTitle = "分工方式只能是“负责”或“按职责分工负责”", "分工方式"
    ws.add_data_validation(modes)
    modes.add(f"G2:G{max(last, 2)}")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:I{last}"
    print_setup(ws, 1)
    protect_structure(ws)


def _write_registry(ws: Worksheet, registry: UnitRegistry) -> None:
    write_header(ws, 1, REGISTRY_HEADERS, _REGISTRY_WIDTHS)
    for row in registry.to_rows():
        ws.append(list(row))
    style_body(ws, 2, len(registry) + 1, len(REGISTRY_HEADERS), unlocked=range(1, len(REGISTRY_HEADERS) + 1))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:E{len(registry) + 1}"


def _write_plan_info(ws: Worksheet, plan: Plan) -> None:
    ws["A1"], ws["A1"].font = "计划信息", TITLE_FONT
    rows = [("计划名称", plan.title), ("年度", plan.year), ("格式", plan.style), ("分工规则", plan.rule),
            ("任务数", len(plan.tasks))]
    rows += [("简称", f"{short}={full}") for short, full in plan.aliases_defined.items()]
    for index, (key, value) in enumerate(rows, start=2):
        ws.cell(row=index, column=1, value=key)
        ws.cell(row=index, column=2, value=value)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 12, 80


@dataclass(frozen=True)
class MasterSheets:
    """The master's sheets as written: task rows, their header columns, the registry and the 计划信息 pairs."""

    source: str
    rows: list[MasterRow]
    columns: dict[str, str]
    registry: UnitRegistry
    info: dict[str, object]
    abbreviations: dict[str, str]


def master_from_values(sheets: Mapping[str, Sequence[Sequence[object]]], source: str) -> MasterSheets:
    """The master read from its sheets' values (rows of cells by sheet name), e.g. from an open workbook."""
    if MASTER_SHEET not in sheets:
        raise MasterFormatError(f"任务分工表中没有“{MASTER_SHEET}”工作表：{source}")
    values = list(sheets[MASTER_SHEET])
    headers = [str(v).strip() if v is not None else "" for v in (values[0] if values else ())]
    missing = [h for h in MASTER_HEADERS[:7] if h not in headers]
    if missing:
        raise MasterFormatError(f"“{MASTER_SHEET}”工作表缺少列：{'、'.join(missing)}")
    rows = [
        MasterRow(index, {h: row[i] if i < len(row) else None for i, h in enumerate(headers) if h})
        for index, row in enumerate(values[1:], start=2)
        if any(v not in (None, "") for v in row)
    ]
    info: dict[str, object] = {}
    abbreviations: dict[str, str] = {}
    for key, value, *_ in (list(r) + [None, None] for r in list(sheets.get(PLAN_INFO_SHEET, ()))[1:]):
        if key == "简称" and "=" in str(value):
            short, _, full = str(value).partition("=")
            abbreviations[short] = full
        elif key:
            info[str(key)] = value
    return MasterSheets(
        source=source,
        rows=rows,
        columns={h: column_letter(c) for c, h in enumerate(headers, start=1) if h},
        registry=_registry(sheets.get(REGISTRY_SHEET)),
        info=info,
        abbreviations=abbreviations,
    )


def read_master_rows(path: Path) -> MasterSheets:
    """The master workbook's 任务分工, 单位名录 and 计划信息 sheets as written (read with calamine: every batch
    starts by reading the master; empty cells are None and whole numbers int, as openpyxl and Excel give them)."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.CalamineError as error:
        raise MasterFormatError(f"{path.name} 不是可读取的 .xlsx 工作簿（{error}）") from error
    try:
        sheets: dict[str, list[list[object]]] = {
            name: [[_plain(value) for value in row] for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]
            for name in (MASTER_SHEET, REGISTRY_SHEET, PLAN_INFO_SHEET) if name in book.sheet_names}
    finally:
        book.close()
    return master_from_values(sheets, path.name)


def _plain(value: object) -> object:
    if value == "":
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _registry(values: Sequence[Sequence[object]] | None) -> UnitRegistry:
    """The registry from the 单位名录 sheet; the shipped one when the workbook has no such sheet."""
    if values is None:
        return default_registry()
    rows = list(values)
    return UnitRegistry.from_rows(rows[1:], rows[0]) if rows else UnitRegistry(())


def load_master(path: Path) -> tuple[Plan, UnitRegistry]:
    """Read a master workbook back into a Plan and its registry (units resolved to canonical names)."""
    return plan_from_master(read_master_rows(path))


def plan_from_master(master: MasterSheets) -> tuple[Plan, UnitRegistry]:
    """The Plan a master's sheets describe, and its registry (units resolved to canonical names)."""
    registry, info = master.registry, master.info
    year = int(str(info.get("年度") or dt.date.today().year))
    tasks = []
    for seq, master_row in enumerate(master.rows, start=1):
        cells = master_row.cells
        units = [registry.canonical(u) or u for u in split_list(cells.get("牵头单位"))]
        participants = [registry.canonical(u) or u for u in split_list(cells.get("参与单位"))]
        if not units:
            raise MasterFormatError(f"“{MASTER_SHEET}”第{master_row.row}行没有牵头单位")
        tasks.append(
            Task(
                number=_number_text(cells.get("序号")),
                seq=seq,
                text=str(cells.get("任务内容") or ""),
                part=_section(cells.get("部分")) or Section(label="", title=""),
                section=_section(cells.get("类别")),
                lead=units[0],
                participants=tuple(p for p in dict.fromkeys(units[1:] + participants) if p != units[0]),
                mode=AssignmentMode(str(cells.get("分工方式") or AssignmentMode.RESPONSIBLE.value).strip()),
                deadline=_as_date(cells.get("完成时限")) or dt.date(year, 12, 31),
            )
        )
    plan = Plan(
        title=str(info.get("计划名称") or PurePath(master.source).stem),
        year=year,
        style=str(info.get("格式") or "promotion-plan"),
        rule=str(info.get("分工规则") or ""),
        tasks=tuple(tasks),
        aliases_defined=master.abbreviations,
    )
    return plan, registry


def _number_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


def _section(value: object) -> Section | None:
    text = str(value or "").strip()
    if not text:
        return None
    match = _HEADING.match(text)
    assert match is not None
    return Section(label=match["label"], title=match["title"])


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
