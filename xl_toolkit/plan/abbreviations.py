"""Abbreviations a document defines for itself, `全称（以下简称X）`, harvested as short → full."""

from __future__ import annotations

import re

from ..registry import UnitRegistry
from ..text import squeeze

_DEFINITION = re.compile(r"[（(]\s*以下简称\s*(?P<short>[^（）()]+?)\s*[)）]")
_BOUNDARIES = frozenset('，。；：、,;:〔〕【】（）()“”"')
#: Joining words that may open the clause before a definition but are not part of the defined name.
_LEADING_JOINERS = frozenset("与和及同对将把在为由向从")


def harvest_abbreviations(text: str, registry: UnitRegistry | None = None) -> dict[str, str]:
    """Every `（以下简称X）` definition in a text, short form → full form, in order of appearance.

    The full form is the book title 《…》 just before the definition, or else the clause before it
    (after the last punctuation); with a registry, the longest tail of that clause naming a known unit.
    Page-break line splits inside a definition are joined first.
    """
    joined = "".join(squeeze(line) for line in text.splitlines())
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(joined):
        full = _full_form(joined[: match.start()], match["short"], registry)
        if full:
            found.setdefault(match["short"], full)
    return found


def _full_form(before: str, short: str, registry: UnitRegistry | None) -> str:
    before = before.rstrip()
    if before.endswith("》"):
        return _book_title(before)
    start = max((i + 1 for i, ch in enumerate(before) if ch in _BOUNDARIES), default=0)
    clause = before[start:]
    if registry is not None:
        for i in range(len(clause)):
            tail = clause[i:]
            if tail != short and registry.canonical(tail) is not None:
                return tail
    return clause[1:] if len(clause) > 1 and clause[0] in _LEADING_JOINERS else clause


def _book_title(before: str) -> str:
    depth = 0
    for i in range(len(before) - 1, -1, -1):
        if before[i] == "》":
            depth += 1
        elif before[i] == "《":
            depth -= 1
            if depth == 0:
                return before[i:]
    return ""
