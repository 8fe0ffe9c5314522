"""Worksheet functions: numbers for good input, Chinese text for anything else, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit.indicators import xlt_completion, xlt_progress, xlt_status, xlt_time_progress


def test_completion_takes_direction_as_value_or_chinese_label() -> None:
    assert xlt_completion(16, 12, "higher") == pytest.approx(4 / 3)
    assert xlt_completion(15, 15.5, "越小越好") == pytest.approx(15.5 / 15)
    assert xlt_completion(4.1, 4, "稳定区间", 0.2) == 1.0


def test_progress_and_time_progress_accept_cell_text() -> None:
    assert xlt_progress("15", "20", "15.5") == pytest.approx(10 / 9)
    assert xlt_time_progress(2023, 2020, "2025") == pytest.approx(0.6)


def test_status_matches_the_sheet_vocabulary() -> None:
    assert xlt_status(13.38, 11.97, 13, "越大越好", 2024, 2020, 2025) == "提前完成"
    assert xlt_status(15, 10, 20, "higher", 2023, 2020, 2025, None, 0.9) == "滞后"


def test_bad_input_is_chinese_text() -> None:
    assert xlt_completion(None, 12, "higher") == "缺少数据"
    assert xlt_completion(5, 0, "higher") == "目标值须大于0"
    assert xlt_progress(15, 20, 20) == "基期值等于目标值"
    assert xlt_completion("十六", 12, "higher") == "数值无效：十六"
    assert str(xlt_completion(16, 12, "up")).startswith("方向无效")
    assert xlt_status(1, 0, 2, "higher", 2023.5, 2020, 2025) == "年份无效：2023.5"
    assert xlt_status(1, 0, 2, "higher", None, 2020, 2025) == "缺少数据"
    assert xlt_status(1, 0, 2, "higher", 2023, 2020, 2025, 0, 3) == "预警系数须在0到1之间：3"


cells = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.text(max_size=8))


@given(a=cells, b=cells, c=cells, d=cells, e=cells, f=cells, g=cells, h=cells, i=cells)
def test_worksheet_functions_never_raise(a: object, b: object, c: object, d: object, e: object, f: object,
                                         g: object, h: object, i: object) -> None:
    results = [
        xlt_completion(a, b, c, d),  # type: ignore[arg-type]
        xlt_progress(a, b, c),  # type: ignore[arg-type]
        xlt_time_progress(e, f, g),  # type: ignore[arg-type]
        xlt_status(a, b, c, d, e, f, g, h, i),  # type: ignore[arg-type]
    ]
    assert all(isinstance(r, float | str) for r in results)
