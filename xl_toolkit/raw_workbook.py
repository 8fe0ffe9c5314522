"""A workbook as plain values: what validation reads, whether it came from a file, calamine or xlwings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RawSheet:
    """One sheet: rows of cached cell values from A1, plus which cells hold formulas or a percent format.

    `formulas` and `percent_cells` hold 1-based (row, column) pairs as Excel counts them; `hidden_rows` 1-based
    rows; `merged` ranges as (first row, first column, last row, last column).
    """

    name: str
    rows: Sequence[Sequence[object]]
    formulas: frozenset[tuple[int, int]] = frozenset()
    percent_cells: frozenset[tuple[int, int]] = frozenset()
    hidden: bool = False
    hidden_rows: frozenset[int] = frozenset()
    merged: tuple[tuple[int, int, int, int], ...] = ()

    def value(self, row: int, column: int) -> object:
        """The value at a 1-based row and column, or None beyond the data."""
        if 1 <= row <= len(self.rows):
            cells = self.rows[row - 1]
            if 1 <= column <= len(cells):
                return cells[column - 1]
        return None


@dataclass(frozen=True)
class RawWorkbook:
    """The sheets of one workbook, in order; `macros` when it carries a VBA project (never run, never copied)."""

    sheets: tuple[RawSheet, ...]
    macros: bool = False
