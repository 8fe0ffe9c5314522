"""The built-in indicators: the 14th plan's eight IP indicators, the seeds' targets and actuals, with sources."""

from __future__ import annotations

from xl_toolkit.indicators import Direction, IndicatorKind, Qualifier, default_indicators, parse_target

from ..conftest import SEEDS

PLAN_14 = {  # 国发〔2021〕20号: 2020 baseline → 2025 target
    "每万人口高价值发明专利拥有量": (6.3, 12, "件"),
    "海外发明专利授权量": (4, 9, "万件"),
    "知识产权质押融资登记金额": (2180, 3200, "亿元"),
    "知识产权使用费年进出口总额": (3194.4, 3500, "亿元"),
    "专利密集型产业增加值占GDP比重": (11.6, 13, "%"),
    "版权产业增加值占GDP比重": (7.39, 7.5, "%"),
    "知识产权保护社会满意度": (80.05, 82, "分"),
    "知识产权民事一审案件服判息诉率": (85.6, 86, "%"),
}
CONFIRMED = {("每万人口高价值发明专利拥有量", "target"), ("知识产权使用费年进出口总额", "baseline"),
             ("知识产权使用费年进出口总额", "target"), ("专利密集型产业增加值占GDP比重", "target")}


def test_the_eight_plan_indicators_are_expected_with_their_2020_baselines_and_2025_targets() -> None:
    indicators = {i.name: i for i in default_indicators()}
    for name, (baseline, target, unit) in PLAN_14.items():
        indicator = indicators[name]
        plan_baseline = next((r for r in indicator.baseline_revisions if "国发" in r.source), indicator.baseline)
        assert (plan_baseline.year, plan_baseline.value, indicator.target.year, indicator.target.value) == (
            2020, baseline, 2025, target,
        ), name  # fmt: skip
        assert (indicator.unit, indicator.kind) == (unit, IndicatorKind.EXPECTED)


def test_plan_numbers_not_confirmed_publicly_or_by_a_seed_are_marked_for_checking() -> None:
    indicators = {i.name: i for i in default_indicators()}
    for name in PLAN_14:
        for part in ("baseline", "target"):
            item = getattr(indicators[name], part)
            from_seed = item.source.startswith(("000_", "001_", "004_"))
            assert item.verified == ((name, part) in CONFIRMED or from_seed), (name, part)


def test_revised_baseline_keeps_both_values_and_uses_the_newer() -> None:
    share = next(i for i in default_indicators() if i.name == "专利密集型产业增加值占GDP比重")
    assert (share.baseline.value, share.baseline.source[:4]) == (11.97, "000_")
    assert [(r.value, r.verified) for r in share.baseline_revisions] == [(11.6, False)]


def test_every_number_cited_from_a_seed_is_written_in_that_seed() -> None:
    for indicator in default_indicators():
        cited = [indicator.baseline, indicator.target, *indicator.actuals]
        for item in cited:
            if item.value is None or not item.source[:4] in ("000_", "001_", "004_"):
                continue
            text = (SEEDS / item.source.split("（")[0]).read_text(encoding="utf-8")
            assert f"{item.value:g}" in text.replace(" ", ""), (indicator.name, item)


def test_seed_targets_written_in_words_parse_to_the_recorded_target() -> None:
    for indicator in default_indicators():
        if not indicator.target.text:
            continue
        parsed = parse_target(indicator.target.text)
        assert indicator.target.value in [t.value for t in parsed], indicator.name
        assert {t.direction for t in parsed} == {indicator.direction}, indicator.name
        assert {t.qualifier for t in parsed} == {indicator.target.qualifier}, indicator.name


def test_examination_periods_from_the_seeds() -> None:
    indicators = {i.name: i for i in default_indicators()}
    invention = indicators["发明专利平均审查周期"]
    assert (invention.direction, invention.baseline.value, invention.target.value, invention.target.qualifier) == (
        Direction.LOWER, 20, 15.5, Qualifier.ABOUT,
    )  # fmt: skip
    assert [(a.year, a.value) for a in invention.actuals] == [(2025, 15)]
    assert indicators["商标注册平均审查周期"].direction is Direction.BAND
