"""The import summary: items, tasks, units and abbreviations of an imported plan, and the text left out."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..models import Plan
from ..registry import UnitRegistry
from .guideline import GUIDELINE_STYLES, item_groups, outline
from .styles import STYLE_TITLES


class ImportSummary(BaseModel):
    """What an import took from a document, for the clerk to check against the text."""

    model_config = ConfigDict(frozen=True)

    style: str
    style_title: str
    title: str
    year: int
    items: int = Field(description="Sections (guideline items （一）…) holding at least one task")
    tasks: int
    units: tuple[str, ...] = Field(description="Distinct canonical units, in order of first appearance")
    abbreviations: dict[str, str] = Field(
        description="Abbreviations defined in the text (以下简称), short → full"
    )
    abbreviation_units: dict[str, str] = Field(
        description="Abbreviations whose full form is a known unit → unit"
    )
    skipped: tuple[str, ...] = Field(
        description="Paragraphs without responsible units (preamble, 总体要求 …)"
    )

    def lines(self) -> list[str]:
        """The summary as Chinese lines for the console."""
        lines = [
            f"格式：{self.style_title}",
            f"标题：{self.title}",
            f"年度：{self.year}",
            f"事项 {self.items} 项，任务 {self.tasks} 项，责任单位 {len(self.units)} 个",
        ]
        if self.abbreviations:
            defined = "；".join(
                f"{short}＝{full}"
                + (f"（单位：{self.abbreviation_units[short]}）" if short in self.abbreviation_units else "")
                for short, full in self.abbreviations.items()
            )
            lines.append(f"文中简称 {len(self.abbreviations)} 个：{defined}")
        if self.skipped:
            lines.append(f"未列责任单位、未导入的段落 {len(self.skipped)} 段：{'；'.join(self.skipped)}")
        return lines


def import_summary(plan: Plan, text: str, registry: UnitRegistry | None = None) -> ImportSummary:
    """Summarise an imported plan against its document text; the registry names the units of abbreviations."""
    items = {(task.part.label, task.section.label if task.section else "") for task in plan.tasks}
    skipped: tuple[str, ...] = ()
    if plan.style in GUIDELINE_STYLES:
        blocks = outline(text).blocks
        skipped = tuple(block.label for block in blocks if block.item is None or not item_groups(block))
    bound = {}
    if registry is not None:
        for short, full in plan.aliases_defined.items():
            canonical = registry.canonical(full)
            if canonical is not None:
                bound[short] = canonical
    return ImportSummary(
        style=plan.style,
        style_title=STYLE_TITLES.get(plan.style, plan.style),
        title=plan.title,
        year=plan.year,
        items=len(items),
        tasks=len(plan.tasks),
        units=plan.units,
        abbreviations=plan.aliases_defined,
        abbreviation_units=bound,
        skipped=skipped,
    )
