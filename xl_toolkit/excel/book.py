"""Reading an open xlwings book into plain values and writing plain values back: the actions' only Excel code.

Works the same on a desktop book (Windows/macOS Excel) and on the remote book of xlwings Server/Lite.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import xlwings as xw
from openpyxl import Workbook, load_workbook

from ..raw_workbook import RawSheet, RawWorkbook

Rows = list[list[Any]]


def sheet_names(book: xw.Book) -> list[str]:
    """The book's sheet names, in order."""
    return [sheet.name for sheet in book.sheets]


def sheet_rows(book: xw.Book, name: str) -> Rows:
    """A sheet's values from A1 to the end of its used range, as rows (empty cells None)."""
    sheet = book.sheets[name]
    used = sheet.used_range
    last_row, last_column = used.last_cell.row, used.last_cell.column
    values = sheet.range((1, 1), (last_row, last_column)).options(ndim=2).value
    return [list(row) for row in values or []]


def raw_workbook(book: xw.Book, names: Iterable[str] | None = None) -> RawWorkbook:
    """The book (or the named sheets) as plain values for the core."""
    wanted = sheet_names(book) if names is None else [n for n in names if n in sheet_names(book)]
    return RawWorkbook(tuple(RawSheet(name, sheet_rows(book, name)) for name in wanted))


def replace_sheet(book: xw.Book, name: str, rows: Sequence[Sequence[Any]], *, first: bool = False) -> xw.Sheet:
    """Write rows from A1 into a fresh sheet `name` at the end (or the front) of the book, replacing one of that name."""
    if name in sheet_names(book):
        book.sheets[name].delete()
    place = {"before": book.sheets[0]} if first else {"after": book.sheets[len(book.sheets) - 1]}
    sheet = book.sheets.add(name, **place)
    width = max((len(r) for r in rows), default=0)
    if rows and width:
        sheet.range("A1").value = [list(r) + [None] * (width - len(r)) for r in rows]
    return sheet


def snapshot(book: xw.Book, names: Iterable[str], directory: Path) -> Path:
    """The named sheets' values saved as an .xlsx (what the file-based services read), in `directory`."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    for raw in raw_workbook(book, names).sheets:
        ws = wb.create_sheet(raw.name)
        for row in raw.rows:
            ws.append([_plain(v) for v in row])
    target = directory / "snapshot.xlsx"
    wb.save(target)
    return target


def copy_sheets(source: Path, book: xw.Book, names: Iterable[str], *, formulas: bool = False) -> list[str]:
    """Copy the named sheets' values (or formulas) of a workbook file into the book, replacing same-named sheets."""
    wb = load_workbook(source, data_only=not formulas)
    try:
        copied = [n for n in names if n in wb.sheetnames]
        for name in copied:
            replace_sheet(book, name, [list(r) for r in wb[name].iter_rows(values_only=True)])
    finally:
        wb.close()
    return copied


def book_folder(book: xw.Book) -> Path:
    """The folder of a saved workbook; a Chinese error for an unsaved or remote one."""
    path = Path(book.fullname)
    if not path.is_absolute() or not path.parent.is_dir():
        raise ValueError(f"工作簿“{book.name}”尚未保存到本机文件夹，请先保存后再操作")
    return path.parent


def alert(book: xw.Book, message: str, title: str = "xl_toolkit") -> None:
    """Show a message box to the clerk (desktop Excel and Office.js alike)."""
    book.app.alert(message, title=title)


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    """A scratch folder for snapshots and service outputs, removed afterwards."""
    return tempfile.TemporaryDirectory(prefix="xlt-")


def _plain(value: object) -> object:
    """A value openpyxl can store; dates stay dates."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value
