"""The built-in indicators: the 14th five-year plan's IP indicators and the seeds' targets, from package data."""

from __future__ import annotations

import json
from importlib import resources

from pydantic import TypeAdapter

from .model import Indicator

#: The data file shipped in the package; each number carries the document it comes from.
DEFAULT_SOURCE = "indicators.json"

_INDICATORS = TypeAdapter(list[Indicator])


def read_indicators_json(text: str) -> list[Indicator]:
    """Indicators from JSON text shaped `{"indicators": [...]}` (the package data file's shape)."""
    return _INDICATORS.validate_python(json.loads(text)["indicators"])


def default_indicators() -> list[Indicator]:
    """The indicators shipped in the package."""
    return read_indicators_json((resources.files("xl_toolkit") / "data" / DEFAULT_SOURCE).read_text(encoding="utf-8"))
