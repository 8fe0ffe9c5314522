"""完成率, 目标进度, 序时进度 and status: the seeds' numbers worked out by hand, the edge cases, the properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from xl_toolkit.indicators import (
    Aggregation,
    Direction,
    Indicator,
    NotComputed,
    Observation,
    Qualifier,
    Rag,
    Status,
    Target,
    Thresholds,
    assess,
    completion,
    default_indicators,
    progress,
    rag,
    status,
    time_progress,
)


def _builtin(name: str) -> Indicator:
    return next(i for i in default_indicators() if i.name == name)


def _indicator(
    baseline: float | None = 10,
    target: float | None = 20,
    actuals: dict[int, float] | None = None,
    direction: Direction = Direction.HIGHER,
    aggregation: Aggregation = Aggregation.STOCK,
    tolerance: float | None = None,
    qualifier: Qualifier = Qualifier.EXACT,
) -> Indicator:
    return Indicator(
        name="测试指标",
        direction=direction,
        aggregation=aggregation,
        baseline=Observation(year=2020, value=baseline),
        target=Target(year=2025, value=target, tolerance=tolerance, qualifier=qualifier),
        actuals=tuple(Observation(year=y, value=v) for y, v in (actuals or {}).items()),
    )


# --- the seeds' numbers, worked out by hand ---------------------------------------------------------------


def test_high_value_patents_16_against_12_from_6_3_is_met() -> None:
    result = assess(_builtin("每万人口高价值发明专利拥有量"), 2025)
    assert (result.year, result.actual, result.baseline, result.target) == (2025, 16, 6.3, 12)
    assert result.completion == pytest.approx(16 / 12, rel=1e-12)  # 133.3%
    assert result.progress == pytest.approx(9.7 / 5.7, rel=1e-12)  # (16 − 6.3) ÷ (12 − 6.3) = 170.2%
    assert (result.time_progress, result.status, result.rag) == (1.0, Status.MET, Rag.GREEN)


def test_protection_satisfaction_82_81_from_80_05_against_82_is_met() -> None:
    result = assess(_builtin("知识产权保护社会满意度"), 2025)
    assert result.completion == pytest.approx(82.81 / 82, rel=1e-12)  # 101.0%
    assert result.progress == pytest.approx(2.76 / 1.95, rel=1e-12)  # (82.81 − 80.05) ÷ (82 − 80.05) = 141.5%
    assert result.status is Status.MET


def test_patent_intensive_share_13_38_in_2024_from_revised_11_97_is_met_early() -> None:
    result = assess(_builtin("专利密集型产业增加值占GDP比重"), 2025)
    assert (result.year, result.actual, result.baseline) == (2024, 13.38, 11.97)
    assert result.completion == pytest.approx(13.38 / 13, rel=1e-12)  # 102.9%
    assert result.progress == pytest.approx(1.41 / 1.03, rel=1e-12)  # (13.38 − 11.97) ÷ (13 − 11.97) = 136.9%
    assert result.time_progress == pytest.approx(0.8)  # 2024 is 4 of the 5 years 2020→2025
    assert result.status is Status.AHEAD


def test_examination_period_15_months_from_20_against_15_5_lower_is_better() -> None:
    result = assess(_builtin("发明专利平均审查周期"), 2025)
    assert result.direction is Direction.LOWER
    assert result.completion == pytest.approx(15.5 / 15, rel=1e-12)  # target ÷ actual = 103.3%
    assert result.progress == pytest.approx(5 / 4.5, rel=1e-12)  # (15 − 20) ÷ (15.5 − 20) = 111.1%
    assert result.status is Status.MET


def test_trademark_period_stable_at_4_months_is_met_as_a_band_without_progress() -> None:
    result = assess(_builtin("商标注册平均审查周期"), 2025)
    assert (result.completion, result.progress, result.status) == (1.0, None, Status.MET)


def test_each_result_writes_out_its_method_with_the_numbers() -> None:
    result = assess(_builtin("发明专利平均审查周期"), 2025)
    assert "目标值 ÷ 实际值" in result.method and "15.5 ÷ 15" in result.method and "(15 − 20)" in result.method


# --- 序时进度 and status -----------------------------------------------------------------------------------


def test_2023_in_a_2021_to_2025_plan_is_60_percent_elapsed() -> None:
    assert time_progress(2023, 2020, 2025) == pytest.approx(0.6)


def test_time_progress_is_clamped_to_the_plan_period() -> None:
    assert (time_progress(2019, 2020, 2025), time_progress(2030, 2020, 2025)) == (0.0, 1.0)
    assert (time_progress(2023, 2023, 2023), time_progress(2022, 2023, 2023)) == (1.0, 0.0)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(16, Status.ON_TRACK), (15, Status.WARNING), (14.2, Status.WARNING), (14, Status.LAGGING), (20, Status.AHEAD)],
)
def test_status_compares_progress_with_time_progress(actual: float, expected: Status) -> None:
    # 2023 of 2020→2025: 序时进度 60%; 16 → 目标进度 60%, 15 → 50%, 14.2 → 42% (≥ 0.7 × 60%), 14 → 40%.
    assert status(actual, 10, 20, Direction.HIGHER, 2023, 2020, 2025) is expected


def test_warning_threshold_is_configurable() -> None:
    assert status(15, 10, 20, Direction.HIGHER, 2023, 2020, 2025, thresholds=Thresholds(warning_ratio=0.9)) is (
        Status.LAGGING
    )


def test_target_reached_in_the_target_year_is_met_not_ahead() -> None:
    assert status(20, 10, 20, Direction.HIGHER, 2025, 2020, 2025) is Status.MET


def test_about_target_is_met_within_the_tolerance() -> None:
    indicator = _indicator(20, 15.5, {2024: 16}, Direction.LOWER, qualifier=Qualifier.ABOUT)
    assert indicator.tolerance(Thresholds()) == pytest.approx(0.775)
    assert assess(indicator, 2024).status is Status.AHEAD
    assert assess(indicator.model_copy(update={"actuals": (Observation(year=2025, value=16.3),)}), 2025).status is (
        Status.WARNING
    )


def test_band_target_is_met_or_not_met_within_the_tolerance() -> None:
    inside = _indicator(4, 4, {2025: 4.2}, Direction.BAND)
    outside = _indicator(4, 4, {2025: 4.5}, Direction.BAND)
    assert (assess(inside, 2025).status, assess(inside, 2025).completion) == (Status.MET, 1.0)
    assert (assess(outside, 2025).status, assess(outside, 2025).completion, assess(outside, 2025).rag) == (
        Status.NOT_MET, 0.0, Rag.RED,
    )  # fmt: skip


def test_rag_follows_the_status() -> None:
    assert [rag(s) for s in Status] == [Rag.GREEN, Rag.GREEN, Rag.GREEN, Rag.YELLOW, Rag.RED, Rag.RED, None]


# --- aggregation ---------------------------------------------------------------------------------------------


def test_stock_takes_the_latest_value_up_to_the_report_year() -> None:
    indicator = _indicator(actuals={2021: 12, 2023: 15, 2026: 30})
    assert (assess(indicator, 2025).year, assess(indicator, 2025).actual) == (2023, 15)


def test_cumulative_sums_the_yearly_values_after_the_baseline_year() -> None:
    indicator = _indicator(0, 100, {2020: 99, 2021: 10, 2022: 20, 2023: 25}, aggregation=Aggregation.CUMULATIVE)
    result = assess(indicator, 2023)
    assert (result.year, result.actual, result.progress) == (2023, 55, 0.55)
    assert "累计" in result.method


# --- missing, equal, zero and negative values: never a division error --------------------------------------


def test_missing_actual_is_no_data() -> None:
    result = assess(_indicator(actuals={}), 2025)
    assert (result.actual, result.completion, result.progress, result.status, result.rag) == (
        None, None, None, Status.NO_DATA, None,
    )  # fmt: skip
    assert result.year == 2025


def test_missing_baseline_leaves_progress_out_and_cannot_judge_before_the_target_year() -> None:
    indicator = _indicator(None, 20, {2023: 15})
    assert (assess(indicator, 2023).progress, assess(indicator, 2023).status) == (None, Status.NO_DATA)
    indicator = _indicator(None, 20, {2025: 15})
    assert assess(indicator, 2025).status is Status.LAGGING


def test_baseline_equal_to_target_has_no_progress_but_a_status() -> None:
    assert progress(15, 20, 20) is NotComputed.BASELINE_IS_TARGET
    assert assess(_indicator(20, 20, {2025: 21}), 2025).status is Status.MET
    assert assess(_indicator(20, 20, {2025: 19}), 2025).status is Status.LAGGING


def test_zero_and_negative_values_give_reasons_not_errors() -> None:
    assert completion(5, 0, Direction.HIGHER) is NotComputed.TARGET_NOT_POSITIVE
    assert completion(0, 15, Direction.LOWER) is NotComputed.ACTUAL_NOT_POSITIVE
    assert completion(-3, 10, Direction.HIGHER) == -0.3
    assert completion(None, 10, Direction.HIGHER) is NotComputed.MISSING
    assert assess(_indicator(0, 0, {2025: 0}), 2025).status is Status.MET


# --- properties ------------------------------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(baseline=finite, target=finite, direction=st.sampled_from([Direction.HIGHER, Direction.LOWER]))
def test_progress_is_one_at_the_target_and_zero_at_the_baseline(
    baseline: float, target: float, direction: Direction
) -> None:
    assume(baseline != target)
    at_target = _indicator(baseline, target, {2025: target}, direction)
    at_baseline = _indicator(baseline, target, {2025: baseline}, direction)
    assert assess(at_target, 2025).progress == 1.0
    assert assess(at_baseline, 2025).progress == 0.0


@given(a=finite, b=finite, target=positive)
def test_completion_rises_with_the_actual_when_higher_is_better(a: float, b: float, target: float) -> None:
    low, high = sorted((a, b))
    assert completion(low, target, Direction.HIGHER) <= completion(high, target, Direction.HIGHER)  # type: ignore[operator]


@given(a=positive, b=positive, target=positive)
def test_completion_falls_with_the_actual_when_lower_is_better(a: float, b: float, target: float) -> None:
    low, high = sorted((a, b))
    assert completion(low, target, Direction.LOWER) >= completion(high, target, Direction.LOWER)  # type: ignore[operator]


@given(
    actual=st.one_of(st.none(), finite),
    baseline=st.one_of(st.none(), finite),
    target=st.one_of(st.none(), finite),
    direction=st.sampled_from(list(Direction)),
    year=st.integers(2015, 2035),
)
def test_assess_never_fails_and_ratios_are_finite(
    actual: float | None, baseline: float | None, target: float | None, direction: Direction, year: int
) -> None:
    indicator = _indicator(baseline, target, {} if actual is None else {2023: actual}, direction)
    result = assess(indicator, year)
    assert all(v is None or math.isfinite(v) for v in (result.completion, result.progress, result.time_progress))


def test_ratios_too_large_for_a_float_are_reported_not_infinite() -> None:
    assert progress(1e6, 0, 5e-324) is NotComputed.OUT_OF_RANGE
    assert completion(1e6, 5e-324, Direction.HIGHER) is NotComputed.OUT_OF_RANGE
