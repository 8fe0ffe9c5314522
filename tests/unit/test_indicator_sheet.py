"""The 指标 sheet as values: rows round-trip to indicators, bad rows are listed, formulas reference the right cells."""

from __future__ import annotations

import pytest

from xl_toolkit.indicators import (
    IndicatorSheetError,
    Thresholds,
    default_indicators,
    indicator_row,
    indicators_from_rows,
    layout_for,
)
from xl_toolkit.indicators.sheet import column_letter


def _rows() -> tuple[list[object], list[list[object]]]:
    indicators = default_indicators()
    layout = layout_for(indicators, 2025)
    return list(layout.headers), [indicator_row(i, n, Thresholds(), layout) for n, i in enumerate(indicators, 1)]


def test_column_letters_go_past_z() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_year_columns_span_baselines_to_the_year_after_the_latest() -> None:
    assert layout_for(default_indicators(), 2025).years == tuple(range(2020, 2027))


def test_rows_read_back_to_the_same_indicators_with_tolerance_made_explicit() -> None:
    headers, rows = _rows()
    expected = [i.model_copy(update={"target": i.target.model_copy(update={"tolerance": i.tolerance(Thresholds())})})
                for i in default_indicators()]
    assert indicators_from_rows(headers, rows) == expected


def test_a_clerks_text_year_header_and_typed_numbers_are_read() -> None:
    headers, rows = _rows()
    headers = [f"{h}年实际" if isinstance(h, int) else h for h in headers]
    rows[0][headers.index("2025年实际")] = "17"
    assert [(a.year, a.value) for a in indicators_from_rows(headers, rows)[0].actuals] == [(2025, 17)]


def test_bad_rows_are_all_listed_with_their_row_numbers() -> None:
    headers, rows = _rows()
    rows[0][headers.index("方向")] = "向上"
    rows[2][headers.index("基期年份")] = None
    rows[3][headers.index(2025)] = "约16"
    with pytest.raises(IndicatorSheetError) as error:
        indicators_from_rows(headers, rows)
    message = str(error.value)
    assert "第2行（每万人口高价值发明专利拥有量）：方向无效" in message
    assert "第4行" in message and "基期年份须为四位年份" in message
    assert "第5行" in message and "2025年实际值不是数字：约16" in message


def test_missing_columns_are_named() -> None:
    with pytest.raises(IndicatorSheetError, match="缺少列：基期年份、目标年份"):
        indicators_from_rows(["指标名称"], [["甲"]])


def test_formulas_read_the_report_year_and_the_row_cells() -> None:
    layout = layout_for(default_indicators(), 2025)
    formulas = layout.formulas(7)
    assert "'参数'!$B$2" in formulas["评估年份"] and "$N$1:$T$1" in formulas["评估年份"]
    assert formulas["完成率"].startswith('=IF(OR(V7="",K7=""),"",')
    assert "'参数'!$B$3" in formulas["状态"]
