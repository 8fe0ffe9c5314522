"""Worksheet functions (UDFs) for the Excel layer: plain values in, a number or Chinese text out, never an error.

`xl_toolkit.excel` wraps these with xlwings decorators; they take what a cell holds (number, text, empty) and
call the same `attainment` rules the sheet formulas and the CLI use.
"""

from __future__ import annotations

import math

from .attainment import NotComputed, completion, progress, status, time_progress
from .model import Direction, Thresholds

Cell = float | int | str | None


def xlt_completion(actual: Cell, target: Cell, direction: Cell = "higher", tolerance: Cell = None) -> float | str:
    """完成率 as a fraction: actual ÷ target (target ÷ actual when lower is better; band: 1 inside, 0 outside)."""
    try:
        way = _direction(direction)
        result = completion(_number(actual), _number(target), way, _number(tolerance) or 0.0)
    except ValueError as error:
        return str(error)
    return result.value if isinstance(result, NotComputed) else result


def xlt_progress(actual: Cell, baseline: Cell, target: Cell) -> float | str:
    """目标进度 as a fraction: (actual − baseline) ÷ (target − baseline), uncapped."""
    try:
        result = progress(_number(actual), _number(baseline), _number(target))
    except ValueError as error:
        return str(error)
    return result.value if isinstance(result, NotComputed) else result


def xlt_time_progress(year: Cell, start_year: Cell, end_year: Cell) -> float | str:
    """序时进度 as a fraction: the share of the plan period from start_year (baseline) to end_year elapsed."""
    try:
        years = [_year(v) for v in (year, start_year, end_year)]
    except ValueError as error:
        return str(error)
    if None in years:
        return NotComputed.MISSING.value
    y, start, end = (int(v) for v in years if v is not None)
    return time_progress(y, start, end)


def xlt_status(
    actual: Cell,
    baseline: Cell,
    target: Cell,
    direction: Cell,
    year: Cell,
    start_year: Cell,
    end_year: Cell,
    tolerance: Cell = None,
    warning_ratio: Cell = None,
) -> str:
    """状态: 提前完成, 达标, 进度正常, 预警, 滞后, 未达标 (band) or 无数据; Chinese error text for bad input."""
    try:
        way = _direction(direction)
        years = [_year(v) for v in (year, start_year, end_year)]
        values = (_number(actual), _number(baseline), _number(target))
        slack, ratio = _number(tolerance) or 0.0, _number(warning_ratio)
    except ValueError as error:
        return str(error)
    if ratio is not None and not 0 <= ratio <= 1:
        return f"预警系数须在0到1之间：{warning_ratio}"
    if None in years:
        return NotComputed.MISSING.value
    y, start, end = (int(v) for v in years if v is not None)
    thresholds = Thresholds() if ratio is None else Thresholds(warning_ratio=ratio)
    return status(*values, way, y, start, end, slack, thresholds).value


def _number(value: Cell) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"数值无效：{value}") from None
    if not math.isfinite(number):
        raise ValueError(f"数值无效：{value}")
    return number


def _year(value: Cell) -> float | None:
    number = _number(value)
    if number is not None and number != int(number):
        raise ValueError(f"年份无效：{value}")
    return number


def _direction(value: Cell) -> Direction:
    return Direction.from_text(str(value)) if value not in (None, "") else Direction.HIGHER
