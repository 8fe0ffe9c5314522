"""Attainment arithmetic: 完成率, 目标进度, 序时进度 and status, as plain-number functions the sheet formulas mirror.

Every function returns a number or a `NotComputed` reason (Chinese text) and never raises on data, so neither a
clerk nor a worksheet function ever sees a division error. The sheet's formulas (`xl_toolkit.indicators.sheet`)
compute exactly the same rules.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum

from .model import Aggregation, Attainment, Direction, Indicator, Observation, Rag, Status, Thresholds

#: Slack on every comparison, so Python and spreadsheet rounding agree on the boundary (15.5 vs 15.5000000001).
EPSILON = 1e-9

METHOD = (
    "完成率 = 实际值 ÷ 目标值（越小越好时为 目标值 ÷ 实际值；稳定区间指标在容差内记100%，否则记0%）；"
    "目标进度 = (实际值 − 基期值) ÷ (目标值 − 基期值)，即计划变化量已实现的比例，不设上限；"
    "序时进度 = (评估年份 − 基期年份) ÷ (目标年份 − 基期年份)，限于0～100%；"
    "状态：达到目标为达标（目标年份之前达到为提前完成），目标进度 ≥ 序时进度为进度正常，"
    "目标进度 ≥ 预警系数 × 序时进度为预警，低于此为滞后，缺实际值或目标值为无数据；"
    "稳定区间指标只判在容差内（达标）或超出（未达标）。"
)


class NotComputed(StrEnum):
    """Why a ratio is not computed; the value is the text a clerk sees."""

    MISSING = "缺少数据"
    TARGET_NOT_POSITIVE = "目标值须大于0"
    ACTUAL_NOT_POSITIVE = "实际值须大于0"
    BASELINE_IS_TARGET = "基期值等于目标值"
    BAND = "稳定区间指标不计目标进度"
    OUT_OF_RANGE = "数值超出范围"


def completion(
    actual: float | None, target: float | None, direction: Direction, tolerance: float = 0.0
) -> float | NotComputed:
    """完成率: actual ÷ target; target ÷ actual when lower is better; 1 inside a band (±tolerance), else 0."""
    if actual is None or target is None:
        return NotComputed.MISSING
    if direction is Direction.BAND:
        return 1.0 if abs(actual - target) <= tolerance + EPSILON else 0.0
    if target <= 0:
        return NotComputed.TARGET_NOT_POSITIVE
    if direction is Direction.LOWER:
        return _finite(target / actual) if actual > 0 else NotComputed.ACTUAL_NOT_POSITIVE
    return _finite(actual / target)


def progress(actual: float | None, baseline: float | None, target: float | None) -> float | NotComputed:
    """目标进度: (actual − baseline) ÷ (target − baseline), the share of the planned change achieved, uncapped."""
    if actual is None or baseline is None or target is None:
        return NotComputed.MISSING
    if target == baseline:
        return NotComputed.BASELINE_IS_TARGET
    return _finite((actual - baseline) / (target - baseline))


def _finite(ratio: float) -> float | NotComputed:
    return ratio if math.isfinite(ratio) else NotComputed.OUT_OF_RANGE


def time_progress(year: int, start_year: int, end_year: int) -> float:
    """序时进度: the share of the plan period (start_year = baseline year, to end_year) elapsed by `year`, 0 to 1."""
    if end_year <= start_year:
        return 1.0 if year >= end_year else 0.0
    return max(0.0, min(1.0, (year - start_year) / (end_year - start_year)))


def is_met(actual: float, target: float, direction: Direction, tolerance: float = 0.0) -> bool:
    """Whether the actual meets the target (within the tolerance; 超过 and 以上 both count as reaching it)."""
    if direction is Direction.BAND:
        return abs(actual - target) <= tolerance + EPSILON
    if direction is Direction.LOWER:
        return actual <= target + tolerance + EPSILON
    return actual >= target - tolerance - EPSILON


def status(
    actual: float | None,
    baseline: float | None,
    target: float | None,
    direction: Direction,
    year: int,
    start_year: int,
    end_year: int,
    tolerance: float = 0.0,
    thresholds: Thresholds | None = None,
) -> Status:
    """The status of an actual in `year` against a target for `end_year` set from a baseline in `start_year`."""
    thresholds = thresholds or Thresholds()
    if actual is None or target is None:
        return Status.NO_DATA
    if direction is Direction.BAND:
        return Status.MET if is_met(actual, target, direction, tolerance) else Status.NOT_MET
    if is_met(actual, target, direction, tolerance):
        return Status.AHEAD if year < end_year else Status.MET
    share = progress(actual, baseline, target)
    if isinstance(share, NotComputed):
        return Status.LAGGING if year >= end_year else Status.NO_DATA
    elapsed = time_progress(year, start_year, end_year)
    if share >= elapsed - EPSILON:
        return Status.ON_TRACK
    if share >= thresholds.warning_ratio * elapsed - EPSILON:
        return Status.WARNING
    return Status.LAGGING


def rag(state: Status) -> Rag | None:
    """红黄绿 of a status: green when met or on track, yellow on warning, red when lagging; None without data."""
    if state in (Status.AHEAD, Status.MET, Status.ON_TRACK):
        return Rag.GREEN
    if state is Status.WARNING:
        return Rag.YELLOW
    if state is Status.NO_DATA:
        return None
    return Rag.RED


def actual_for(indicator: Indicator, report_year: int) -> tuple[int | None, float | None]:
    """The year and actual value used for a report year.

    Only years after the baseline year and up to the report year count; a stock (存量) takes the latest of them,
    a cumulative (累计) indicator sums them up to that latest year. (None, None) when there is none.
    """
    counted = [a for a in indicator.actuals if a.value is not None and indicator.baseline.year < a.year <= report_year]
    if not counted:
        return None, None
    latest = max(a.year for a in counted)
    if indicator.aggregation is Aggregation.CUMULATIVE:
        return latest, sum(_values(counted))
    return latest, next(a.value for a in counted if a.year == latest)


def assess(indicator: Indicator, report_year: int, thresholds: Thresholds | None = None) -> Attainment:
    """An indicator's attainment in a report year, with each number's method written out."""
    thresholds = thresholds or Thresholds()
    tolerance = indicator.tolerance(thresholds)
    found_year, actual = actual_for(indicator, report_year)
    year = found_year if found_year is not None else report_year
    baseline, target, direction = indicator.baseline.value, indicator.target.value, indicator.direction
    done = completion(actual, target, direction, tolerance)
    share: float | NotComputed = NotComputed.BAND if direction is Direction.BAND else progress(actual, baseline, target)
    elapsed = time_progress(year, indicator.baseline.year, indicator.target.year)
    state = status(
        actual, baseline, target, direction, year, indicator.baseline.year, indicator.target.year, tolerance, thresholds
    )
    return Attainment(
        name=indicator.name,
        unit=indicator.unit,
        kind=indicator.kind,
        direction=direction,
        baseline=baseline,
        baseline_year=indicator.baseline.year,
        target=target,
        target_year=indicator.target.year,
        year=year,
        actual=actual,
        completion=None if isinstance(done, NotComputed) else done,
        progress=None if isinstance(share, NotComputed) else share,
        time_progress=elapsed,
        status=state,
        source=describe_sources(indicator),
        rag=rag(state),
        method=_explain(indicator, year, actual, done, share, elapsed, state, tolerance, thresholds),
    )


def assess_all(
    indicators: Sequence[Indicator], report_year: int, thresholds: Thresholds | None = None
) -> list[Attainment]:
    """Every indicator's attainment in a report year, in order."""
    return [assess(indicator, report_year, thresholds) for indicator in indicators]


def latest_year(indicators: Sequence[Indicator]) -> int | None:
    """The latest year with an actual value, the natural default report year."""
    years = [a.year for i in indicators for a in i.actuals if a.value is not None]
    return max(years) if years else None


def describe_sources(indicator: Indicator) -> str:
    """基期、目标和实际值的来源，一行；待核实的标出。"""
    parts = [f"基期：{_cite(indicator.baseline)}", f"目标：{_cite(indicator.target)}"]
    parts += [f"{a.year}年实际：{_cite(a)}" for a in indicator.actuals if a.value is not None]
    return "；".join(parts)


def _cite(item: Observation | object) -> str:
    source = str(getattr(item, "source", "")) or "未注明"
    return source if getattr(item, "verified", True) else f"{source}（待核实）"


def _values(observations: Sequence[Observation]) -> list[float]:
    return [a.value for a in observations if a.value is not None]


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _percent(value: float | NotComputed) -> str:
    return value.value if isinstance(value, NotComputed) else f"{value:.1%}"


def _explain(
    indicator: Indicator,
    year: int,
    actual: float | None,
    done: float | NotComputed,
    share: float | NotComputed,
    elapsed: float,
    state: Status,
    tolerance: float,
    thresholds: Thresholds,
) -> str:
    base, goal = indicator.baseline.value, indicator.target.value
    a, b, t = _number(actual), _number(base), _number(goal)
    if indicator.direction is Direction.BAND:
        done_text = f"完成率：|{a} − {t}| 是否 ≤ 容差{tolerance:g} → {_percent(done)}"
    elif indicator.direction is Direction.LOWER:
        done_text = f"完成率 = 目标值 ÷ 实际值（越小越好）= {t} ÷ {a} = {_percent(done)}"
    else:
        done_text = f"完成率 = 实际值 ÷ 目标值 = {a} ÷ {t} = {_percent(done)}"
    source = "累计（各年之和）" if indicator.aggregation is Aggregation.CUMULATIVE else "存量（取最新值）"
    found = f"实际值取{year}年，{source}：{a}{indicator.unit}" if actual is not None else f"{year}年：无实际值"
    lines = [
        found,
        done_text,
        f"目标进度 = ({a} − {b}) ÷ ({t} − {b}) = {_percent(share)}",
        (
            f"序时进度 = ({year} − {indicator.baseline.year}) ÷ ({indicator.target.year} − {indicator.baseline.year})"
            f"，限于0～100% = {elapsed:.1%}"
        ),
        f"状态：{state.value}（预警系数{thresholds.warning_ratio:g}，容差{tolerance:g}）",
    ]
    return "；".join(lines)


def report_json(attainments: Sequence[Attainment]) -> dict[str, list[dict[str, object]]]:
    """The `--json` document: `{"indicators": [...]}` with ratios as fractions (1.0 = 100%)."""
    return {"indicators": [a.model_dump(mode="json") for a in attainments]}
