"""JSON Schema export of the pydantic models, the single source of every record's shape."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .consolidation import Consolidation
from .findings import Finding
from .indicators.model import Attainment, Indicator
from .models import Plan, Task, Unit
from .returns import ReturnFile, ReturnRow
from .validation import Report

#: Models whose JSON Schema is published in `schemas/`, by file stem.
PUBLISHED_MODELS: dict[str, type[BaseModel]] = {
    "attainment": Attainment,
    "consolidation": Consolidation,
    "finding": Finding,
    "indicator": Indicator,
    "plan": Plan,
    "report": Report,
    "return-file": ReturnFile,
    "return-row": ReturnRow,
    "task": Task,
    "unit": Unit,
}


def render_schemas() -> dict[str, str]:
    """Each published model's JSON Schema as formatted text, by file name."""
    return {
        f"{stem}.schema.json": json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for stem, model in PUBLISHED_MODELS.items()
    }


def write_schemas(directory: Path) -> list[Path]:
    """Write every published schema into a directory; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
