"""The workbooks shipped in workbooks/ are what the code generates today, and open in LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.libreoffice import convert_many_with_libreoffice
from xl_toolkit.io.liaison_workbook import write_liaison_workbook

WORKBOOKS = Path(__file__).resolve().parents[2] / "workbooks"


def _values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_checked_in_liaison_workbook_is_current(tmp_path: Path) -> None:
    fresh = write_liaison_workbook(tmp_path / "liaison.xlsx")
    assert _values(WORKBOOKS / "liaison.xlsx") == _values(fresh), "regenerate with write_liaison_workbook()"


@pytest.mark.libreoffice
def test_shipped_workbooks_open_in_libreoffice(tmp_path: Path) -> None:
    shipped = sorted(WORKBOOKS.glob("*.xlsx"))
    assert {p.name for p in shipped} >= {"liaison.xlsx", "indicators.xlsx"}
    converted = convert_many_with_libreoffice(shipped, "pdf", tmp_path)
    assert all(p.stat().st_size > 1000 for p in converted)
