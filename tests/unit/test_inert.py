"""Formula-like text detection and escaping (shared by validation, annotation and consolidation)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit.inert import ESCAPE_PREFIX, inert, inert_text, is_formula_like


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
    assert safe.endswith(text)


def test_non_text_values_pass_through() -> None:
    assert inert(80) == 80 and inert(None) is None and inert_text(None) == ""
