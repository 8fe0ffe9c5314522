"""Shared openpyxl styling: headers, widths for Chinese text, wrapping, freezing, printing, protection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
TITLE_FONT = Font(name="宋体", size=14, bold=True)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
BODY_FONT = Font(name="宋体", size=11)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)


def write_header(ws: Worksheet, row: int, headers: Sequence[str], widths: Mapping[str, float]) -> None:
    """Write a bold, filled, bordered header row and set each column's width (in Excel character units)."""
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=header)
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, BORDER, CENTER
        ws.column_dimensions[get_column_letter(col)].width = widths.get(header, 14)


def style_body(ws: Worksheet, first_row: int, last_row: int, columns: int, unlocked: Sequence[int] = ()) -> None:
    """Border and wrap the body cells; columns listed in `unlocked` (1-based) stay editable under protection.

    The first locked and the first unlocked cell are styled through openpyxl; the others take the same style
    indexes directly (openpyxl looks each style object up on every set: a third of writing a large consolidation).
    """
    styled: dict[bool, Any] = {}
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            editable = cell.column in unlocked
            done = styled.get(editable)
            if done is not None:
                if not cell._style:
                    cell._style = StyleArray()
                style = cell._style
                style.fontId, style.borderId, style.alignmentId = done.fontId, done.borderId, done.alignmentId
                style.protectionId = done.protectionId
                if editable:
                    style.fillId = done.fillId
                continue
            cell.font, cell.border, cell.alignment = BODY_FONT, BORDER, WRAP_TOP
            if editable:
                cell.protection, cell.fill = UNLOCKED, INPUT_FILL
            else:
                cell.protection = LOCKED
            styled[editable] = cell._style


def protect_structure(ws: Worksheet) -> None:
    """Protect the sheet (no password) so given columns stay locked while filtering, resizing, colouring
    cells and adding comments (what 校验本表 does) still work."""
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.objects = False
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def print_setup(ws: Any, header_row: int) -> None:
    """Landscape A4, fit to width, header rows repeated on every printed page."""
    ws.print_title_rows = f"1:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # also for write-only sheets, which lack the constant
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def number_cell(number: str) -> int | str:
    """A task number as a cell value: a number when it is one (12), else the text (（十）-3)."""
    return int(number) if number.isdigit() else number
