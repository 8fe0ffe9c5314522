"""The four buttons driven through xlwings' own remote book (the payload Excel's add-in sends), without Excel.

Each test builds `xlwings.Book(json=...)` from a real workbook, runs the action (through `xw.Book.caller()` via
`set_mock_caller`, or through xlwings Server's `custom_scripts_call`), and asserts on the actions sent back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from xl_toolkit.cli import app
from xl_toolkit.io.liaison_workbook import write_liaison_workbook
from xl_toolkit.io.master import load_master
from xl_toolkit.io.return_reader import read_return
from xl_toolkit.validation import validate_workbook_values

REPO_ROOT = Path(__file__).resolve().parents[2]
PBOC = "中国人民银行.xlsx"


@pytest.fixture(autouse=True)
def remote_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """xlwings with its remote engine (needs XLWINGS_LICENSE_KEY=noncommercial, set here for these tests only)."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings as xw
    from xlwings.main import Engine
    from xlwings.pro import _xlofficejs, _xlremote

    for impl in (_xlremote.engine, _xlofficejs.engine):  # registered at import only if the key was set by then
        if impl.name not in [engine.name for engine in xw.engines]:
            xw.engines.add(Engine(impl=impl))
    yield xw
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A liaison folder as a clerk sets it up: liaison.xlsx, 报送表/ with returns (one filled in, with mistakes)."""
    root = tmp_path_factory.mktemp("liaison")
    write_liaison_workbook(root / "liaison.xlsx")
    runner = CliRunner()
    result = runner.invoke(app, ["plan", "returns", str(root / "liaison.xlsx"), "-o", str(root / "报送表")])
    assert result.exit_code == 0, result.output
    wb = load_workbook(root / "报送表" / PBOC)
    ws = wb["任务进展"]
    ws["F4"], ws["G4"], ws["H4"] = "已开展统计监测", "完成了", 120
    ws["F5"], ws["G5"], ws["H5"] = "推进中", "推进中", 40
    wb.save(root / "报送表" / PBOC)
    return root


def remote_book(xw: Any, path: Path, *, desktop: bool = False) -> Any:
    """The remote book of a workbook; `desktop` names it by its full path, as a saved desktop book is."""
    from xl_toolkit.excel.payload import book_payload

    return xw.Book(json=book_payload(path, name=str(path) if desktop else None))


def actions_of(book: Any, func: str) -> list[dict[str, Any]]:
    return [a for a in book.json()["actions"] if a["func"] == func]


def written_sheets(book: Any) -> dict[str, list[list[Any]]]:
    """The values each added sheet receives, by sheet name."""
    actions = book.json()["actions"]
    names = {}
    result: dict[str, list[list[Any]]] = {}
    for action in actions:
        if action["func"] == "addSheet":
            names[action["args"][0]] = action["args"][1]
        elif action["func"] == "setValues" and action["sheet_position"] in names:
            result[names[action["sheet_position"]]] = action["values"]
    return result


def test_validate_button_colours_notes_and_adds_result_sheet_via_caller(remote_engine: Any, folder: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from xl_toolkit.excel import entry

    monkeypatch.delenv("XLT_MASTER", raising=False)
    book = remote_book(remote_engine, folder / "报送表" / PBOC, desktop=True)
    book.set_mock_caller()
    entry.validate_return()  # the desktop RunPython entry point; finds liaison.xlsx one folder up
    colours = {(a["start_row"] + 1, a["start_column"] + 1): a["args"][0] for a in actions_of(book, "setRangeColor")}
    assert colours[(4, 7)] == "#FFC7CE" and colours[(4, 8)] == "#FFC7CE"  # 完成了 / 120: errors in G4, H4
    notes = {a["args"][0]: a["args"][1] for a in actions_of(book, "addNote")}
    assert notes["$G$4"].startswith("【错误】") and "完成状态“完成了”无法识别" in notes["$G$4"]
    result = written_sheets(book)["校验结果"]
    assert result[0] == ["序号", "工作表", "单元格", "级别", "代码", "问题说明", "建议"]
    assert ("G4", "invalid-status") in {(r[2], r[4]) for r in result[1:]}
    assert actions_of(book, "addSheet")[0]["args"][0] == 0  # first sheet, as in the annotated copy
    assert actions_of(book, "alert")[0]["args"][1] == "校验本表"


def test_validate_button_finds_what_validation_of_the_file_finds(remote_engine: Any, folder: Path) -> None:
    from xl_toolkit.excel import actions

    path = folder / "报送表" / PBOC
    plan, registry = load_master(folder / "liaison.xlsx")
    book = remote_book(remote_engine, path)
    through_excel = actions.validate_return(book, plan, registry)
    from_file = validate_workbook_values(read_return(path).workbook, plan, registry, PBOC)
    assert [(f.sheet, f.cell, f.code) for f in through_excel.all_findings] == \
        [(f.sheet, f.cell, f.code) for f in from_file.all_findings]
    assert through_excel.all_findings  # the filled-in mistakes are found


def test_consolidate_button_writes_the_same_sheets_as_xlt_consolidate(remote_engine: Any, folder: Path,
                                                                       tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from xl_toolkit.excel import entry

    work = tmp_path / "work"
    shutil.copytree(folder, work)
    monkeypatch.setenv("XLT_FOLDER", str(work))
    book = remote_book(remote_engine, work / "liaison.xlsx")
    message = entry.run(book, "汇总报送")
    assert message.startswith("汇总完成：收到报送表 38 份"), message
    sheets = written_sheets(book)

    cli = CliRunner().invoke(app, ["consolidate", str(work / "报送表"), "--master", str(work / "liaison.xlsx"),
                                   "-o", str(tmp_path / "cli.xlsx"), "--ledger", str(tmp_path / "cli.db")])
    assert cli.exit_code == 0, cli.output
    expected = load_workbook(tmp_path / "cli.xlsx", data_only=True)
    assert set(sheets) == set(expected.sheetnames)
    for name in ("汇总", "明细", "未报送", "问题清单", "统计"):
        rows = [[_plain(v) for v in r] for r in expected[name].iter_rows(values_only=True)]
        assert [[_plain(v) for v in r] for r in sheets[name]] == rows, name


def _plain(value: object) -> object:
    """A cell as both routes deliver it: empty as "", dates as ISO text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return value


def test_indicator_button_rebuilds_the_indicator_sheet_with_formulas(remote_engine: Any, folder: Path) -> None:
    from xl_toolkit.excel import entry

    book = remote_book(remote_engine, folder / "liaison.xlsx")
    assert entry.run(book, "计算指标").startswith("指标已重新计算")
    sheet = written_sheets(book)["指标"]
    expected = [list(r) for r in load_workbook(folder / "liaison.xlsx")["指标"].iter_rows(values_only=True)]
    assert [[_plain(v) for v in r] for r in sheet] == [[_plain(v) for v in r] for r in expected]
    assert any(isinstance(v, str) and v.startswith("=") for r in sheet for v in r)  # live formulas, as the CLI


def test_template_button_writes_one_template_per_unit_and_lists_them(remote_engine: Any, folder: Path,
                                                                     tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from xl_toolkit.excel import entry

    monkeypatch.setenv("XLT_FOLDER", str(tmp_path))
    book = remote_book(remote_engine, folder / "liaison.xlsx")
    entry.run(book, "生成报送模板")
    listed = written_sheets(book)["报送模板"]
    files = sorted(p.name for p in (tmp_path / "报送模板").iterdir())
    assert sorted(r[1] for r in listed[2:]) == files and len(files) == 38


def test_a_failing_action_shows_a_chinese_message_box(remote_engine: Any, folder: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from xl_toolkit.excel import entry

    monkeypatch.delenv("XLT_FOLDER", raising=False)
    book = remote_book(remote_engine, folder / "报送表" / PBOC)  # a remote book has no folder
    message = entry.run(book, "生成报送模板")
    assert message.startswith("生成报送模板未完成：") and "Traceback" not in message
    assert actions_of(book, "alert")[0]["args"][0] == message


def test_xlwings_server_scripts_and_functions_run_the_same_actions(remote_engine: Any, folder: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    server = importlib.import_module("xl_toolkit.excel.server")
    from xlwings.server import (
        custom_functions_call,
        custom_functions_meta,
        custom_scripts_call,
        custom_scripts_meta,
    )

    assert {s["name"] for s in custom_scripts_meta(server)} == {"校验本表", "汇总报送", "计算指标", "生成报送模板"}
    assert {f["name"] for f in custom_functions_meta(server)["functions"]} >= {"XLT_UNIT", "XLT_ROLE", "XLT_CHECK"}
    monkeypatch.setenv("XLT_MASTER", str(folder / "liaison.xlsx"))
    book = remote_book(remote_engine, folder / "报送表" / PBOC)
    asyncio.run(custom_scripts_call(server, "xlt_validate_return", typehint_to_value={remote_engine.Book: book}))
    assert "校验结果" in written_sheets(book)
    call = {"func_name": "xlt_role", "args": [[[9], [1]], [["中国人民银行"]]], "version": remote_engine.__version__,
            "client": "Office.js", "runtime": "1.4", "culture_info_name": "zh-CN", "date_format": "yyyy/m/d"}
    assert asyncio.run(custom_functions_call(call, server)) == [["参与"], ["未分配"]]


def test_ribbon_run_main_runs_the_action_chosen_on_the_guide_sheet(remote_engine: Any, folder: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO_ROOT / "macros"))
    sys.modules.pop("liaison", None)
    liaison = importlib.import_module("liaison")
    wb = load_workbook(folder / "liaison.xlsx")
    wb["说明"]["B3"] = "计算指标"
    wb.save(tmp_path / "liaison.xlsx")
    book = remote_book(remote_engine, tmp_path / "liaison.xlsx")
    book.set_mock_caller()
    liaison.main()
    assert actions_of(book, "alert")[0]["args"][1] == "计算指标"


def test_validate_button_marks_what_the_annotated_copy_marks(remote_engine: Any, folder: Path,
                                                            tmp_path: Path) -> None:
    from xl_toolkit.excel import actions
    from xl_toolkit.io.annotate import write_annotated_copy

    path = folder / "报送表" / PBOC
    plan, registry = load_master(folder / "liaison.xlsx")
    book = remote_book(remote_engine, path)
    result = actions.validate_return(book, plan, registry)
    copy = load_workbook(write_annotated_copy(path, result.all_findings, tmp_path / "annotated.xlsx"))
    expected_rows = [[_plain(v) for v in r] for r in copy["校验结果"].iter_rows(values_only=True)]
    assert [[_plain(v) for v in r] for r in written_sheets(book)["校验结果"]] == expected_rows
    ws = copy["任务进展"]
    expected_marks = {f"${c.column_letter}${c.row}": (c.comment.text, "#" + c.fill.fgColor.rgb[-6:].upper())
                      for row in ws.iter_rows(min_row=4) for c in row if c.comment is not None}
    notes = {a["args"][0]: a["args"][1] for a in actions_of(book, "addNote")}
    fills = {n["args"][0]: c["args"][0].upper() for n, c in zip(actions_of(book, "addNote"),
                                                                 actions_of(book, "setRangeColor"), strict=True)}
    assert {cell: (notes[cell], fills[cell]) for cell in notes} == expected_marks
