"""A return row as the checks see it: raw cells by field, their columns, and the submitting unit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from math import isfinite
from typing import Any, TypeVar

from ..models import Role, Status, Task
from ..returns_parsing import cell_text, parse_percent, parse_role, parse_status, parse_task_number
from .lookups import Lookups

_T = TypeVar("_T")


@dataclass(slots=True)
class RawRow:
    """One data row of a return: raw values by field, with the place of each.

    `cells` maps canonical fields (number, task_text, lead, …) to raw values; `columns` maps them to letters;
    `others` lists every cell of the row as (letter, value, holds_formula) for checks over all cells.
    Several checks read each field: the parsed values are worked out once, when the row is made; a field's text
    (a strip, as a rule) when asked for.
    Checks share a row: they read it and never change it.
    """

    file: str
    sheet: str
    row: int
    unit: str
    cells: dict[str, object]
    columns: dict[str, str]
    sheet_role: Role | None = None
    percent_format: bool = False
    others: tuple[tuple[str, object, bool], ...] = ()
    #: The task number as parsed (12.0, "第12项" → "12").
    number: str | None = field(init=False, compare=False)
    #: The status, percent and written role as parsed: None when empty, or when `invalid` names the field.
    status: Status | None = field(init=False, compare=False)
    percent: float | None = field(init=False, compare=False)
    written_role: Role | None = field(init=False, compare=False)
    #: The fields among status, percent and role whose value does not parse.
    invalid: tuple[str, ...] = field(init=False, compare=False)
    _lookups: Lookups | None = field(init=False, repr=False, compare=False)
    _task: Task | None = field(init=False, repr=False, compare=False)
    _role: Role | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cells = self.cells
        number, status, percent = cells.get("number"), cells.get("status"), cells.get("percent")
        # Each field as its parser reads it; the usual values (texts, whole numbers) through bounded caches.
        self.number = _float_number(number) if number.__class__ is float else parse_task_number(number)
        self.status, bad_status = _status_text(status) if isinstance(status, str) else _outcome(parse_status, status)
        if percent.__class__ is float and isfinite(percent):  # = parse_percent(percent, self.percent_format), inline
            self.percent, bad_percent = (round(percent * 100, 6) if self.percent_format else percent), False
        else:
            self.percent, bad_percent = (_percent_text(percent) if isinstance(percent, str) else
                                         _outcome(parse_percent, percent, self.percent_format))
        if "role" in cells:
            role = cells["role"]
            self.written_role, bad_role = _role_text(role) if isinstance(role, str) else _outcome(parse_role, role)
        else:
            self.written_role, bad_role = None, False
        self.invalid = _INVALID[bad_status, bad_percent, bad_role]
        self._lookups = self._task = self._role = None

    def text(self, field: str) -> str:
        """A field's value as stripped text (empty when the column is absent)."""
        value = self.cells.get(field)
        return value.strip() if isinstance(value, str) else cell_text(value)  # cell_text, its usual case inline

    def column(self, field: str) -> str:
        """A field's column letter, or empty when the return has no such column."""
        return self.columns.get(field, "")

    def task(self, lookups: Lookups) -> Task | None:
        """The master task this row reports on."""
        if self._lookups is not lookups:
            self._look_up(lookups)
        return self._task

    def role(self, lookups: Lookups) -> Role | None:
        """The submitting unit's role on this row's task in the master; None without a task or unit, or when
        the task is not the unit's."""
        if self._lookups is not lookups:
            self._look_up(lookups)
        return self._role

    def _look_up(self, lookups: Lookups) -> None:
        # Once for the Lookups the row is checked against (every check asks); another Lookups looks again.
        self._task = task = lookups.task(self.number) if self.number else None
        self._role = lookups.role(task, self.unit) if task is not None and self.unit else None
        self._lookups = lookups

    def place(self, field: str | None = None) -> dict[str, Any]:
        """Keyword arguments placing a finding at this row (and a field's cell)."""
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column(field) if field else "",
                "task": self.number or "", "unit": self.unit}


def _outcome(parse: Callable[..., _T], *args: object) -> tuple[_T | None, bool]:
    """A parser's result and False; (None, True) when the value does not parse."""
    try:
        return parse(*args), False
    except ValueError:
        return None, True


#: `RawRow.invalid` for each combination of (status, percent, role) failing to parse.
_INVALID = {(s, p, r): tuple(name for name, bad in (("status", s), ("percent", p), ("role", r)) if bad)
            for s in (False, True) for p in (False, True) for r in (False, True)}
# Task numbers (as Excel stores them, 12.0), and statuses, roles and percents written as text repeat across rows and
# returns: each is parsed once (bounded caches).
_float_number = lru_cache(maxsize=1024)(parse_task_number)
_status_text = lru_cache(maxsize=1024)(partial(_outcome, parse_status))
_role_text = lru_cache(maxsize=1024)(partial(_outcome, parse_role))
_percent_text = lru_cache(maxsize=1024)(partial(_outcome, parse_percent))


