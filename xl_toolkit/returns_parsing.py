"""Parsing returns as clerks write them: header synonyms, the 填报单位 line, task numbers, percents, statuses."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .layout import SUBMITTER_LABEL
from .models import Role, Status
from .text import fold, nfkc

#: Canonical field → header texts clerks write for it (matched after folding and dropping brackets and marks).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "任务序号", "任务编号"),
    "task_text": ("任务内容", "重点任务", "任务名称"),
    "lead": ("牵头单位", "牵头部门", "责任单位"),
    "participants": ("参与单位", "参与部门", "配合单位", "协办单位"),
    "role": ("本单位角色", "责任类型", "角色"),
    "progress": ("进展情况", "工作进展", "完成情况说明", "进展"),
    "status": ("完成状态", "完成情况", "状态"),
    "percent": ("完成进度", "进度", "完成百分比", "完成比例"),
    "problems": ("存在问题", "问题", "存在的问题"),
    "next_steps": ("下一步计划", "下一步工作", "下一步工作计划"),
}
#: Fields a row reports on; a header row needs the number and at least one of these.
REPORTED_FIELDS: tuple[str, ...] = ("progress", "status", "percent")

STATUS_SYNONYMS: dict[str, Status] = {
    "已完成": Status.DONE, "完成": Status.DONE, "已经完成": Status.DONE, "全部完成": Status.DONE,
    "推进中": Status.IN_PROGRESS, "正在推进": Status.IN_PROGRESS, "进行中": Status.IN_PROGRESS,
    "按计划推进": Status.IN_PROGRESS, "持续推进": Status.IN_PROGRESS, "正在进行": Status.IN_PROGRESS,
    "未启动": Status.NOT_STARTED, "尚未启动": Status.NOT_STARTED, "未开始": Status.NOT_STARTED,
    "滞后": Status.BEHIND, "进度滞后": Status.BEHIND, "推进滞后": Status.BEHIND,
}
ROLE_SYNONYMS: dict[str, Role] = {
    "牵头": Role.LEAD, "牵头单位": Role.LEAD, "牵头部门": Role.LEAD, "主责": Role.LEAD,
    "参与": Role.PARTICIPANT, "配合": Role.PARTICIPANT, "协办": Role.PARTICIPANT,
    "参与单位": Role.PARTICIPANT, "配合单位": Role.PARTICIPANT, "协办单位": Role.PARTICIPANT,
}
#: How many rows from the top a header may sit on.
HEADER_SEARCH_ROWS = 10

_BRACKETS = re.compile(r"\([^)]*\)|\[[^]]*\]|【[^】]*】")
_HEADER_NOISE = re.compile(r"[*%:：\s]")
_NUMBER = re.compile(r"^第?\s*(\d+)\s*(?:\.0*)?\s*[项条、.。)]?$")
_PERCENT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*%?$")
_SUBMITTER = re.compile(rf"^{SUBMITTER_LABEL}\s*[:：]?\s*(.*)$")
_ROLE_SHEETS = (("牵头", Role.LEAD), ("参与", Role.PARTICIPANT), ("配合", Role.PARTICIPANT), ("协办", Role.PARTICIPANT))

_HEADER_INDEX = {fold(text): key for key, texts in HEADER_SYNONYMS.items() for text in texts}
_STATUS_INDEX = {fold(text): status for text, status in STATUS_SYNONYMS.items()}
_ROLE_INDEX = {fold(text): role for text, role in ROLE_SYNONYMS.items()}


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is: its 1-based row and each recognised field's 1-based column."""

    row: int
    columns: dict[str, int]


@dataclass(frozen=True)
class SubmitterLine:
    """The 填报单位 line: the unit as written and the cell it sits in (1-based)."""

    written: str
    row: int
    column: int


def cell_text(value: object) -> str:
    """A cell value as stripped text (None → empty; integral floats without .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_field(value: object) -> str | None:
    """The canonical field a header cell names, or None (完成进度（%） → percent, 牵头部门 → lead)."""
    text = _HEADER_NOISE.sub("", _BRACKETS.sub("", nfkc(cell_text(value))))
    return _HEADER_INDEX.get(fold(text)) if text else None


def find_header(rows: Sequence[Sequence[object]], max_rows: int = HEADER_SEARCH_ROWS) -> HeaderMatch | None:
    """The first row within `max_rows` naming the task number and at least one reported field."""
    for index, row in enumerate(rows[:max_rows], start=1):
        columns: dict[str, int] = {}
        for col, value in enumerate(row, start=1):
            key = header_field(value)
            if key is not None:
                columns.setdefault(key, col)
        if "number" in columns and any(f in columns for f in REPORTED_FIELDS):
            return HeaderMatch(index, columns)
    return None


def find_submitter(rows: Sequence[Sequence[object]]) -> SubmitterLine | None:
    """The 填报单位 line above the header: `填报单位：X（盖章）`, or the label with the name in the next cell."""
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            match = _SUBMITTER.match(nfkc(cell_text(value)))
            if match is None:
                continue
            written = _strip_seal(match[1])
            if written:
                return SubmitterLine(written, r, c)
            for c2 in range(c + 1, len(row) + 1):
                nxt = _strip_seal(nfkc(cell_text(row[c2 - 1])))
                if nxt:
                    return SubmitterLine(nxt, r, c2)
    return None


def _strip_seal(text: str) -> str:
    return re.sub(r"[（(]\s*(?:盖章|公章|印章)\s*[)）]|盖章", "", text).strip(" 　:：")


def parse_task_number(value: object) -> str | None:
    """A task number as text: 12, 12.0, "12", "12.", "第12项", "１２" → "12"; other text folded; empty → None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, int):
        return str(value)
    text = nfkc(str(value)).strip()
    if not text:
        return None
    match = _NUMBER.match(text)
    return str(int(match[1])) if match else fold(text)


def parse_percent(value: object, percent_format: bool = False) -> float | None:
    """Completion in percent: 80, "80%", "８０％", and 0.8 in a %-formatted cell → 80.0; empty → None.

    Raises ValueError for text that is not a number. A bare number is taken as percent points even when
    it is 0–1, unless the cell's number format is a percent format (then Excel shows 0.8 as 80%).
    """
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError("not a number")
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            raise ValueError("not a number")
        return round(number * 100, 6) if percent_format else number
    text = nfkc(str(value)).strip().replace(" ", "")
    if not text:
        return None
    match = _PERCENT.match(text)
    if match is None:
        raise ValueError("not a number")
    return float(match[1])


def parse_status(value: object) -> Status | None:
    """A status from its synonyms (完成 → 已完成, 进行中 → 推进中 …); empty → None; ValueError otherwise."""
    text = fold(cell_text(value)).strip("。.")
    if not text:
        return None
    status = _STATUS_INDEX.get(text)
    if status is None:
        raise ValueError(text)
    return status


def parse_role(value: object) -> Role | None:
    """A role from 牵头/参与/配合/协办 (the last two mean 参与); empty → None; ValueError otherwise."""
    text = fold(cell_text(value))
    if not text:
        return None
    role = _ROLE_INDEX.get(text)
    if role is None:
        raise ValueError(text)
    return role


def role_of_sheet(name: str) -> Role | None:
    """The role a sheet name gives its rows (牵头任务 → 牵头, 参与任务/配合任务 → 参与), or None."""
    folded = fold(name)
    found = {role for word, role in _ROLE_SHEETS if word in folded}
    return found.pop() if len(found) == 1 else None


def parse_date(value: object) -> dt.date | None:
    """A date cell or text (2026-06-30, 2026/6/30, 2026年6月30日), or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.match(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$", nfkc(cell_text(value)))
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def column_letter(column: int) -> str:
    """The letter(s) of a 1-based column: 1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
