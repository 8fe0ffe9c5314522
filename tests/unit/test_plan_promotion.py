"""The 2026 推进计划 parsed as published: tasks, parts, sections, leads and participants."""

from __future__ import annotations

from collections import Counter

import pytest

from xl_toolkit.models import AssignmentMode, Plan
from xl_toolkit.plan import PlanImportError, parse_promotion_plan
from xl_toolkit.registry import UnitRegistry


def test_all_106_tasks_numbered_in_order_each_with_one_lead(plan_2026: Plan) -> None:
    assert [t.number for t in plan_2026.tasks] == [str(n) for n in range(1, 107)]
    assert all(t.lead and t.lead not in t.participants for t in plan_2026.tasks)


def test_lead_counts_match_the_plan(plan_2026: Plan) -> None:
    leads = Counter(t.lead for t in plan_2026.tasks)
    assert leads["国家知识产权局"] == 31
    assert leads["中央宣传部"] == 22


def test_26_tasks_are_assigned_by_duty(plan_2026: Plan) -> None:
    assert sum(t.mode is AssignmentMode.BY_DUTY for t in plan_2026.tasks) == 26


def test_task_17_led_by_finance_with_tax_participating(plan_2026: Plan) -> None:
    task = plan_2026.task("17")
    assert task is not None
    assert (task.lead, task.participants, task.mode) == ("财政部", ("税务总局",), AssignmentMode.BY_DUTY)


def test_task_106_led_by_the_liaison_office(plan_2026: Plan) -> None:
    task = plan_2026.task("106")
    assert task is not None and task.lead == "联席会议办公室" and task.participants == ()


def test_task_8_split_across_a_page_break_is_whole(plan_2026: Plan) -> None:
    task = plan_2026.task("8")
    assert task is not None
    assert task.text == "推进《国防专利条例》修订。"
    assert (task.lead, task.participants) == ("中央军委装备发展部", ("国家国防科工局",))


def test_units_split_mid_name_by_a_page_break_are_rejoined(plan_2026: Plan) -> None:
    task_55 = plan_2026.task("55")
    task_99 = plan_2026.task("99")
    assert task_55 is not None and "国家国防科工局" in task_55.participants
    assert task_99 is not None and task_99.participants[1] == "最高人民法院"


def test_responsibility_on_its_own_line_after_a_blank_line(plan_2026: Plan) -> None:
    task = plan_2026.task("44")
    assert task is not None and task.lead == "国家知识产权局" and task.text.endswith("重大不良影响商标。")


def test_39_distinct_units_including_the_collective(plan_2026: Plan) -> None:
    assert len(plan_2026.units) == 39
    assert "联席会议各成员单位" in plan_2026.units


def test_parts_and_sections_are_kept(plan_2026: Plan) -> None:
    parts = list(dict.fromkeys((t.part.label, t.part.title) for t in plan_2026.tasks))
    assert [label for label, _ in parts] == ["一", "二", "三", "四", "五", "六", "七"]
    task_21 = plan_2026.task("21")
    assert task_21 is not None and task_21.section is not None
    assert (task_21.part.title, task_21.section.label, task_21.section.title) == (
        "强化知识产权保护", "（一）", "加强知识产权司法保护")
    task_91 = plan_2026.task("91")
    assert task_91 is not None and task_91.section is None


def test_variant_characters_are_kept_for_display(plan_2026: Plan) -> None:
    task = plan_2026.task("14")
    assert task is not None and task.text == "推动制定加强商业秘密保护的意見。"


def test_deadline_defaults_to_the_plan_years_end(plan_2026: Plan) -> None:
    assert plan_2026.year == 2026
    assert {t.deadline.isoformat() for t in plan_2026.tasks} == {"2026-12-31"}


def test_the_plans_own_rule_is_recorded(plan_2026: Plan) -> None:
    assert "列第一位的部门为牵头部门" in plan_2026.rule


def test_unknown_unit_is_a_chinese_error_naming_it(registry: UnitRegistry) -> None:
    text = "2026年某计划\n一、总则\n1. 做某事。（国家知识产权局、火星管理局负责）\n"
    with pytest.raises(PlanImportError, match="火星管理局"):
        parse_promotion_plan(text, registry)


def test_task_without_responsibility_clause_is_an_error(registry: UnitRegistry) -> None:
    with pytest.raises(PlanImportError, match="任务1"):
        parse_promotion_plan("2026年某计划\n一、总则\n1. 做某事。\n", registry)


def test_empty_document_is_an_error(registry: UnitRegistry) -> None:
    with pytest.raises(PlanImportError):
        parse_promotion_plan("\n\n", registry)
