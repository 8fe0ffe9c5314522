"""The 推进计划 style: parts 一、, sections （一）, numbered tasks `N. text（A、B负责）`, lines split by page breaks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..models import Plan, Section, Task
from ..registry import UnitRegistry
from ..text import nfkc, squeeze
from .errors import PlanImportError
from .numerals import CHINESE_NUMERAL_CHARS
from .responsibility import parse_responsibility

_PART = re.compile(rf"^(?P<label>[{CHINESE_NUMERAL_CHARS}]+)\s*、\s*(?P<title>.+)$")
_SECTION = re.compile(rf"^[（(]\s*(?P<label>[{CHINESE_NUMERAL_CHARS}]+)\s*[)）]\s*(?P<title>.+)$")
_TASK = re.compile(r"^(?P<number>[0-9０-９]{1,4})\s*[.．、]\s*(?P<text>.*)$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_RULE_MARK = "牵头部门"


@dataclass
class _Draft:
    number: int
    lines: list[str] = field(default_factory=list)
    part: Section | None = None
    section: Section | None = None


def parse_promotion_plan(text: str, registry: UnitRegistry, *, year: int | None = None) -> Plan:
    """Parse a 推进计划-style plan; unit names are resolved to canonical names through the registry.

    Raises PlanImportError (Chinese message) when no task is found, a task has no responsibility
    clause, or a unit is not in the registry.
    """
    lines = [squeeze(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise PlanImportError("文档为空，未找到任何任务")
    title = lines[0]
    plan_year = year or _year_of(title)
    drafts: list[_Draft] = []
    part: Section | None = None
    section: Section | None = None
    rule = ""
    current: _Draft | None = None
    for line in lines[1:]:
        task_match = _TASK.match(line)
        if task_match and int(nfkc(task_match.group("number"))) == len(drafts) + 1:
            if part is None:
                raise PlanImportError(f"任务{len(drafts) + 1}出现在任何部分标题（一、…）之前")
            current = _Draft(len(drafts) + 1, [task_match.group("text")], part, section)
            drafts.append(current)
        elif part_match := _PART.match(line):
            part, section, current = Section(label=part_match["label"], title=part_match["title"]), None, None
        elif section_match := _SECTION.match(line):
            section = Section(label=f"（{section_match['label']}）", title=section_match["title"])
            current = None
        elif _RULE_MARK in line and "第一" in line:
            rule, current = line, None
        elif current is not None:
            current.lines.append(line)
    if not drafts:
        raise PlanImportError("未找到编号任务（形如“1. 任务内容（某某负责）”）")
    tasks, unknown = _build_tasks(drafts, registry, dt.date(plan_year, 12, 31))
    if unknown:
        raise PlanImportError("单位名录中没有以下单位，请先在《单位名录》中补充：" + "、".join(unknown))
    return Plan(title=title, year=plan_year, style="promotion-plan", tasks=tuple(tasks), rule=rule)


def _year_of(title: str) -> int:
    match = _YEAR.search(nfkc(title))
    if match is None:
        raise PlanImportError(f"无法从标题中识别年度：{title}")
    return int(match.group(1))


def _build_tasks(drafts: list[_Draft], registry: UnitRegistry, deadline: dt.date) -> tuple[list[Task], list[str]]:
    tasks: list[Task] = []
    unknown: dict[str, None] = {}
    for draft in drafts:
        joined = "".join(draft.lines)
        split = parse_responsibility(joined)
        if split is None:
            raise PlanImportError(f"任务{draft.number}末尾没有“（…负责）”责任单位：{joined[:40]}…")
        body, responsibility = split
        canonical = []
        for written in responsibility.units:
            name = registry.canonical(written)
            if name is None:
                unknown.setdefault(written, None)
            canonical.append(name or written)
        ordered = list(dict.fromkeys(canonical))
        assert draft.part is not None
        tasks.append(
            Task(
                number=str(draft.number),
                seq=draft.number,
                text=body,
                part=draft.part,
                section=draft.section,
                lead=ordered[0],
                participants=tuple(ordered[1:]),
                mode=responsibility.mode,
                deadline=deadline,
                responsibility_text=responsibility.text,
            )
        )
    return tasks, list(unknown)
