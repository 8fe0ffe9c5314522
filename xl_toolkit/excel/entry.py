"""Entry points of the four buttons: desktop `RunPython` calls (`xw.Book.caller()`) and the shared dispatcher.

Paths: returns are read from `报送表/` and templates written to `报送模板/` in the work folder, which is the folder
of the liaison workbook (desktop) or the folder named by XLT_FOLDER (xlwings Server, or to override).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import xlwings as xw

from ..io.liaison_workbook import CHOICE_CELL, DEFAULT_CHOICE, GUIDE_SHEET
from ..io.master import MasterFormatError, load_master
from ..models import Plan
from ..plan import PlanImportError
from ..registry import UnitRegistry
from . import actions
from .book import alert, book_folder, sheet_names

FOLDER_ENV = "XLT_FOLDER"
MASTER_ENV = "XLT_MASTER"
RETURNS_FOLDER = "报送表"
TEMPLATES_FOLDER = "报送模板"
#: Where a return looks for its master when it has none: the liaison workbook beside it or one folder up.
LIAISON_NAMES = ("liaison.xlsm", "liaison.xlsx")


def work_folder(book: xw.Book) -> Path:
    """XLT_FOLDER when set, else the folder the workbook is saved in."""
    configured = os.environ.get(FOLDER_ENV)
    return Path(configured) if configured else book_folder(book)


def master_for(book: xw.Book) -> tuple[Plan, UnitRegistry]:
    """The plan a book is checked against: its own 任务分工 sheet, else XLT_MASTER, else the liaison workbook nearby."""
    if actions.MASTER_SHEETS[0] in sheet_names(book):
        return actions.plan_of(book)
    configured = os.environ.get(MASTER_ENV)
    if configured:
        return load_master(Path(configured))
    folder = book_folder(book)
    for candidate in (base / name for base in (folder, folder.parent) for name in LIAISON_NAMES):
        if candidate.is_file():
            return load_master(candidate)
    raise ValueError("找不到任务分工表：请把报送表放在联络工作簿（liaison.xlsx）所在文件夹或其“报送表”子文件夹中")


def _validate(book: xw.Book) -> str:
    result = actions.validate_return(book, *master_for(book))
    return f"校验完成：{actions.findings_text(result.all_findings)}。详见“校验结果”工作表。"


def _consolidate(book: xw.Book) -> str:
    folder = work_folder(book)
    ledger = folder / f"{Path(book.name).stem}.ledger.db"
    result = actions.consolidate_into(book, folder / RETURNS_FOLDER, ledger)
    return (f"汇总完成：收到报送表 {len(result.files)} 份，汇总 {result.rows_merged} 行，退回 {result.rows_rejected} 行；"
            f"未报送单位 {len(result.missing_units)} 个。详见“汇总”“问题清单”等工作表。")


def _indicators(book: xw.Book) -> str:
    sheets = actions.recompute_indicators(book)
    return f"指标已重新计算：{'、'.join(sheets)}。"


def _templates(book: xw.Book) -> str:
    directory = work_folder(book) / TEMPLATES_FOLDER
    written = actions.write_templates(book, directory)
    return f"已为 {len(written)} 个单位生成报送模板：{directory}"


#: The buttons, by the Chinese label the clerk sees.
ACTIONS: dict[str, Callable[[xw.Book], str]] = {
    "校验本表": _validate,
    "汇总报送": _consolidate,
    "计算指标": _indicators,
    "生成报送模板": _templates,
}


def run(book: xw.Book, label: str) -> str:
    """Run one button's action on a book; the clerk gets a Chinese message box whether it worked or not."""
    try:
        message = ACTIONS[label](book)
    except (MasterFormatError, PlanImportError, ValueError, OSError) as error:
        message = f"{label}未完成：{error}"
    except Exception as error:  # noqa: BLE001 - the clerk sees a message box, never a traceback
        message = f"{label}未完成：程序错误（{type(error).__name__}: {error}），请联系联席会议办公室"
    alert(book, message, title=label)
    return message


def main_action(book: xw.Book) -> str:
    """The action chosen in the 说明 sheet's drop-down (what the ribbon's "Run main" runs)."""
    chosen = book.sheets[GUIDE_SHEET][CHOICE_CELL].value if GUIDE_SHEET in sheet_names(book) else None
    return str(chosen).strip() if str(chosen or "").strip() in ACTIONS else DEFAULT_CHOICE


def validate_return() -> None:
    """校验本表 (RunPython): check the calling workbook as a return."""
    run(xw.Book.caller(), "校验本表")


def consolidate() -> None:
    """汇总报送 (RunPython): merge the 报送表 folder beside the liaison workbook into it."""
    run(xw.Book.caller(), "汇总报送")


def indicators() -> None:
    """计算指标 (RunPython): rebuild the 指标 sheet."""
    run(xw.Book.caller(), "计算指标")


def templates() -> None:
    """生成报送模板 (RunPython): write a return template per unit into 报送模板."""
    run(xw.Book.caller(), "生成报送模板")
