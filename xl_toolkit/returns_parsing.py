"""Parsing returns as clerks write them: header synonyms, the 填报单位 line, task numbers, percents, statuses."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeGuard, cast

from .models import Role, Status
from .text import INVISIBLE, fold, nfkc

#: Canonical field → header texts clerks write for it (matched after folding and dropping brackets and marks).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "任务序号", "任务编号"),
    "task_text": ("任务内容", "重点任务", "任务名称"),
    "lead": ("牵头单位", "牵头部门", "责任单位"),
    "participants": ("参与单位", "参与部门", "配合单位", "协办单位"),
    "role": ("本单位角色", "责任类型", "角色"),
    "progress": ("进展情况", "工作进展", "完成情况说明", "进展", "工作进展情况", "任务进展情况", "推进情况",
                 "工作推进情况", "落实情况", "工作落实情况"),
    "status": ("完成状态", "完成情况", "状态"),
    "percent": ("完成进度", "进度", "完成百分比", "完成比例", "完成率"),
    "problems": ("存在问题", "问题", "存在的问题", "存在问题和困难", "存在的问题和困难", "困难和问题"),
    "next_steps": ("下一步计划", "下一步工作", "下一步工作计划", "下一步工作安排", "下一步安排", "下一步打算"),
}
#: Fields a row reports on; a header row needs the number and at least one of these.
REPORTED_FIELDS: tuple[str, ...] = ("progress", "status", "percent")

STATUS_SYNONYMS: dict[str, Status] = {
    "已完成": Status.DONE, "完成": Status.DONE, "已经完成": Status.DONE, "全部完成": Status.DONE,
    "推进中": Status.IN_PROGRESS, "正在推进": Status.IN_PROGRESS, "进行中": Status.IN_PROGRESS,
    "按计划推进": Status.IN_PROGRESS, "持续推进": Status.IN_PROGRESS, "正在进行": Status.IN_PROGRESS,
    "有序推进": Status.IN_PROGRESS, "正常推进": Status.IN_PROGRESS, "稳步推进": Status.IN_PROGRESS,
    "未启动": Status.NOT_STARTED, "尚未启动": Status.NOT_STARTED, "未开始": Status.NOT_STARTED,
    "滞后": Status.BEHIND, "进度滞后": Status.BEHIND, "推进滞后": Status.BEHIND,
}
ROLE_SYNONYMS: dict[str, Role] = {
    "牵头": Role.LEAD, "牵头单位": Role.LEAD, "牵头部门": Role.LEAD, "主责": Role.LEAD, "主办": Role.LEAD,
    "参与": Role.PARTICIPANT, "配合": Role.PARTICIPANT, "协办": Role.PARTICIPANT,
    "参与单位": Role.PARTICIPANT, "配合单位": Role.PARTICIPANT, "协办单位": Role.PARTICIPANT,
}
#: How many rows from the top a header may sit on.
HEADER_SEARCH_ROWS = 10

_BRACKETS = re.compile(r"\([^)]*\)|\[[^]]*\]|【[^】]*】")
_HEADER_NOISE = re.compile(r"[*%:：\s]")
_NUMBER = re.compile(r"^第?\s*\(?\s*(\d+)\s*(?:\.0*)?\s*[项条、.。)]?$")
#: "约80%" and "80%左右" read as 80: the clerk gives a figure, only hedged.
_PERCENT = re.compile(r"^(?:约|大约)?([+-]?\d+(?:\.\d+)?)\s*%?(?:左右)?$")
#: 填报单位, 填报单位名称, 报送单位, 填报部门 … (simplified or traditional), with an optional （盖章） before the colon.
_SUBMITTER = re.compile(r"^(?:(?:填[报報]|[报報]送)(?:[单單]位|部[门門])(?:名[称稱])?|[单單]位名[称稱])\s*"
                        r"(?:[(（]\s*(?:盖章|蓋章|公章)\s*[)）])?\s*[:：]?\s*(.*)$")
#: Where the next label of a one-cell 填报单位 line begins (填报人, 联系电话, 填报日期 …): the unit name ends there.
_NEXT_LABEL = re.compile(r"\s*(?:填[报報表]人|[联聯][系繫]|[电電][话話]|手[机機]|(?:填[报報表]|[报報]送)?日期|[审審]核|"
                         r"[负負][责責]人|[签簽][发發]|[邮郵]箱).*$", re.DOTALL)
_LABEL_CELL = re.compile(r"[:：]")
_SEAL = re.compile(r"[（(]\s*(?:盖章|蓋章|公章|印章)\s*[)）]|盖章|蓋章")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DATE_LABEL = re.compile(r"(?:填[报報表]|[报報]送)?日期\s*[:：]?\s*(.*)$", re.DOTALL)
#: A part or section heading inside the table (一、… （一）… 第一部分) — folded text, nothing reported on the row.
_HEADING = re.compile(r"^(?:[一二三四五六七八九十百]+[、.]|\([一二三四五六七八九十百]+\)|第[一二三四五六七八九十百]+部分)")
#: Notes, signatures and totals under (or inside) the table, by the label opening the number cell (folded text).
_NOTE = re.compile(r"^(?:(?:备注|注|说明|填[报表]说明|填[报表]人|填报单位|报送单位|填[报表]日期|审核人|联系人|联系电话|"
                   r"负责人|单位负责人|签发人)(?:[:(]|$)|合计|小计|总计)")
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
    if isinstance(value, str):  # most cells: checked first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_field(value: object) -> str | None:
    """The canonical field a header cell names, or None (完成进度（%） → percent, 牵头部门 → lead)."""
    if value is None:
        return None
    return _header_text_field(value if isinstance(value, str) else cell_text(value))


@lru_cache(maxsize=4096)
def _header_text_field(written: str) -> str | None:
    """`header_field` of a text, cached: header search reads the same few texts in every return."""
    text = _HEADER_NOISE.sub("", _BRACKETS.sub("", nfkc(written.strip())))
    return _HEADER_INDEX.get(fold(text)) if text else None


def find_header(rows: Sequence[Sequence[object]], max_rows: int = HEADER_SEARCH_ROWS) -> HeaderMatch | None:
    """The first row within `max_rows` naming the task number and at least one reported field.

    A header split over two rows (完成情况 merged over 完成状态 / 完成进度, the other headers merged down) is read
    as one: the lower row's fields win in their columns and data starts below it. A 责任单位 column whose values are
    牵头/参与/配合/协办 is the role column.
    """
    columns = _header_columns(rows[0]) if rows else {}
    for index in range(1, len(rows[:max_rows]) + 1):
        below = rows[index] if index < len(rows) else ()
        sub = _header_columns(below)
        if columns and sub and _is_sub_header(below, columns, sub):
            covered = set(sub.values())
            merged = {key: col for key, col in columns.items() if col not in covered} | sub
            if _is_header(merged):
                return HeaderMatch(index + 1, _role_column(rows, index + 1, merged))
        if _is_header(columns):
            return HeaderMatch(index, _role_column(rows, index, columns))
        columns = sub  # the row below is the next candidate: its fields are read once
    return None


def _header_columns(row: Sequence[object]) -> dict[str, int]:
    try:
        fields = list(map(_cell_field, row))  # each cell's field through the cache, at C speed
    except TypeError:  # an unhashable value: no cache
        fields = list(map(header_field, row))
    if fields.count(None) == len(fields):  # most rows searched name no field
        return {}
    columns: dict[str, int] = {}
    for col, key in enumerate(fields, start=1):
        if key is not None:
            columns.setdefault(key, col)
    return columns


#: `header_field` of any cell value, cached: header search reads the same few texts (and blanks) in every return.
_cell_field = lru_cache(maxsize=4096)(header_field)


def _is_header(columns: dict[str, int]) -> bool:
    return "number" in columns and not columns.keys().isdisjoint(REPORTED_FIELDS)  # any reported field


def _is_sub_header(row: Sequence[object], above: dict[str, int], fields: dict[str, int]) -> bool:
    """Whether a row under a header row holds its sub-headers: no task number, mostly header texts."""
    number = above.get("number")
    if number is not None and number <= len(row) and cell_text(row[number - 1]) and "number" not in fields:
        return False
    others = sum(1 for value in row if cell_text(value)) - len(fields)
    return others <= len(fields)


def _role_column(rows: Sequence[Sequence[object]], header_row: int, columns: dict[str, int]) -> dict[str, int]:
    """The columns with a unit column that holds only role words (责任单位: 牵头, 配合) taken as the role column."""
    if "role" in columns:
        return columns
    for field in ("lead", "participants"):
        col = columns.get(field)
        if col is not None and _only_role_words(rows[header_row:], col):
            return {("role" if key == field else key): c for key, c in columns.items()}
    return columns


def _only_role_words(rows: Sequence[Sequence[object]], col: int) -> bool:
    """Whether a column holds texts and each is a role word; stops at the first that is not (a unit name, usually)."""
    seen = False
    for row in rows:
        if col <= len(row) and (text := cell_text(row[col - 1])):
            if not _is_role_word(text):
                return False
            seen = True
    return seen


@lru_cache(maxsize=1024)
def _is_role_word(text: str) -> bool:
    """Whether a text is a role word (牵头, 配合。); cached: a column repeats the plan's unit names."""
    return fold(text).strip("。.") in _ROLE_INDEX


def find_submitter(rows: Sequence[Sequence[object]], first_row: int = 1) -> SubmitterLine | None:
    """The 填报单位 line (rows[0] being Excel row `first_row`): `填报单位：X（盖章）`, `报送单位（盖章）：X`, the name
    in the next cell, or one cell with 填报人 and 联系电话 after the name; a label left blank gives None."""
    for r, row in enumerate(rows, start=first_row):
        # Every label holds 位 or 门: a row whose texts, joined at C speed, hold neither is passed over (as the
        # cell loop would pass over each of its cells); about half the rows under a table.
        joined = "\0".join(filter(is_text, row))
        if not ("位" in joined or "门" in joined or "門" in joined):
            continue
        for c, value in enumerate(row, start=1):
            if not isinstance(value, str) or not ("位" in value or "门" in value or "門" in value):
                continue
            label = _submitter_label(value)
            if label is None:
                continue
            written, labelled = label
            if written:
                return SubmitterLine(written, r, c)
            if labelled:
                return None
            for c2 in range(c + 1, len(row) + 1):
                text = nfkc(cell_text(row[c2 - 1]))
                if _LABEL_CELL.search(text):
                    return None
                nxt = _strip_seal(text)
                if nxt:
                    return SubmitterLine(nxt, r, c2)
    return None


#: The characters a cell's 填报单位 label can open with once stripped and normalised (`nfkc`): 填, 报/報, 单/單, and the
#: compatibility ideograph NFKC makes 報 (a test recomputes them over every code point).
_LABEL_OPENERS = "填报報单單\U0002f857"


def submitter_openings(separator: str) -> re.Pattern[str]:
    """Where a 填报单位 label may open in texts joined, each after `separator`: the separator, the whitespace and
    invisible characters stripped before the label, a character it opens with. A screen at C speed over a sheet's
    texts: without a match, `find_submitter` finds no line in any of its rows; a match only names a candidate."""
    return re.compile(f"{re.escape(separator)}[\\s{INVISIBLE}]*[{_LABEL_OPENERS}]")


#: = isinstance(value, str), as a C function for `filter`.
is_text = cast(Callable[[object], TypeGuard[str]], str.__instancecheck__)


@lru_cache(maxsize=4096)
def _submitter_label(text: str) -> tuple[str, bool] | None:
    """For a cell opening with the 填报单位 label: the unit written after it in the cell (may be empty) and whether
    another label (填报人, 联系电话 …) follows it; None without the label. Cached: most cells with 位 or 门 hold the
    plan's unit lists, and the labels are the template's, the same in every return."""
    match = _SUBMITTER.match(nfkc(text.strip()))
    if match is None:
        return None
    after = _NEXT_LABEL.sub("", match[1])
    return _strip_seal(after), after != match[1]


def _strip_seal(text: str) -> str:
    return _SEAL.sub("", text).strip(" 　:：")


def find_reported_on(rows: Sequence[Sequence[object]]) -> dt.date | None:
    """The 填报日期 written in the rows: `填报日期：2026年11月20日` in one cell (also after other labels), or the
    label with a date or date text in a later cell."""
    for values in rows:
        for c, value in enumerate(values):
            if not isinstance(value, str) or "日期" not in value:
                continue
            label = _date_label(value)
            if label is None:
                continue
            date, written = label
            if written:
                return date
            return next((d for v in values[c + 1:] if (d := parse_date(v)) is not None), None)  # in a later cell
    return None


@lru_cache(maxsize=1024)
def _date_label(text: str) -> tuple[dt.date | None, bool] | None:
    """For a cell holding the 填报日期 label: (the date written after it, True) — None for a date that is no day —
    or (None, False) when nothing follows the label; None without the label, or with other text after it. Cached:
    the labels are the template's, the same in every return."""
    match = _DATE_LABEL.search(nfkc(text.strip()))
    if match is None:
        return None
    date = _DATE.search(match[1])
    if date is not None:
        return _date(date), True
    return None if match[1].strip() else (None, False)


def is_task_row(cells: dict[str, object]) -> bool:
    """Whether a row under the header reports on a task: not blank, not a part heading (一、…) with nothing
    reported, not a note, signature or total (备注：…, 填表人：…, 合计) opening the number cell."""
    value = cells.get("number")
    if value is None:
        return any(cell_text(cells.get(field)) for field in REPORTED_FIELDS)
    if not isinstance(value, str):
        return True  # a number (or date) never reads as a heading or a note
    opens = _number_text_opens(value)
    return opens if opens is not None else any(cell_text(cells.get(field)) for field in REPORTED_FIELDS)


@lru_cache(maxsize=4096)
def _number_text_opens(written: str) -> bool | None:
    """What the text in a number cell makes of its row: a task row (True), a note, signature or total (False), or
    nothing (blank, or a part heading: then the reported fields decide). Cached: returns repeat the same numbers."""
    number = fold(written.strip())
    if number:
        if _NOTE.match(number):
            return False
        if not _HEADING.match(number):
            return True
    return None


def parse_task_number(value: object) -> str | None:
    """A task number as text: 12, 12.0, "12", "12.", "第12项", "１２" → "12"; other text folded; empty → None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, int):
        return str(value)
    return _task_number_text(str(value))


@lru_cache(maxsize=4096)
def _task_number_text(written: str) -> str | None:
    """`parse_task_number` of a text, cached: returns repeat the plan's numbers, written the same few ways."""
    text = nfkc(written).strip()
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
        if not math.isfinite(number):
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
    text = fold(cell_text(value)).strip("。.；;，,!！")
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


@lru_cache(maxsize=256)
def role_of_sheet(name: str) -> Role | None:
    """The role a sheet name gives its rows (牵头任务 → 牵头, 参与任务/配合任务 → 参与), or None; cached: returns
    repeat their template's sheet names."""
    folded = fold(name)
    found = {role for word, role in _ROLE_SHEETS if word in folded}
    return found.pop() if len(found) == 1 else None


def parse_date(value: object) -> dt.date | None:
    """A date cell or text (2026-06-30, 2026/6/30, 2026年6月30日), or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.fullmatch(nfkc(cell_text(value)))
    return _date(match) if match else None


def _date(match: re.Match[str]) -> dt.date | None:
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
