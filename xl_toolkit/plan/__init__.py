"""Plan import: turning plan documents (plain text as published) into `Plan` records."""

from .errors import PlanImportError
from .promotion import parse_promotion_plan
from .responsibility import parse_responsibility
from .styles import PARSERS, STYLE_TITLES, detect_style, import_plan

__all__ = [
    "PARSERS",
    "STYLE_TITLES",
    "PlanImportError",
    "detect_style",
    "import_plan",
    "parse_promotion_plan",
    "parse_responsibility",
]
