"""Formula-like text detection and escaping (shared by validation, annotation and consolidation)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit.inert import (
    ESCAPE_PREFIX,
    MAX_CELL_TEXT,
    TRUNCATION_MARK,
    has_control_characters,
    inert,
    inert_text,
    is_formula_like,
)


@pytest.mark.parametrize("text", ["=1+1", " =SUM(A1:A3)", "+1+1", "@SUM(A1)", "-cmd|' /C calc'!A0", "-A1",
                                  "+86-10-12345678", "=HYPERLINK(\"http://x\",\"y\")", "\t=1"])
def test_formula_like(text: str) -> None:
    assert is_formula_like(text)
    assert inert(text) == ESCAPE_PREFIX + text


@pytest.mark.parametrize("text", ["-完成调研", "- 已完成", "-5", "+86 10 1234", "@张三", "=", "完成=100%", ""])
def test_ordinary_text(text: str) -> None:
    assert not is_formula_like(text)
    assert inert(text) == text


@given(st.text())
def test_inert_text_is_never_formula_like_and_keeps_the_text(text: str) -> None:
    safe = inert_text(text)
    assert not is_formula_like(safe)
    assert safe.endswith("".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32))


@pytest.mark.parametrize("text", ["\x00=1+1", "进展\x07\x1b说明", "a\x0bb\x0cc"])
def test_control_characters_a_cell_cannot_hold_are_dropped_before_escaping(text: str) -> None:
    safe = inert_text(text)
    assert not has_control_characters(safe) and has_control_characters(text)
    assert not is_formula_like(safe)


def test_text_over_excels_cell_limit_is_cut_and_says_so() -> None:
    safe = inert_text("=" + "长" * 40000)
    assert len(safe) == MAX_CELL_TEXT and safe.startswith(ESCAPE_PREFIX) and safe.endswith(TRUNCATION_MARK)
    assert inert_text("字" * MAX_CELL_TEXT) == "字" * MAX_CELL_TEXT


def test_non_text_values_pass_through() -> None:
    assert inert(80) == 80 and inert(None) is None and inert_text(None) == ""
