"""Sentence groups of the guideline styles: runs of sentences that end in their own responsibility bracket.

A bracket `（…）`, `(…)` or `〔…〕` is a responsibility bracket when it stands at a sentence end (followed
by 。/； or the end of the item, or directly after 。/；), is not inside a book title 《…》, and is not an
annotation such as `（以下简称X）`, `（2021—2035年）` or `（试行）`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import AssignmentMode
from ..text import nfkc

_OPEN = "（(〔"
_CLOSE = "）)〕"
_SENTENCE_END = "。；;"
_ANNOTATION_START = re.compile(r"^(以下简称|以下称|下称|简称)")
_NUMBERS = re.compile(r"^[\d\s—–\-－~～至年月日、，,.．%]+$")
#: Words that annotate a title or a status, never a unit.
_ANNOTATION_WORDS = frozenset({"试行", "暂行", "草案", "修订", "修正", "征求意见稿", "送审稿", "节选", "略"})
_DUTY = re.compile(r"(?:等)?(?P<duty>按职责分工)?负责$")
_CLAUSES = re.compile(r"[，,；;]")
_ITEMS = re.compile(r"[、]")
#: The clause `及上述创建对象`: the creation candidates of the categories listed before it.
COUNTERPARTS_MARKER = "上述创建对象"
_COUNTERPARTS = re.compile(rf"[，,、]?(?:以?及|和)?{COUNTERPARTS_MARKER}")


@dataclass(frozen=True)
class Bracket:
    """A top-level bracket: its span in the text (end exclusive) and its inner text."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Group:
    """One sentence group: its text (bracket removed) and the responsibility bracket that ends it."""

    text: str
    bracket: str
    content: str


def top_level_brackets(text: str) -> list[Bracket]:
    """Outermost brackets outside book titles 《…》, any width (and mixed), in order."""
    found: list[Bracket] = []
    depth = title_depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "《":
            title_depth += 1
        elif ch == "》":
            title_depth = max(title_depth - 1, 0)
        elif title_depth:
            continue
        elif ch in _OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                found.append(Bracket(start, i + 1, text[start + 1 : i]))
    return found


def is_annotation(content: str) -> bool:
    """True for bracket texts that are never units: definitions, years and number ranges, status words."""
    text = nfkc(content).strip()
    return (
        not text or bool(_ANNOTATION_START.match(text) or _NUMBERS.match(text)) or text in _ANNOTATION_WORDS
    )


def responsibility_brackets(text: str) -> list[Bracket]:
    """The brackets of a text that close a sentence group."""
    chosen = []
    for bracket in top_level_brackets(text):
        after = text[bracket.end :].lstrip()
        before = text[: bracket.start].rstrip()
        at_end = not after or after[0] in _SENTENCE_END or (bool(before) and before[-1] in _SENTENCE_END)
        if at_end and not is_annotation(bracket.content):
            chosen.append(bracket)
    return chosen


def sentence_groups(text: str) -> tuple[list[Group], str]:
    """Split an item's text into sentence groups; returns the groups and any trailing text without one."""
    groups = []
    position = 0
    for bracket in responsibility_brackets(text):
        body = text[position : bracket.start].strip().lstrip(_SENTENCE_END).strip()
        groups.append(Group(body, text[bracket.start : bracket.end], bracket.content))
        position = bracket.end
        while position < len(text) and (text[position] in _SENTENCE_END or text[position].isspace()):
            position += 1
    return groups, text[position:].strip()


def unit_clauses(content: str) -> tuple[list[list[str]], AssignmentMode]:
    """A responsibility bracket's unit clauses (split at commas, items at 、) and its assignment mode.

    Nested brackets (e.g. `（以下简称示范企业）`) and whitespace are dropped; a trailing `等`,
    `负责` or `按职责分工负责` sets the mode and is removed; `及上述创建对象` becomes a clause of its own.
    """
    text = re.sub(r"\s+", "", _drop_nested(content))
    mode = AssignmentMode.RESPONSIBLE
    if duty := _DUTY.search(text):
        mode = AssignmentMode.BY_DUTY if duty["duty"] else AssignmentMode.RESPONSIBLE
        text = text[: duty.start()]
    text = _COUNTERPARTS.sub(f"，{COUNTERPARTS_MARKER}", text)
    clauses = []
    for clause in _CLAUSES.split(text):
        items = [item.removesuffix("等") for item in _ITEMS.split(clause)]
        if any(items):
            clauses.append([item for item in items if item])
    return clauses, mode


def _drop_nested(content: str) -> str:
    kept = []
    depth = 0
    for ch in content:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif depth == 0:
            kept.append(ch)
    return "".join(kept)
