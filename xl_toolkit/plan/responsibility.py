"""The responsibility parenthesis that ends a task: `（A、B负责）` or `（A、B按职责分工负责）`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import AssignmentMode

#: A trailing parenthesis, either width (and mixed), naming units and ending in 负责.
RESPONSIBILITY = re.compile(r"[（(〔]\s*(?P<units>[^（）()〔〕]*?)\s*(?P<duty>按职责分工)?\s*负责\s*[)）〕]\s*[。；;]?\s*$")
_SEPARATORS = re.compile(r"\s*[、，,；;]\s*")
_TRAILING_ETC = re.compile(r"等$")


@dataclass(frozen=True)
class Responsibility:
    """Units in the order written, and the assignment mode."""

    units: tuple[str, ...]
    mode: AssignmentMode
    text: str


def split_units(text: str) -> tuple[str, ...]:
    """Split a `、`/comma-separated unit list, dropping a trailing 等 and empty items."""
    items = (_TRAILING_ETC.sub("", item.strip()) for item in _SEPARATORS.split(text.strip()))
    return tuple(item for item in items if item)


def parse_responsibility(task_text: str) -> tuple[str, Responsibility] | None:
    """Split a task's text into its body and its trailing responsibility clause, or None when it has none."""
    match = RESPONSIBILITY.search(task_text)
    if match is None:
        return None
    units = split_units(re.sub(r"\s+", "", match.group("units")))
    if not units:
        return None
    mode = AssignmentMode.BY_DUTY if match.group("duty") else AssignmentMode.RESPONSIBLE
    body = task_text[: match.start()].rstrip()
    return body, Responsibility(units=units, mode=mode, text=match.group(0).strip())
