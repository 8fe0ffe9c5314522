"""The 2026 示范创建年度工作指引 parsed as published: items, sentence groups, categories and 及上述创建对象."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xl_toolkit.models import AssignmentMode, Plan
from xl_toolkit.plan import PlanImportError
from xl_toolkit.plan.guideline import parse_demonstration_guide
from xl_toolkit.plan.summary import import_summary
from xl_toolkit.registry import UnitRegistry, default_registry

SEED = "003_9715dc84a8fb9ee9.txt"
URBAN = ("示范市", "示范县", "示范园区", "服务业集聚发展示范区")


@pytest.fixture(scope="module")
def text(seeds: Path) -> str:
    return (seeds / SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan(text: str) -> Plan:
    return parse_demonstration_guide(text, default_registry())


def units(plan: Plan, number: str) -> tuple[str, ...]:
    task = plan.task(number)
    assert task is not None, number
    return task.units


def test_sixteen_items_give_51_tasks_numbered_within_their_item(plan: Plan) -> None:
    items = list(dict.fromkeys(t.section.label for t in plan.tasks if t.section))
    assert len(items) == 16 and items[0] == "（一）" and items[-1] == "（十六）"
    assert len(plan.tasks) == 51
    assert [t.seq for t in plan.tasks] == list(range(1, 52))
    for task in plan.tasks:
        assert task.section is not None and task.number.startswith(f"{task.section.label}-")
    assert [t.number for t in plan.tasks if t.section and t.section.label == "（十三）"] == [
        f"（十三）-{n}" for n in range(1, 6)
    ]


def test_every_unit_is_a_registry_unit(plan: Plan) -> None:
    registry = default_registry()
    assert all(unit in registry for unit in plan.units)
    assert len(plan.units) == 29


def test_item_15_has_two_groups_owned_by_the_demonstration_units_then_the_utilisation_department(
    plan: Plan,
) -> None:
    first, second = (t for t in plan.tasks if t.section and t.section.label == "（十五）")
    assert (first.number, first.lead, first.participants) == ("（十五）-1", "各示范单位", ())
    assert (second.number, second.lead, second.participants) == ("（十五）-2", "运用促进司", ())
    assert second.responsibility_text == "（国家知识产权局知识产权运用促进司）"
    assert first.section is not None and first.section.title == "开展示范单位成效评估"
    assert first.part.label == "七" and first.part.title == "营造示范创建良好氛围"
    assert first.text.startswith("对标 2025—2027 年") and "开展示范单位成效评估" not in first.text


def test_and_the_candidates_above_adds_each_listed_category_s_candidate_after_the_categories(
    plan: Plan,
) -> None:
    expected = (*URBAN, *(f"{c}创建对象" for c in URBAN))
    assert units(plan, "（五）-1") == expected
    assert units(plan, "（九）-3") == ("示范高校", "示范科研机构", "示范高校创建对象", "示范科研机构创建对象")


def test_candidates_are_added_only_for_categories_not_for_provincial_offices(plan: Plan) -> None:
    assert units(plan, "（十三）-1") == (
        "各省级知识产权局",
        "示范市",
        "示范县",
        "示范市创建对象",
        "示范县创建对象",
    )


def test_elided_county_after_city_reads_as_demonstration_county(plan: Plan) -> None:
    task = plan.task("（三）-1")
    assert task is not None and "示范市、县" in task.responsibility_text
    assert units(plan, "（三）-1") == (*URBAN, *(f"{c}创建对象" for c in URBAN))


def test_remark_in_the_first_bracket_is_not_taken_for_units(plan: Plan) -> None:
    assert units(plan, "（一）-1") == ("各示范单位", "各创建对象")


def test_abbreviation_defined_inside_a_bracket_resolves_to_its_category(plan: Plan) -> None:
    assert units(plan, "（五）-2") == (
        "示范高校",
        "示范科研机构",
        "示范企业",
        "示范高校创建对象",
        "示范科研机构创建对象",
        "示范企业创建对象",
    )


def test_departments_written_in_full_resolve_to_their_short_names(plan: Plan) -> None:
    assert units(plan, "（三）-3") == ("运用促进司", "人事司", "专利局审业部")
    assert units(plan, "（十六）-2") == ("局办公室", "运用促进司")
    assert units(plan, "（一）-3") == ("联席会议办公室",)


def test_groups_are_assigned_as_responsible_with_the_plan_year_s_end_as_deadline(plan: Plan) -> None:
    assert plan.year == 2026 and plan.style == "demonstration-guide"
    assert {t.mode for t in plan.tasks} == {AssignmentMode.RESPONSIBLE}
    assert {t.deadline for t in plan.tasks} == {dt.date(2026, 12, 31)}


def test_group_split_across_a_page_break_is_whole(plan: Plan) -> None:
    task = plan.task("（八）-1")
    assert task is not None and "提升调解仲裁能力" in task.text


def test_abbreviations_are_harvested_with_their_full_forms(plan: Plan) -> None:
    defined = plan.aliases_defined
    assert defined["《纲要》"] == "《知识产权强国建设纲要（2021—2035年）》"
    assert defined["示范园区"] == "国家知识产权强国建设示范园区"
    assert defined["示范市"] == "国家知识产权强市建设示范市"
    assert defined["示范企业"] == "国家知识产权示范企业"
    assert len(defined) == 10


def test_summary_counts_items_tasks_units_and_the_paragraphs_left_out(plan: Plan, text: str) -> None:
    registry = default_registry()
    summary = import_summary(plan, text, registry)
    assert (summary.items, summary.tasks, len(summary.units)) == (16, 51, 29)
    assert summary.skipped == ("前言", "一、总体要求")
    assert summary.abbreviation_units["示范园区"] == "示范园区"
    assert "《纲要》" not in summary.abbreviation_units
    assert any("事项 16 项，任务 51 项，责任单位 29 个" in line for line in summary.lines())


def test_unknown_unit_is_reported_by_name(text: str, registry: UnitRegistry) -> None:
    with pytest.raises(PlanImportError, match="国家知识产权局示范处"):
        parse_demonstration_guide(
            text.replace("（国家知识产权局条法司）", "（国家知识产权局示范处）"), registry
        )
