"""A return row as the checks see it: raw cells by field, their columns, and the submitting unit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..models import Role, Task
from ..returns_parsing import cell_text, parse_task_number
from .lookups import Lookups


@dataclass(frozen=True)
class RawRow:
    """One data row of a return: raw values by field, with the place of each.

    `cells` maps canonical fields (number, task_text, lead, …) to raw values; `columns` maps them to letters;
    `others` lists every cell of the row as (letter, value, holds_formula) for checks over all cells.
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

    def text(self, field: str) -> str:
        """A field's value as stripped text (empty when the column is absent)."""
        return cell_text(self.cells.get(field))

    def column(self, field: str) -> str:
        """A field's column letter, or empty when the return has no such column."""
        return self.columns.get(field, "")

    @cached_property
    def number(self) -> str | None:
        """The task number as parsed (12.0, "第12项" → "12"), parsed once: every check asks for it."""
        return parse_task_number(self.cells.get("number"))

    def task(self, lookups: Lookups) -> Task | None:
        """The master task this row reports on."""
        number = self.number
        return lookups.task(number) if number else None

    def place(self, field: str | None = None) -> dict[str, Any]:
        """Keyword arguments placing a finding at this row (and a field's cell)."""
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column(field) if field else "",
                "task": self.number or "", "unit": self.unit}
