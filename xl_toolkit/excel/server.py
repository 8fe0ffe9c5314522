"""The same buttons and functions for xlwings Server and xlwings Lite (Office.js add-in; Windows, macOS, web).

Import this module only in the server app or the Lite editor: `xlwings.server` is the PolyForm Noncommercial part
of xlwings and needs a licence key (`XLWINGS_LICENSE_KEY=noncommercial` for non-commercial use). The core and the
desktop route never import it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import xlwings as xw
from xlwings.server import arg, func, script

from . import udfs
from .entry import run

F = TypeVar("F", bound=Callable[..., Any])


def ranges_as_blocks(function: F) -> F:
    """Every argument as a 2-D block (`ndim=2`): xlwings otherwise gives a row and a column alike as a 1-D list."""
    for name in inspect.signature(function).parameters:
        function = arg(name, ndim=2)(function)
    return function


@script(name="校验本表")
def xlt_validate_return(book: xw.Book) -> None:
    """校验本表: check this workbook as a return."""
    run(book, "校验本表")


@script(name="汇总报送")
def xlt_consolidate(book: xw.Book) -> None:
    """汇总报送: merge the returns of the work folder (XLT_FOLDER on the server) into this workbook."""
    run(book, "汇总报送")


@script(name="计算指标")
def xlt_indicators(book: xw.Book) -> None:
    """计算指标: rebuild the 指标 sheet."""
    run(book, "计算指标")


@script(name="生成报送模板")
def xlt_templates(book: xw.Book) -> None:
    """生成报送模板: write a return template per unit (into XLT_FOLDER/报送模板 on the server)."""
    run(book, "生成报送模板")


@func
@ranges_as_blocks
def xlt_unit(name: Any) -> Any:
    """XLT_UNIT(单位名称)：规范单位名称，或说明为何无法识别。"""
    return udfs.xlt_unit(name)


@func
@ranges_as_blocks
def xlt_role(task_no: Any, unit: Any) -> Any:
    """XLT_ROLE(任务序号, 单位)：牵头、参与或未分配。"""
    return udfs.xlt_role(task_no, unit)


@func
@ranges_as_blocks
def xlt_check(row: Any, unit: Any = None) -> Any:
    """XLT_CHECK(一行或多行报送数据, [单位])：该行的问题，无问题时为“通过”。"""
    return udfs.xlt_check(row, unit)


@func
@ranges_as_blocks
def xlt_completion(actual: Any, target: Any, direction: Any = "higher", tolerance: Any = None) -> Any:
    """XLT_COMPLETION(实际值, 目标值, [方向], [容差])：完成率。"""
    return udfs.xlt_completion(actual, target, direction, tolerance)


@func
@ranges_as_blocks
def xlt_progress(actual: Any, baseline: Any, target: Any) -> Any:
    """XLT_PROGRESS(实际值, 基期值, 目标值)：目标进度。"""
    return udfs.xlt_progress(actual, baseline, target)


@func
@ranges_as_blocks
def xlt_time_progress(year: Any, start_year: Any, end_year: Any) -> Any:
    """XLT_TIME_PROGRESS(评估年份, 基期年份, 目标年份)：序时进度。"""
    return udfs.xlt_time_progress(year, start_year, end_year)


@func
@ranges_as_blocks
def xlt_status(actual: Any, baseline: Any, target: Any, direction: Any, year: Any, start_year: Any,
               end_year: Any, tolerance: Any = None, warning_ratio: Any = None) -> Any:
    """XLT_STATUS(实际值, 基期值, 目标值, 方向, 评估年份, 基期年份, 目标年份, [容差], [预警系数])：状态。"""
    return udfs.xlt_status(actual, baseline, target, direction, year, start_year, end_year, tolerance, warning_ratio)
