"""Plan styles: which parser reads which kind of document, and detection of the style from the text."""

from __future__ import annotations

from collections.abc import Callable

from ..models import Plan
from ..registry import UnitRegistry
from ..text import squeeze
from .errors import PlanImportError
from .guideline import GUIDELINE_TITLE, item_groups, outline, parse_demonstration_guide, parse_quality_guide
from .promotion import parse_promotion_plan

Parser = Callable[[str, UnitRegistry], Plan]

#: Parsers by style name; the name is what `--style` takes.
PARSERS: dict[str, Parser] = {
    "promotion-plan": parse_promotion_plan,
    "demonstration-guide": parse_demonstration_guide,
    "quality-guide": parse_quality_guide,
}

#: Style names as a clerk reads them.
STYLE_TITLES: dict[str, str] = {
    "promotion-plan": "推进计划（编号任务）",
    "demonstration-guide": "示范创建工作指引（分句列示示范单位、司局）",
    "quality-guide": "高质量发展工作指引（分句“……负责”）",
}


def detect_style(text: str) -> str:
    """Guess the document style from its text.

    A `……指引 (YYYY)` title line marks a guideline: the 高质量发展 style when most of its responsibility
    brackets end in 负责, else the 示范创建 style. Anything else is read as a 推进计划.
    """
    if not any(GUIDELINE_TITLE.match(squeeze(line)) for line in text.splitlines()):
        return "promotion-plan"
    groups = [group for block in outline(text).blocks if block.item for group in item_groups(block)]
    with_duty = sum(squeeze(group.content).endswith("负责") for group in groups)
    return "quality-guide" if groups and 2 * with_duty >= len(groups) else "demonstration-guide"


def import_plan(text: str, registry: UnitRegistry, style: str | None = None) -> Plan:
    """Parse a plan document in the given style, or the detected one."""
    chosen = style or detect_style(text)
    parser = PARSERS.get(chosen)
    if parser is None:
        raise PlanImportError(f"不支持的计划格式：{chosen}（可选：{'、'.join(PARSERS)}）")
    return parser(text, registry)
