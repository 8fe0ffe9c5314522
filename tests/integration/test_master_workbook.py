"""The task-assignment workbook: contents read back whole, Excel features present, registry editable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.libreoffice import convert_many_with_libreoffice
from xl_toolkit.io.master import MasterFormatError, load_master, write_master
from xl_toolkit.layout import MASTER_HEADERS, MASTER_SHEET, REGISTRY_SHEET
from xl_toolkit.models import Plan
from xl_toolkit.registry import UnitRegistry
from xl_toolkit.services.plan_import import import_plan_to_workbook, read_plan_text


def test_master_reads_back_to_the_same_tasks(plan_2026: Plan, master_2026: Path) -> None:
    plan, registry = load_master(master_2026)
    strip = [t.model_copy(update={"responsibility_text": ""}) for t in plan_2026.tasks]
    assert list(plan.tasks) == strip
    assert (plan.title, plan.year) == (plan_2026.title, 2026)
    assert registry.canonical("中宣部") == "中央宣传部"


def test_task_sheet_has_the_clerks_columns_and_excel_features(master_2026: Path) -> None:
    ws = load_workbook(master_2026)[MASTER_SHEET]
    assert tuple(c.value for c in ws[1]) == MASTER_HEADERS
    assert ws.max_row == 107
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:I107"
    assert ws.print_title_rows == "$1:$1"
    assert ws.protection.sheet is True
    assert ws["D2"].alignment.wrap_text and ws.column_dimensions["D"].width >= 40
    assert ws["D2"].protection.locked and not ws["I2"].protection.locked
    assert ws["H2"].value == dt.datetime(2026, 12, 31)
    assert any("按职责分工负责" in str(dv.formula1) for dv in ws.data_validations.dataValidation)
    assert ws["F18"].value == "税务总局" and ws["E18"].value == "财政部"


def test_a_clerks_edit_of_the_registry_sheet_is_used(tmp_path: Path, plan_2026: Plan, registry: UnitRegistry) -> None:
    path = write_master(plan_2026, registry, tmp_path / "m.xlsx")
    wb = load_workbook(path)
    sheet = wb[REGISTRY_SHEET]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "司法部":
            row[1].value = "中华人民共和国司法部、法务部"
    wb.save(path)
    _, edited = load_master(path)
    assert edited.canonical("法务部") == "司法部"


def test_a_hand_edited_lead_is_read_as_written(tmp_path: Path, plan_2026: Plan, registry: UnitRegistry) -> None:
    path = write_master(plan_2026, registry, tmp_path / "m.xlsx")
    wb = load_workbook(path)
    wb[MASTER_SHEET]["E2"].value = "司法部"
    wb[MASTER_SHEET]["F2"].value = "国家知识产权局"
    wb.save(path)
    plan, _ = load_master(path)
    assert (plan.tasks[0].lead, plan.tasks[0].participants) == ("司法部", ("国家知识产权局",))


@pytest.mark.libreoffice
def test_a_master_saved_again_by_libreoffice_reads_back_the_same(seeds: Path, tmp_path: Path) -> None:
    # Clerks may open the master in WPS or LibreOffice and save it: cells come back as numbers, dates, blanks.
    masters = []
    for seed in ("002_5ece2955f90f4526.txt", "003_9715dc84a8fb9ee9.txt", "004_ce6c8116003ab341.txt"):
        master = tmp_path / f"{seed[:3]}.xlsx"
        import_plan_to_workbook(read_plan_text(seeds / seed), master)
        masters.append(master)
    resaved = convert_many_with_libreoffice(masters, "xlsx", tmp_path / "resaved")
    for original, copy in zip(masters, resaved, strict=True):
        (plan, registry), (again, registry_again) = load_master(original), load_master(copy)
        assert again == plan and len(plan.tasks) > 10
        assert registry_again.units == registry.units


def test_a_file_that_is_no_workbook_is_a_master_format_error(tmp_path: Path) -> None:
    path = tmp_path / "任务分工表.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(MasterFormatError, match="不是可读取的 .xlsx 工作簿"):
        load_master(path)
