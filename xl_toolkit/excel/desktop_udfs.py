"""The worksheet functions registered for desktop Excel (Windows only): `xlwings` → 导入函数 (Import Functions).

Ranges arrive as 2-D lists (`ndim=2`), so a column argument spills one result per cell.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import xlwings as xw

from . import udfs

F = TypeVar("F", bound=Callable[..., Any])


def ranges_as_blocks(function: F) -> F:
    """Every argument as a 2-D block (`ndim=2`): xlwings otherwise gives a row and a column alike as a 1-D list."""
    for name in inspect.signature(function).parameters:
        function = xw.arg(name, ndim=2)(function)
    return function


@xw.func
@ranges_as_blocks
def xlt_unit(name: Any) -> Any:
    """XLT_UNIT(单位名称)：规范单位名称，或说明为何无法识别。"""
    return udfs.xlt_unit(name)


@xw.func
@ranges_as_blocks
def xlt_role(task_no: Any, unit: Any) -> Any:
    """XLT_ROLE(任务序号, 单位)：牵头、参与或未分配。"""
    return udfs.xlt_role(task_no, unit)


@xw.func
@ranges_as_blocks
def xlt_check(row: Any, unit: Any = None) -> Any:
    """XLT_CHECK(一行或多行报送数据, [单位])：该行的问题，无问题时为“通过”。"""
    return udfs.xlt_check(row, unit)


@xw.func
@ranges_as_blocks
def xlt_completion(actual: Any, target: Any, direction: Any = "higher", tolerance: Any = None) -> Any:
    """XLT_COMPLETION(实际值, 目标值, [方向], [容差])：完成率。"""
    return udfs.xlt_completion(actual, target, direction, tolerance)


@xw.func
@ranges_as_blocks
def xlt_progress(actual: Any, baseline: Any, target: Any) -> Any:
    """XLT_PROGRESS(实际值, 基期值, 目标值)：目标进度。"""
    return udfs.xlt_progress(actual, baseline, target)


@xw.func
@ranges_as_blocks
def xlt_time_progress(year: Any, start_year: Any, end_year: Any) -> Any:
    """XLT_TIME_PROGRESS(评估年份, 基期年份, 目标年份)：序时进度。"""
    return udfs.xlt_time_progress(year, start_year, end_year)


@xw.func
@ranges_as_blocks
def xlt_status(actual: Any, baseline: Any, target: Any, direction: Any, year: Any, start_year: Any,
               end_year: Any, tolerance: Any = None, warning_ratio: Any = None) -> Any:
    """XLT_STATUS(实际值, 基期值, 目标值, 方向, 评估年份, 基期年份, 目标年份, [容差], [预警系数])：状态。"""
    return udfs.xlt_status(actual, baseline, target, direction, year, start_year, end_year, tolerance, warning_ratio)
