"""A return row as the checks see it: raw cells by field, their columns, and the submitting unit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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
        invalid: list[str] = []
        self.number = parse_task_number(cells.get("number"))
        self.status = _parsed(invalid, "status", parse_status, cells.get("status"))
        self.percent = _parsed(invalid, "percent", parse_percent, cells.get("percent"), self.percent_format)
        self.written_role = _parsed(invalid, "role", parse_role, cells["role"]) if "role" in cells else None
        self.invalid = tuple(invalid)
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


def _parsed(invalid: list[str], field: str, parse: Callable[..., _T], *args: object) -> _T | None:
    """A parser's result; None, with the field added to `invalid`, when the value does not parse."""
    try:
        return parse(*args)
    except ValueError:
        invalid.append(field)
        return None
