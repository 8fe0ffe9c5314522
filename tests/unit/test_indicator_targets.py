"""Targets as the plans write them: one test per phrase form, the seeds' own sentences, and parser properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit.indicators import Direction, Measure, Qualifier, TargetParseError, find_targets, parse_target

from ..conftest import SEEDS


def test_reduced_to_about_is_lower_is_better_approximately() -> None:
    (target,) = parse_target("发明专利平均审查周期压减到15.5个月左右")
    assert (target.subject, target.value, target.unit) == ("发明专利平均审查周期", 15.5, "个月")
    assert (target.direction, target.qualifier, target.measure) == (Direction.LOWER, Qualifier.ABOUT, Measure.LEVEL)


def test_kept_stable_at_is_a_band() -> None:
    (target,) = parse_target("商标注册申请平均审查周期稳定在4个月")
    assert (target.value, target.unit, target.direction, target.qualifier) == (4, "个月", Direction.BAND, Qualifier.EXACT)


def test_reach_is_higher_is_better() -> None:
    (target,) = parse_target("达到172家")
    assert (target.value, target.unit, target.direction, target.qualifier) == (172, "家", Direction.HIGHER, Qualifier.EXACT)


def test_respectively_reach_gives_two_indicators_with_their_subjects() -> None:
    targets = parse_target("地市级综合性知识产权公共服务机构和国家级知识产权重要服务网点规模分别达到172家、460家")
    assert [(t.subject, t.value, t.unit) for t in targets] == [
        ("地市级综合性知识产权公共服务机构规模", 172, "家"),
        ("国家级知识产权重要服务网点规模", 460, "家"),
    ]
    assert all(t.direction is Direction.HIGHER for t in targets)


def test_grow_by_percent_or_more_is_a_growth_rate_at_least() -> None:
    (target,) = parse_target("知识产权质押融资规模和惠及中小企业数量增长10%以上")
    assert (target.value, target.unit, target.measure) == (10, "%", Measure.CHANGE)
    assert (target.direction, target.qualifier) == (Direction.HIGHER, Qualifier.AT_LEAST)


def test_fall_by_percent_or_more_is_a_negative_growth_at_most() -> None:
    (target,) = parse_target("能耗下降10%以上")
    assert (target.value, target.direction, target.qualifier) == (-10, Direction.LOWER, Qualifier.AT_MOST)


def test_exceed_is_more_than_with_a_ten_thousand_unit() -> None:
    (target,) = parse_target("我国国内发明专利有效量超过500万件")
    assert (target.value, target.unit, target.direction, target.qualifier) == (
        500, "万件", Direction.HIGHER, Qualifier.MORE_THAN,
    )  # fmt: skip


def test_rise_to_nth_place_is_a_rank_where_lower_is_better() -> None:
    (target,) = parse_target("我国排名提升至第10位")
    assert (target.value, target.unit, target.measure, target.direction) == (10, "位", Measure.RANK, Direction.LOWER)


def test_from_to_gives_start_and_value_with_the_period_end_year() -> None:
    (target,) = parse_target("发明专利平均审查周期从“十三五”末的20个月压减至15个月")
    assert (target.subject, target.start, target.start_year, target.value) == ("发明专利平均审查周期", 20, 2020, 15)
    assert target.direction is Direction.LOWER


def test_from_to_with_written_years_gives_both_years() -> None:
    (target,) = parse_target("专利密集型产业增加值占GDP比重从2020年的11.97%提升到2024年的13.38%")
    assert (target.start_year, target.start, target.year, target.value, target.unit) == (2020, 11.97, 2024, 13.38, "%")


def test_rank_from_29th_to_14th_is_lower_is_better() -> None:
    (target,) = parse_target("在全球创新指数中的排名由第29位提升到第14位")
    assert (target.start, target.value, target.direction) == (29, 14, Direction.LOWER)


def test_keep_within_is_at_most() -> None:
    (target,) = parse_target("结案周期控制在5天以内")
    assert (target.direction, target.qualifier) == (Direction.LOWER, Qualifier.AT_MOST)


def test_full_width_digits_and_percent_are_read() -> None:
    (target,) = parse_target("比重达到１３％")
    assert (target.value, target.unit) == (13, "%")


def test_a_phrase_without_a_target_is_a_chinese_error() -> None:
    with pytest.raises(TargetParseError, match="无法识别"):
        parse_target("均达到相同审查制度下国际最快水平")


def test_the_2024_guideline_states_its_quantitative_targets() -> None:
    text = (SEEDS / "004_ce6c8116003ab341.txt").read_text(encoding="utf-8")
    found = {(t.value, t.unit, t.direction, t.qualifier) for t in find_targets(text)}
    assert {
        (15.5, "个月", Direction.LOWER, Qualifier.ABOUT),
        (4, "个月", Direction.BAND, Qualifier.EXACT),
        (10, "%", Direction.HIGHER, Qualifier.AT_LEAST),
        (172, "家", Direction.HIGHER, Qualifier.EXACT),
        (460, "家", Direction.HIGHER, Qualifier.EXACT),
    } <= found


def test_the_2026_report_states_the_end_of_period_actuals() -> None:
    text = (SEEDS / "000_1a40fb37e4787e80.txt").read_text(encoding="utf-8")
    by_subject = {t.subject: t for t in find_targets(text)}
    satisfaction = by_subject["知识产权保护社会满意度"]
    assert (satisfaction.start_year, satisfaction.start, satisfaction.year, satisfaction.value) == (2020, 80.05, 2025, 82.81)
    period = by_subject["发明专利平均审查周期"]
    assert (period.start, period.value, period.direction) == (20, 15, Direction.LOWER)


@given(
    value=st.decimals(min_value=0, max_value=100000, places=2).map(lambda d: f"{d.normalize():f}"),
    unit=st.sampled_from(["个月", "家", "件", "万件", "亿元", "%", "分"]),
    verb=st.sampled_from(["压减到", "达到", "提高到", "稳定在"]),
    about=st.booleans(),
)
def test_any_number_and_unit_is_read_back(value: str, unit: str, verb: str, about: bool) -> None:
    (target,) = parse_target(f"某指标{verb}{value}{unit}{'左右' if about else ''}")
    assert (target.value, target.unit, target.subject) == (float(value), unit, "某指标")
    assert (target.qualifier is Qualifier.ABOUT) == about
