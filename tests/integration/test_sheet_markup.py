"""Sheets are surveyed the same whatever their markup: unprefixed (the fast patterns) or namespace-prefixed
(hand-made archives), in one piece or streamed in chunks."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from xl_toolkit.io.return_reader import read_return_bytes
from xl_toolkit.raw_workbook import RawSheet


def _workbook(tmp_path: Path, rows: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "任务进展"
    for r in range(1, rows + 1):
        ws.append([r, f"第{r}项任务的进展情况" * 3, 0.5])
        ws.cell(r, 3).number_format = "0%"
    ws["D2"] = "=1+1"
    ws["E7"] = "=SUM(C1:C3)"
    ws.row_dimensions[4].hidden = True
    ws.merge_cells("B5:D6")
    wb.save(tmp_path / "book.xlsx")
    return (tmp_path / "book.xlsx").read_bytes()


def _prefixed(data: bytes) -> bytes:
    """The same workbook with its sheet written as <x:worksheet xmlns:x=…><x:sheetData><x:row>…."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                part = re.sub(rb"<(/?)([A-Za-z])", rb"<\1x:\2", part).replace(b'xmlns="', b'xmlns:x="', 1)
            archive.writestr(info, part)
    return target.getvalue()


def _surveyed(sheet: RawSheet) -> tuple[object, ...]:
    return sheet.formulas, sheet.percent_cells, sheet.hidden_rows, sheet.merged


@pytest.mark.parametrize("rows", [10, 3000], ids=["one piece", "streamed in chunks"])
def test_prefixed_markup_is_surveyed_like_plain_markup(tmp_path: Path, rows: int) -> None:
    plain = _workbook(tmp_path, rows)
    prefixed = _prefixed(plain)
    sheet_xml = zipfile.ZipFile(io.BytesIO(prefixed)).read("xl/worksheets/sheet1.xml")
    assert b"<x:row" in sheet_xml and b"<row" not in sheet_xml
    assert (len(sheet_xml) > 256 * 1024) == (rows > 1000)
    [ours] = read_return_bytes(plain).sheets
    [theirs] = read_return_bytes(prefixed).sheets
    assert _surveyed(ours) == _surveyed(theirs)
    assert ours.formulas == {(2, 4), (7, 5)}
    assert ours.hidden_rows == {4}
    assert ours.merged == ((5, 2, 6, 4),)
    assert {(r, 3) for r in range(1, rows + 1)} - {(5, 3), (6, 3)} == ours.percent_cells  # C5:C6 lie in the merge
