"""Indicator attainment services: an indicator workbook (or the built-in data) in, attainment records out."""

from __future__ import annotations

from pathlib import Path

from ..indicators.attainment import assess_all, latest_year
from ..indicators.model import Attainment, Indicator, Thresholds
from ..indicators.reference import default_indicators
from ..io.indicator_workbook import read_indicator_workbook, write_indicator_workbook


def load_indicators(workbook: Path | None = None, year: int | None = None) -> tuple[list[Indicator], int, Thresholds]:
    """Indicators, report year and thresholds from a workbook, or the built-in data when none is given.

    The report year is `year` when given, else the workbook's 评估年度, else the latest year with an actual.
    """
    if workbook is None:
        indicators, sheet_year, thresholds = default_indicators(), None, Thresholds()
    else:
        indicators, sheet_year, thresholds = read_indicator_workbook(workbook)
    report_year = year or sheet_year or latest_year(indicators)
    if report_year is None:
        raise ValueError("无法确定评估年度：请用 --year 指定，或在“参数”表填写评估年度")
    return indicators, report_year, thresholds


def indicator_report(workbook: Path | None = None, year: int | None = None,
                     export_to: Path | None = None) -> list[Attainment]:
    """Each indicator's attainment in the report year (see `load_indicators`), with the method written out;
    with `export_to`, the indicator workbook (live formulas, 红黄绿, chart) is written there from the same data."""
    indicators, report_year, thresholds = load_indicators(workbook, year)
    if export_to is not None:
        write_indicator_workbook(indicators, export_to, report_year, thresholds)
    return assess_all(indicators, report_year, thresholds)


def export_indicator_workbook(target: Path, workbook: Path | None = None, year: int | None = None) -> Path:
    """Write an indicator workbook (live formulas, 红黄绿, chart) from a workbook or the built-in data."""
    indicators, report_year, thresholds = load_indicators(workbook, year)
    return write_indicator_workbook(indicators, target, report_year, thresholds)
