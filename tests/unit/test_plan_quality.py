"""The 2024 高质量发展年度工作指引 parsed as published: web furniture ignored, groups ending in （…负责）."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from xl_toolkit.models import AssignmentMode, Plan
from xl_toolkit.plan.guideline import parse_quality_guide
from xl_toolkit.plan.summary import import_summary
from xl_toolkit.registry import default_registry

SEED = "004_ce6c8116003ab341.txt"


@pytest.fixture(scope="module")
def text(seeds: Path) -> str:
    return (seeds / SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan(text: str) -> Plan:
    return parse_quality_guide(text, default_registry())


def test_title_and_year_come_from_the_guideline_not_the_covering_notice(plan: Plan) -> None:
    assert plan.title == "推动知识产权高质量发展年度工作指引 (2024)"
    assert plan.year == 2024 and plan.style == "quality-guide"
    assert {t.deadline for t in plan.tasks} == {dt.date(2024, 12, 31)}


def test_nine_items_give_21_tasks_with_12_units(plan: Plan) -> None:
    per_item = Counter(t.section.label for t in plan.tasks if t.section)
    assert list(per_item.items()) == [
        ("（三）", 2), ("（四）", 3), ("（五）", 4), ("（六）", 1), ("（七）", 1),
        ("（八）", 2), ("（九）", 2), ("（十）", 2), ("（十一）", 4),
    ]  # fmt: skip
    assert len(plan.units) == 12 and all(unit in default_registry() for unit in plan.units)


def test_item_4_has_two_groups_by_duty_then_one_for_the_local_offices(plan: Plan) -> None:
    first, second, third = (plan.task(f"（四）-{n}") for n in (1, 2, 3))
    assert first is not None and second is not None and third is not None
    assert (first.lead, first.participants, first.mode) == (
        "保护司",
        ("运用促进司", "人事司", "专利局人教部"),
        AssignmentMode.BY_DUTY,
    )
    assert (second.lead, second.participants, second.mode) == (
        "保护司",
        ("专利局审业部", "商标局"),
        AssignmentMode.BY_DUTY,
    )
    assert (third.lead, third.participants, third.mode) == (
        "各地方知识产权局",
        (),
        AssignmentMode.RESPONSIBLE,
    )
    assert first.part.title == "强化知识产权高质量发展指标引领"
    assert first.section is not None and first.section.title == "强化提升专利质量促进专利产业化的指标导向"
    assert first.text.startswith("推动在涉及专利指标的项目评审") and first.text.endswith("重要评价指标标准。")


def test_responsibility_on_the_line_after_a_page_break_closes_the_group_before_it(plan: Plan) -> None:
    task = plan.task("（十一）-3")
    assert task is not None and task.lead == "战略规划司"
    assert task.text.startswith("加强现代化产业体系") and task.text.endswith("加强统计监测反馈。")


def test_the_whole_bureau_collective_is_kept_as_written(plan: Plan) -> None:
    task = plan.task("（五）-4")
    assert task is not None and (task.lead, task.mode) == ("局机关各部门", AssignmentMode.BY_DUTY)
    assert "保护司" in default_registry().expand("局机关各部门")


def test_summary_lists_the_guidance_and_targets_paragraphs_as_left_out(plan: Plan, text: str) -> None:
    summary = import_summary(plan, text, default_registry())
    assert (summary.items, summary.tasks, len(summary.units)) == (9, 21, 12)
    assert summary.skipped == ("前言", "（一）指导思想", "（二）主要目标", "五、工作要求")
    assert set(summary.abbreviations) == {"《纲要》", "《规划》"} and summary.abbreviation_units == {}
