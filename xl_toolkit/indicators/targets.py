"""Targets as the plans write them in words: 压减到15.5个月左右, 稳定在4个月, 分别达到172家、460家, 增长10%以上.

`find_targets` finds every such phrase in a sentence; `parse_target` reads one phrase. A phrase with a starting
point (从20个月压减至15个月, 由第29位提升到第14位) also gives that start value and, when written, both years.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from ..text import nfkc
from .model import Direction, Measure, Qualifier

#: Units the documents write after a number, longest first so 万件 wins over 件.
UNITS: tuple[str, ...] = (
    "万亿美元", "亿美元", "万亿元", "亿元", "万元", "万件", "万家", "万人", "万张",
    "个月", "件", "家", "个", "项", "部", "分", "位", "%", "天", "人", "张", "起", "所", "年",
)  # fmt: skip

_LOWER_VERBS = ("压减", "压缩", "缩短", "降低", "下降", "减少", "降")
_HIGHER_VERBS = ("提升", "提高", "增加", "增长", "达到", "超过", "突破", "扩大", "上升", "达")
_BAND_VERBS = ("稳定", "保持", "控制")
_VERBS = sorted(_LOWER_VERBS + _HIGHER_VERBS + _BAND_VERBS, key=len, reverse=True)
_PERIOD_ENDS = {"十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}

_NUMBER = r"\d+(?:\.\d+)?"
_UNIT = "|".join(re.escape(u) for u in UNITS)
_YEAR = r"(?:(?P<{name}>\d{{4}})年(?:底|末)?的?)?"
_PATTERN = re.compile(
    rf"(?:(?:从|由)(?P<period>[^\d，,。；;]{{0,12}}?)?{_YEAR.format(name='start_year')}"
    rf"(?P<start_rank>第)?(?P<start>{_NUMBER})(?P<start_unit>{_UNIT})?)?"
    rf"(?P<respectively>分别)?"
    rf"(?P<verb>{'|'.join(_VERBS)})(?P<prep>到|至|在|为)?"
    rf"{_YEAR.format(name='year')}(?P<rank>第)?(?P<value>{_NUMBER})(?P<unit>{_UNIT})?"
    rf"(?P<more>(?:[、和及]第?{_NUMBER}(?:{_UNIT})?)*)"
    rf"(?P<qualifier>左右|以上|以下|以内|上下)?"
)
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?\n]|——")
_SUBJECT_SPLIT = re.compile(r"[、和及]")
_SHARED_TAILS = ("规模", "数量", "总量", "比重")
#: 下降10%以上 is a growth of −10% or less: the signed value flips 以上 into 以下.
_SIGN_FLIP = {Qualifier.AT_LEAST: Qualifier.AT_MOST, Qualifier.AT_MOST: Qualifier.AT_LEAST}
_LEADING_WORDS = ("力争", "推动", "实现", "确保", "使", "我国", "全国")


class TargetParseError(ValueError):
    """A phrase holds no target the parser can read; the message says so in Chinese."""


class ParsedTarget(BaseModel):
    """One target read from a phrase: what it is about, the number, and how the plan qualifies it."""

    model_config = ConfigDict(frozen=True)

    subject: str
    value: float
    unit: str
    direction: Direction
    qualifier: Qualifier
    measure: Measure
    text: str
    year: int | None = None
    start: float | None = None
    start_year: int | None = None


def find_targets(text: str) -> list[ParsedTarget]:
    """Every target phrase in a text, in order; 分别达到A、B gives one target per number."""
    normal = nfkc(text).replace("％", "%")
    found: list[ParsedTarget] = []
    for match in _PATTERN.finditer(normal):
        found += _targets_of(match, normal)
    return found


def parse_target(text: str) -> list[ParsedTarget]:
    """The targets of one phrase (two for 分别达到172家、460家); TargetParseError when there is none."""
    targets = find_targets(text)
    if not targets:
        raise TargetParseError(f"无法识别的目标表述：{text}")
    return targets


def _targets_of(match: re.Match[str], text: str) -> list[ParsedTarget]:
    verb, prep = match["verb"], match["prep"]
    rank = bool(match["rank"]) or match["unit"] == "位"
    qualifier = _qualifier(match["qualifier"], verb)
    measure = Measure.RANK if rank else (Measure.CHANGE if not prep and verb in ("增长", "增加", "下降", "减少") else Measure.LEVEL)
    more = (match["more"] or "") if match["respectively"] else ""
    values = [float(match["value"]), *(float(v) for v in re.findall(_NUMBER, more))]
    units = [match["unit"] or "", *re.findall(rf"(?:{_NUMBER})({_UNIT})?", more)]
    unit = match["unit"] or next((u for u in units if u), "")
    if measure is Measure.CHANGE and verb in _LOWER_VERBS:
        values = [-v for v in values]
        qualifier = _SIGN_FLIP.get(qualifier, qualifier)
    direction = _direction(verb, prep, qualifier, rank, measure)
    subjects = _subjects(text[: match.start()], len(values) if match["respectively"] else 1)
    start_year = int(match["start_year"]) if match["start_year"] else _period_end(match["period"])
    return [
        ParsedTarget(
            subject=subjects[i] if i < len(subjects) else subjects[0],
            value=value,
            unit=units[i] or unit if i < len(units) else unit,
            direction=direction,
            qualifier=qualifier,
            measure=measure,
            text=match.group(0),
            year=int(match["year"]) if match["year"] else None,
            start=float(match["start"]) if match["start"] is not None and len(values) == 1 else None,
            start_year=start_year if match["start"] is not None and len(values) == 1 else None,
        )
        for i, value in enumerate(values)
    ]


def _qualifier(written: str | None, verb: str) -> Qualifier:
    if written in ("左右", "上下"):
        return Qualifier.ABOUT
    if written == "以上":
        return Qualifier.AT_LEAST
    if written in ("以下", "以内"):
        return Qualifier.AT_MOST
    if verb in ("超过", "突破"):
        return Qualifier.MORE_THAN
    return Qualifier.EXACT


def _direction(verb: str, prep: str | None, qualifier: Qualifier, rank: bool, measure: Measure) -> Direction:
    if rank or qualifier is Qualifier.AT_MOST or verb in _LOWER_VERBS:
        return Direction.LOWER
    if qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN) or measure is Measure.CHANGE:
        return Direction.HIGHER
    if verb in _BAND_VERBS and prep == "在":
        return Direction.BAND
    return Direction.HIGHER


def _subjects(before: str, count: int) -> list[str]:
    clause = _CLAUSE_BREAK.split(before)[-1].strip()
    for word in _LEADING_WORDS:
        if clause.startswith(word) and len(clause) > len(word):
            clause = clause[len(word) :]
    if count == 1:
        return [clause]
    parts = [p for p in _SUBJECT_SPLIT.split(clause) if p]
    if len(parts) != count:
        return [f"{clause}（{i + 1}）" for i in range(count)]
    tail = next((t for t in _SHARED_TAILS if parts[-1].endswith(t)), None)
    if tail is not None:
        parts = [p if p.endswith(tail) else p + tail for p in parts]
    return parts


def _period_end(period: str | None) -> int | None:
    if not period:
        return None
    return next((year for name, year in _PERIOD_ENDS.items() if name in period and "末" in period), None)
