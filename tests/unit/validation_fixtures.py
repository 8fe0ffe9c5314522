"""In-memory returns for the rule tests: our template layout as plain rows, filled cleanly."""

from __future__ import annotations

from xl_toolkit.layout import LIST_SEPARATOR, RETURN_HEADERS
from xl_toolkit.models import AssignmentMode, Role
from xl_toolkit.raw_workbook import RawSheet, RawWorkbook
from xl_toolkit.rules.lookups import Lookups

FIRST_ROW = 4  # title, 填报单位 line, header, then tasks


def clean_rows(lookups: Lookups, unit: str) -> list[list[object]]:
    """A correctly filled return of `unit` in our template layout (rows from A1)."""
    rows: list[list[object]] = [
        ["2026年任务进展报送表"] + [None] * 9,
        [f"填报单位：{unit}（盖章）", None, None, None, "填报人：", "张三", "联系电话：", "123", "填报日期：", "2026-06-30"],
        list(RETURN_HEADERS),
    ]
    for number, role in lookups.owed[unit].items():
        task = lookups.tasks[number]
        owes = role is Role.LEAD or task.mode is AssignmentMode.BY_DUTY
        rows.append([float(number), task.text, task.lead, LIST_SEPARATOR.join(task.participants), role.value,
                     "按计划推进，已完成调研。" if owes else "", "推进中" if owes else "", 60 if owes else None, "无", ""])
    return rows


def workbook(rows: list[list[object]], **sheet_options: object) -> RawWorkbook:
    return RawWorkbook((RawSheet("任务进展", rows, **sheet_options),))  # type: ignore[arg-type]


def column(header: str) -> int:
    """0-based index of a template column."""
    return RETURN_HEADERS.index(header)
