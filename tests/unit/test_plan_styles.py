"""Style detection, and parentheses that are not responsible units never taken for units."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_toolkit.models import AssignmentMode, UnitKind
from xl_toolkit.plan import PARSERS, STYLE_TITLES, detect_style, import_plan
from xl_toolkit.plan.abbreviations import harvest_abbreviations
from xl_toolkit.plan.guideline import parse_guideline
from xl_toolkit.plan.sentences import is_annotation, responsibility_brackets, top_level_brackets
from xl_toolkit.registry import default_registry

REGISTRY = default_registry()
GUIDELINE_KINDS = {UnitKind.DEPARTMENT, UnitKind.DEMONSTRATION, UnitKind.LOCAL, UnitKind.COLLECTIVE}
WRITTEN = sorted(
    (u.name, w) for u in REGISTRY.units if u.kind in GUIDELINE_KINDS for w in (u.name, *u.aliases)
)
#: Annotations: never units, wherever they stand.
ANNOTATIONS = ["（以下简称《纲要》）", "（2021—2035年）", "（试行）", "(2023-2025年)", "（暂行）"]
#: A parenthetical list inside a sentence; at a sentence end it would read as units (and be reported unknown).
ASIDE = "（试点、优势、试验等）"


@pytest.mark.parametrize(
    ("seed", "style"),
    [
        ("002_5ece2955f90f4526.txt", "promotion-plan"),
        ("003_9715dc84a8fb9ee9.txt", "demonstration-guide"),
        ("004_ce6c8116003ab341.txt", "quality-guide"),
    ],
)
def test_style_is_detected_from_the_text(seeds: Path, seed: str, style: str) -> None:
    text = (seeds / seed).read_text(encoding="utf-8")
    assert detect_style(text) == style
    assert import_plan(text, REGISTRY).style == style


def test_every_style_has_a_chinese_title() -> None:
    assert set(STYLE_TITLES) == set(PARSERS) >= {"demonstration-guide", "quality-guide"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in title) for title in STYLE_TITLES.values())


def test_explicit_style_overrides_detection(seeds: Path) -> None:
    text = (seeds / "004_ce6c8116003ab341.txt").read_text(encoding="utf-8")
    assert import_plan(text, REGISTRY, "demonstration-guide").style == "demonstration-guide"


@pytest.mark.parametrize(
    "content", ["以下简称《纲要》", "2021—2035年", "试行", "2023-2025年", "以下简称示范园区"]
)
def test_annotations_are_recognised(content: str) -> None:
    assert is_annotation(content)


def test_brackets_inside_book_titles_are_not_seen() -> None:
    text = "落实《专利商标代理服务政府采购需求标准（试行）》（保护司负责）"
    assert [b.content for b in top_level_brackets(text)] == ["保护司负责"]


def test_a_bracket_mid_sentence_does_not_close_a_group() -> None:
    assert responsibility_brackets("其他示范（试点、优势、试验等）工作期满（各省级知识产权局）。") == [
        top_level_brackets("其他示范（试点、优势、试验等）工作期满（各省级知识产权局）。")[1]
    ]


def test_book_title_definitions_are_harvested_whole() -> None:
    text = "实施《知识产权强国建设纲要（2021—2035年）》（以下简称《纲要》）和《规划》。"
    assert harvest_abbreviations(text) == {"《纲要》": "《知识产权强国建设纲要（2021—2035年）》"}


def test_definition_split_across_a_page_break_is_harvested() -> None:
    text = "与国家知识产权强市建设示范市（以下\n\n简称示范市)建立共建机制"
    assert harvest_abbreviations(text, REGISTRY) == {"示范市": "国家知识产权强市建设示范市"}


bodies = st.text(alphabet="加强推进知识产权保护工作机制完善制度建设，、“”", min_size=1, max_size=30)


@st.composite
def groups(draw: st.DrawFn, with_duty: bool) -> tuple[str, tuple[str, ...]]:
    picked = draw(st.lists(st.sampled_from(WRITTEN), min_size=1, max_size=5, unique_by=lambda p: p[0]))
    decoy = draw(st.sampled_from([*ANNOTATIONS, ASIDE]))
    where = draw(
        st.sampled_from(["inside", "title"] if decoy == ASIDE else ["inside", "sentence-end", "title"])
    )
    head, tail = draw(bodies), draw(bodies)
    if where == "inside":
        sentence = f"{head}{decoy}{tail}。"
    elif where == "title":
        sentence = f"{head}《某某办法{decoy}》{tail}。"
    else:
        sentence = f"{head}{decoy}。{tail}。"
    listed = "、".join(w for _, w in picked)
    if with_duty:
        mode = draw(st.sampled_from(list(AssignmentMode)))
        duty = "按职责分工负责" if mode is AssignmentMode.BY_DUTY else "负责"
        text = f"{sentence}（{listed}{duty}）"
    else:
        text = f"{sentence[:-1]}（{listed}）。"
    return text, tuple(dict.fromkeys(c for c, _ in picked))


@settings(max_examples=60, deadline=None)
@given(data=st.data(), with_duty=st.booleans())
def test_decoy_parentheses_are_never_taken_for_units(data: st.DataObject, with_duty: bool) -> None:
    drawn = data.draw(st.lists(groups(with_duty), min_size=1, max_size=4))
    document = "\n".join(
        [
            "某某年度工作指引 (2025)",
            "为做好工作，落实《知识产权强国建设纲要（2021—2035年）》（以下简称《纲要》），特制定本指引。",
            "一、重点任务",
            "（一）加强工作。" + "".join(text for text, _ in drawn),
        ]
    )
    style = "quality-guide" if with_duty else "demonstration-guide"
    plan = parse_guideline(document, REGISTRY, style=style)
    assert detect_style(document) == style
    assert [t.units for t in plan.tasks] == [expected for _, expected in drawn]
    assert all(unit in REGISTRY for unit in plan.units)
