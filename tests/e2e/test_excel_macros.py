"""The desktop route's files: every macro the VBA module and the liaison workbook name exists, versions pinned."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import xlwings as xw
from openpyxl import load_workbook

from xl_toolkit.excel import entry
from xl_toolkit.io.liaison_workbook import BUTTONS, CHOICE_CELL, GUIDE_SHEET

REPO_ROOT = Path(__file__).resolve().parents[2]
MACROS = REPO_ROOT / "macros"


def test_vba_module_pins_the_installed_xlwings_version_and_pyproject_pins_it_exactly() -> None:
    vba = (MACROS / "XltButtons.bas").read_text(encoding="ascii")
    pinned = re.search(r'XLT_XLWINGS_VERSION As String = "([^"]+)"', vba)
    assert pinned is not None and pinned[1] == xw.__version__
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"xlwings=={xw.__version__}" in project["project"]["dependencies"]


def test_every_runpython_call_names_a_function_that_exists() -> None:
    vba = (MACROS / "XltButtons.bas").read_text(encoding="ascii")
    calls = re.findall(r'RunPython "import xl_toolkit\.excel\.entry as xlt; xlt\.(\w+)\(\)"', vba)
    assert len(calls) == vba.count('RunPython "') == 4
    assert all(callable(getattr(entry, name, None)) for name in calls)


def test_liaison_workbook_lists_each_button_with_its_macro_and_action() -> None:
    vba = (MACROS / "XltButtons.bas").read_text(encoding="ascii")
    subs = set(re.findall(r"^Sub (\w+)\(\)", vba, flags=re.MULTILINE))
    ws = load_workbook(REPO_ROOT / "workbooks" / "liaison.xlsx")[GUIDE_SHEET]
    listed = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0] in entry.ACTIONS}
    assert set(listed) == set(entry.ACTIONS) == {b[0] for b in BUTTONS}
    assert set(listed.values()) == subs
    assert ws[CHOICE_CELL].value in entry.ACTIONS


def test_ribbon_entry_module_is_named_after_the_workbook_and_defines_main() -> None:
    workbook_names = {p.stem for p in (REPO_ROOT / "workbooks").glob("liaison.xls*")}
    assert workbook_names == {"liaison"} and "liaison".isidentifier() and "liaison".isascii()
    assert re.search(r"^def main\(\) -> None:", (MACROS / "liaison.py").read_text(encoding="utf-8"), re.MULTILINE)


def test_xlwings_conf_names_the_udf_module_that_exists() -> None:
    conf = dict(re.findall(r'^"([^"]+)","([^"]*)"', (MACROS / "xlwings.conf").read_text(encoding="utf-8"), re.MULTILINE))
    assert conf["UDF MODULES"] == "xl_toolkit.excel.desktop_udfs"
    __import__(conf["UDF MODULES"])
