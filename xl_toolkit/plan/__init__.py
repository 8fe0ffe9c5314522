"""Plan import: turning plan documents (plain text as published) into `Plan` records."""

from .errors import PlanImportError
from .guideline import parse_demonstration_guide, parse_quality_guide
from .promotion import parse_promotion_plan
from .responsibility import parse_responsibility
from .styles import PARSERS, STYLE_TITLES, detect_style, import_plan
from .summary import ImportSummary, import_summary

__all__ = [
    "PARSERS",
    "STYLE_TITLES",
    "ImportSummary",
    "PlanImportError",
    "detect_style",
    "import_plan",
    "import_summary",
    "parse_demonstration_guide",
    "parse_promotion_plan",
    "parse_quality_guide",
    "parse_responsibility",
]
