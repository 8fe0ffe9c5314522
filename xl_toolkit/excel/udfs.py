"""Worksheet functions: XLT_UNIT, XLT_ROLE, XLT_CHECK and the indicator functions, as plain Python.

Each takes what xlwings passes (a scalar, a 1-D or 2-D list, empty cells as None) and gives a value or Chinese
text, never a traceback. A range argument spills: the function is applied cell by cell (rows for XLT_CHECK).
`desktop_udfs` wraps these for Windows Excel; `server` for xlwings Server/Lite.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..assignments import role_of
from ..findings import Severity
from ..indicators import functions as indicator_functions
from ..io.master import load_master
from ..layout import RETURN_HEADERS, SUBMITTER_LABEL
from ..models import Plan, Role
from ..raw_workbook import RawSheet, RawWorkbook
from ..registry import UnitRegistry
from ..returns_parsing import cell_text, parse_role, parse_task_number
from ..services.plan_import import builtin_plan
from ..validation import validate_workbook_values

#: Environment variable naming the master workbook the functions look tasks up in (default: the built-in plan).
MASTER_ENV = "XLT_MASTER"
NOT_ASSIGNED = "未分配"
PASSED = "通过"
SHAPE_MISMATCH = "区域大小不一致：各参数应为同样大小的区域，或单个单元格"
_CHECK_SHEET = "XLT_CHECK"

__all__ = [
    "MASTER_ENV",
    "reference",
    "xlt_check",
    "xlt_completion",
    "xlt_progress",
    "xlt_role",
    "xlt_status",
    "xlt_time_progress",
    "xlt_unit",
]


def reference() -> tuple[Plan, UnitRegistry]:
    """The plan and registry the functions use: the workbook named by XLT_MASTER, else the built-in 2026 plan."""
    path = os.environ.get(MASTER_ENV, "")
    stamp = Path(path).stat().st_mtime if path and Path(path).is_file() else 0.0
    return _reference(path, stamp)


@lru_cache(maxsize=4)
def _reference(path: str, stamp: float) -> tuple[Plan, UnitRegistry]:
    if path:
        if not stamp:
            raise ValueError(f"找不到任务分工表：{path}（环境变量 {MASTER_ENV}）")
        return load_master(Path(path))
    return builtin_plan()


def xlt_unit(name: Any) -> Any:
    """XLT_UNIT(name): the canonical unit name, or why it is not one (with the closest name when there is one)."""
    return _cellwise(_unit, name)


def xlt_role(task_no: Any, unit: Any) -> Any:
    """XLT_ROLE(task_no, unit): 牵头, 参与 or 未分配 for a unit on a task of the master."""
    return _cellwise(_role, task_no, unit)


def xlt_check(row: Any, unit: Any = None) -> Any:
    """XLT_CHECK(row, [unit]): the row's findings as text (通过 when none); a block of rows gives one per row.

    The row is laid out as the return template (序号 … 下一步计划); the unit defaults to the row's lead when
    its role is 牵头.
    """
    rows, unit = _as_grid(row), _scalar(unit)
    if rows is None:
        return _guard(_check, [row], unit)
    results = [_guard(_check, list(r), unit) for r in rows]
    return results[0] if len(results) == 1 else [[text] for text in results]


def xlt_completion(actual: Any, target: Any, direction: Any = "higher", tolerance: Any = None) -> Any:
    """XLT_COMPLETION(actual, target, [direction], [tolerance]): 完成率 as a fraction, or why it is not computed."""
    return _cellwise(indicator_functions.xlt_completion, actual, target, direction, tolerance)


def xlt_progress(actual: Any, baseline: Any, target: Any) -> Any:
    """XLT_PROGRESS(actual, baseline, target): 目标进度 as a fraction."""
    return _cellwise(indicator_functions.xlt_progress, actual, baseline, target)


def xlt_time_progress(year: Any, start_year: Any, end_year: Any) -> Any:
    """XLT_TIME_PROGRESS(year, start_year, end_year): 序时进度 as a fraction."""
    return _cellwise(indicator_functions.xlt_time_progress, year, start_year, end_year)


def xlt_status(actual: Any, baseline: Any, target: Any, direction: Any, year: Any, start_year: Any, end_year: Any,
               tolerance: Any = None, warning_ratio: Any = None) -> Any:
    """XLT_STATUS(…): 提前完成, 达标, 进度正常, 预警, 滞后, 未达标 or 无数据."""
    return _cellwise(indicator_functions.xlt_status, actual, baseline, target, direction, year, start_year, end_year,
                     tolerance, warning_ratio)


def _unit(name: object) -> str:
    text = cell_text(name)
    if not text:
        return "请输入单位名称"
    _, registry = reference()
    resolution = registry.resolve(text)
    if resolution.canonical is not None:
        return resolution.canonical
    hint = f"，是否为“{resolution.suggestion}”？" if resolution.suggestion else ""
    return f"单位“{text}”不在单位名录中{hint}"


def _role(task_no: object, unit: object) -> str:
    number = parse_task_number(task_no)
    if number is None:
        return f"任务序号无效：{cell_text(task_no) or '（空）'}"
    plan, registry = reference()
    task = plan.task(number)
    if task is None:
        return f"任务序号“{number}”不在任务分工表中"
    canonical = registry.canonical(cell_text(unit))
    if canonical is None:
        return _unit(unit)
    role = role_of(task, canonical, registry)
    return role.value if role is not None else NOT_ASSIGNED


def _check(cells: list[object], unit: object) -> str:
    values = (list(cells) + [None] * len(RETURN_HEADERS))[: len(RETURN_HEADERS)]
    if not any(cell_text(v) for v in values):
        return "空行"
    plan, registry = reference()
    written = cell_text(unit) or _lead_if_leading(values)
    submitter = registry.canonical(written) if written else None
    if written and submitter is None:
        return _unit(written)
    sheet = RawSheet(_CHECK_SHEET, [[f"{SUBMITTER_LABEL}：{submitter or ''}"], list(RETURN_HEADERS), values])
    result = validate_workbook_values(RawWorkbook((sheet,)), plan, registry, _CHECK_SHEET)
    findings = [f for f in result.all_findings if f.row == 3 and f.code != "unknown-submitter"]
    if not findings:
        return PASSED
    return "；".join(f"{f.severity.label}：{f.message}" for f in findings if f.severity is not Severity.INFO) or PASSED


def _lead_if_leading(values: Sequence[object]) -> str:
    try:
        role = parse_role(values[RETURN_HEADERS.index("本单位角色")])
    except ValueError:
        return ""
    return cell_text(values[RETURN_HEADERS.index("牵头单位")]) if role is Role.LEAD else ""


def _as_grid(value: Any) -> list[list[Any]] | None:
    """A range argument as rows (a 1-D list is one row or one column as xlwings gives it), or None for a scalar."""
    if not isinstance(value, list | tuple):
        return None
    if all(isinstance(r, list | tuple) for r in value):
        return [list(r) for r in value] or [[]]
    return [list(value)]


def _scalar(value: Any) -> Any:
    """A single-cell block as its value (a larger block stays as it is)."""
    grid = _as_grid(value)
    return grid[0][0] if grid is not None and len(grid) == 1 and len(grid[0]) == 1 else value


def _cellwise(function: Callable[..., object], *args: Any) -> Any:
    """Apply a scalar function cell by cell: scalars give a scalar, ranges a 2-D block (single cells broadcast)."""
    grids = [_as_grid(a) for a in args]
    if all(g is None for g in grids):
        return _guard(function, *args)
    shaped = [g if g is not None else [[a]] for g, a in zip(grids, args, strict=True)]
    rows = max(len(g) for g in shaped)
    cols = max(len(g[0]) if g else 0 for g in shaped)
    if any((len(g), len(g[0]) if g else 0) not in ((1, 1), (rows, cols)) for g in shaped):
        return SHAPE_MISMATCH
    return [[_guard(function, *(_at(g, r, c) for g in shaped)) for c in range(cols)] for r in range(rows)]


def _at(grid: list[list[Any]], row: int, column: int) -> Any:
    """A cell of a block, a single cell standing for every position."""
    return grid[0][0] if len(grid) == 1 and len(grid[0]) == 1 else grid[row][column]


def _guard(function: Callable[..., object], *args: Any) -> Any:
    """Run a cell function; a clerk sees a Chinese message in the cell, never a traceback."""
    try:
        return function(*args)
    except (ValueError, OSError) as error:
        return str(error).splitlines()[0] if str(error) else "无法计算"
    except Exception as error:  # noqa: BLE001 - a worksheet cell must never show a Python traceback
        return f"无法计算（程序错误：{type(error).__name__}），请联系联席会议办公室"
