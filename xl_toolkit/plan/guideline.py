"""The 工作指引 styles (示范创建指引, 高质量发展指引): items （一） under parts 一、, each holding sentence groups
that end in their own responsible units; one task per group, numbered within its item as `（十）-3`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..models import Plan, Section, Task, UnitKind
from ..registry import UnitRegistry
from ..text import squeeze
from .abbreviations import harvest_abbreviations
from .errors import PlanImportError
from .numerals import CHINESE_NUMERAL_CHARS
from .sentences import COUNTERPARTS_MARKER, Group, sentence_groups, unit_clauses

#: The title line: `……工作指引 (2026)`; a line quoting it in 《》 (a covering notice) is not the title.
GUIDELINE_TITLE = re.compile(r"^(?P<name>[^《》]*指引)\s*[（(]\s*(?P<year>(?:19|20)\d{2})\s*[)）]$")
_PART = re.compile(rf"^(?P<label>[{CHINESE_NUMERAL_CHARS}]+)\s*、\s*(?P<title>.+)$")
_ITEM = re.compile(rf"^[（(]\s*(?P<label>[{CHINESE_NUMERAL_CHARS}]+)\s*[)）]\s*(?P<text>.*)$")
#: Style names of the documents this module reads.
GUIDELINE_STYLES: tuple[str, ...] = ("demonstration-guide", "quality-guide")
#: A demonstration category's creation candidate is the unit named `<category>创建对象`.
COUNTERPART_SUFFIX = "创建对象"


@dataclass
class Block:
    """A stretch of the body: the preamble, a part's own text, or one item, with its lines joined."""

    part: Section | None
    item: Section | None
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    @property
    def label(self) -> str:
        if self.item is not None:
            return f"{self.item.label}{self.item.title}"
        return f"{self.part.label}、{self.part.title}" if self.part is not None else "前言"


@dataclass(frozen=True)
class Outline:
    """A guideline's title, year and body blocks, in order."""

    title: str
    year: int
    blocks: tuple[Block, ...]

    @property
    def body(self) -> str:
        return "".join(block.text for block in self.blocks)


def outline(text: str) -> Outline:
    """Split a guideline document into blocks; everything before the title line (web furniture) is dropped."""
    lines = [squeeze(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    start = next((i for i, line in enumerate(lines) if GUIDELINE_TITLE.match(line)), None)
    if start is None:
        raise PlanImportError("未找到指引标题（形如“……工作指引 (2026)”）")
    title_match = GUIDELINE_TITLE.match(lines[start])
    assert title_match is not None
    blocks = [Block(None, None)]
    part: Section | None = None
    for line in lines[start + 1 :]:
        if item_match := _ITEM.match(line):
            item_text = item_match["text"]
            title = item_text.split("。", 1)[0] if "。" in item_text else item_text
            blocks.append(Block(part, Section(label=f"（{item_match['label']}）", title=title), [item_text]))
        elif part_match := _PART.match(line):
            part = Section(label=part_match["label"], title=part_match["title"])
            blocks.append(Block(part, None))
        else:
            blocks[-1].lines.append(line)
    return Outline(lines[start], int(title_match["year"]), tuple(b for b in blocks if b.lines or b.item))


def item_groups(block: Block) -> list[Group]:
    """The sentence groups of an item; the heading sentence (up to the first 。) is left out of the first group."""
    text = block.text
    groups, _ = sentence_groups(text)
    heading_end = text.find("。")
    if groups and 0 <= heading_end and text.find(groups[0].bracket) > heading_end:
        groups, _ = sentence_groups(text[heading_end + 1 :])
    return groups


def parse_demonstration_guide(text: str, registry: UnitRegistry) -> Plan:
    """Parse a 示范创建年度工作指引: groups end in `（示范市、示范县，及上述创建对象）` or `〔…〕`."""
    return parse_guideline(text, registry, style="demonstration-guide")


def parse_quality_guide(text: str, registry: UnitRegistry) -> Plan:
    """Parse a 高质量发展年度工作指引: groups end in `（战略规划司负责）` or `（…按职责分工负责）`."""
    return parse_guideline(text, registry, style="quality-guide")


def parse_guideline(text: str, registry: UnitRegistry, *, style: str) -> Plan:
    """Parse a guideline-style document into a Plan, one task per sentence group, the first unit leading.

    The document's `（以下简称X）` definitions naming known units become aliases for this import.
    Raises PlanImportError (Chinese message) when no group is found or a unit is not in the registry.
    """
    doc = outline(text)
    lookup = UnitRegistry(registry.units)
    defined = harvest_abbreviations(doc.body, lookup)
    for short, full in defined.items():
        canonical = lookup.canonical(full)
        if canonical is not None and lookup.canonical(short) is None:
            lookup.add_alias(short, canonical)
    deadline = dt.date(doc.year, 12, 31)
    tasks: list[Task] = []
    unknown: dict[str, None] = {}
    for block in doc.blocks:
        if block.item is None or block.part is None:
            continue
        for number, group in enumerate(item_groups(block), start=1):
            clauses, mode = unit_clauses(group.content)
            units = resolve_units(clauses, lookup, unknown)
            if not units:
                continue
            tasks.append(
                Task(
                    number=f"{block.item.label}-{number}",
                    seq=len(tasks) + 1,
                    text=group.text,
                    part=block.part,
                    section=block.item,
                    lead=units[0],
                    participants=tuple(units[1:]),
                    mode=mode,
                    deadline=deadline,
                    responsibility_text=group.bracket,
                )
            )
    if unknown:
        raise PlanImportError("单位名录中没有以下单位，请先在《单位名录》中补充：" + "、".join(unknown))
    if not tasks:
        raise PlanImportError("未找到以责任单位括注结尾的任务（形如“……（某某司负责）”）")
    return Plan(title=doc.title, year=doc.year, style=style, tasks=tuple(tasks), aliases_defined=defined)


def resolve_units(clauses: list[list[str]], registry: UnitRegistry, unknown: dict[str, None]) -> list[str]:
    """Canonical units of a responsibility bracket's clauses (see `unit_clauses`), in order, without repeats.

    The list ends at the first clause after the first that names no known unit (a remark such as
    `各项任务均由省级知识产权局负责组织…`); `及上述创建对象` adds the creation candidate of each category
    listed before it; an elided item (`示范市、县`) borrows the head of the item before it. Names not in the
    registry are added to `unknown`.
    """
    units: list[str] = []
    for index, clause in enumerate(clauses):
        if clause == [COUNTERPARTS_MARKER]:
            counterparts = [_counterpart(unit, registry) for unit in units]
            units.extend(c for c in counterparts if c is not None)
            if not any(counterparts):
                unknown.setdefault(COUNTERPARTS_MARKER, None)
            continue
        resolved = _resolve_clause(clause, registry)
        if index > 0 and not any(resolved):
            break
        for written, canonical in zip(clause, resolved, strict=True):
            if canonical is None:
                unknown.setdefault(written, None)
            else:
                units.append(canonical)
    return list(dict.fromkeys(units))


def _resolve_clause(clause: list[str], registry: UnitRegistry) -> list[str | None]:
    resolved: list[str | None] = []
    previous = ""
    for item in clause:
        canonical = registry.canonical(item)
        if canonical is None and previous and len(item) < len(previous):
            item = previous[: len(previous) - len(item)] + item
            canonical = registry.canonical(item)
        resolved.append(canonical)
        previous = item
    return resolved


def _counterpart(unit: str, registry: UnitRegistry) -> str | None:
    found = registry.get(unit)
    if found is None or found.kind != UnitKind.DEMONSTRATION or unit.endswith(COUNTERPART_SUFFIX):
        return None
    return registry.canonical(unit + COUNTERPART_SUFFIX)
