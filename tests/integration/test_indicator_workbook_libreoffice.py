"""LibreOffice Calc recalculates the indicator workbook's formulas to the values the toolkit's Python computes."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.libreoffice import convert_many_with_libreoffice
from xl_toolkit.indicators import (
    Aggregation,
    Attainment,
    Direction,
    Indicator,
    Observation,
    Qualifier,
    Target,
    Thresholds,
    assess_all,
    default_indicators,
)
from xl_toolkit.indicators.sheet import PARAMETER_SHEET, SHEET_TITLE
from xl_toolkit.io.indicator_workbook import (
    read_computed_columns,
    read_indicator_workbook,
    write_indicator_workbook,
)

COLUMNS = {"评估年份": "year", "实际值": "actual", "完成率": "completion", "目标进度": "progress",
           "序时进度": "time_progress", "状态": "status", "信号": "rag"}


def _edge_cases() -> list[Indicator]:
    """Rows that walk every branch of the formulas: aggregation, directions, missing, equal, zero, negative."""

    def make(name: str, base: tuple[int, float | None], goal: tuple[int, float | None], actuals: dict[int, float],
             direction: Direction = Direction.HIGHER, aggregation: Aggregation = Aggregation.STOCK,
             qualifier: Qualifier = Qualifier.EXACT, tolerance: float | None = None) -> Indicator:
        return Indicator(
            name=name, direction=direction, aggregation=aggregation,
            baseline=Observation(year=base[0], value=base[1]),
            target=Target(year=goal[0], value=goal[1], qualifier=qualifier, tolerance=tolerance),
            actuals=tuple(Observation(year=y, value=v) for y, v in actuals.items()),
        )  # fmt: skip

    cases = [
        make("累计", (2020, 0), (2025, 100), {2020: 50, 2021: 10, 2022: 20.5, 2023: 7}, aggregation=Aggregation.CUMULATIVE),
        make("越小越好预警", (2020, 20), (2025, 15), {2023: 17.3}, Direction.LOWER),
        make("越大越好滞后", (2020, 10), (2025, 20), {2022: 10.5}),
        make("区间外", (2020, 4), (2025, 4), {2023: 4.5}, Direction.BAND),
        make("区间内", (2020, 4), (2025, 4), {2023: 3.9}, Direction.BAND, tolerance=0.1),
        make("缺基期", (2020, None), (2025, 20), {2023: 15}),
        make("缺基期到期", (2020, None), (2022, 20), {2022: 15}),
        make("基期等于目标", (2020, 20), (2025, 20), {2023: 19}),
        make("目标为零", (2020, 5), (2025, 0), {2023: 2}),
        make("负增长", (2022, 3), (2023, 10), {2023: -4.5}, qualifier=Qualifier.AT_LEAST),
        make("实际为零", (2020, 20), (2025, 15), {2023: 0}, Direction.LOWER),
        make("左右", (2020, 20), (2024, 15.5), {2023: 16.1}, Direction.LOWER, qualifier=Qualifier.ABOUT),
        make("名次", (2020, 14), (2025, 10), {2023: 11}, Direction.LOWER),
        make("当年目标", (2023, None), (2023, 172), {2023: 180}),
        make("只有未来值", (2020, 1), (2025, 2), {2026: 3}),
        make("无实际值", (2020, 1), (2025, 2), {}),
    ]
    rng = random.Random(20260101)
    for n in range(40):
        start = rng.randint(2018, 2023)
        end = start + rng.randint(0, 5)
        years = sorted(rng.sample(range(2018, 2027), rng.randint(0, 4)))
        cases.append(make(
            f"随机{n}", (start, rng.choice([None, round(rng.uniform(-50, 200), 2)])),
            (end, rng.choice([None, 0, round(rng.uniform(-50, 200), 3)])),
            {y: round(rng.uniform(-20, 220), rng.randint(0, 4)) for y in years},
            rng.choice(list(Direction)), rng.choice(list(Aggregation)), rng.choice(list(Qualifier)),
            rng.choice([None, 0.0, round(rng.uniform(0, 5), 2)]),
        ))  # fmt: skip
    return cases


def _same(python: Attainment, sheet: dict[str, object]) -> list[str]:
    differences = []
    for header, field in COLUMNS.items():
        expected, found = getattr(python, field), sheet[header]
        expected = expected.value if hasattr(expected, "value") else expected
        found = None if found == "" else found
        if isinstance(expected, float) and isinstance(found, int | float):
            if abs(expected - found) > 1e-9:
                differences.append(f"{python.name} {header}: {expected} ≠ {found}")
        elif expected != found:
            differences.append(f"{python.name} {header}: {expected!r} ≠ {found!r}")
    return differences


@pytest.mark.libreoffice
def test_libreoffice_recalculates_every_formula_to_the_python_values(tmp_path: Path) -> None:
    source = tmp_path / "source"
    builtin = write_indicator_workbook(default_indicators(), source / "builtin.xlsx", 2025)
    edges = write_indicator_workbook(_edge_cases(), source / "edges.xlsx", 2024, Thresholds(warning_ratio=0.8))
    edited = source / "edited.xlsx"
    shutil.copy(builtin, edited)
    wb = load_workbook(edited)  # a clerk fills in 2023 and 2024 and changes the report year and the 预警 ratio
    ws = wb[SHEET_TITLE]
    headers = [c.value for c in ws[1]]
    for row, (year, value) in ((3, (2023, 6.1)), (4, (2024, 2600)), (5, (2023, 3300)), (8, (2024, 80.9))):
        ws.cell(row=row, column=headers.index(year) + 1, value=value)
    wb[PARAMETER_SHEET]["B2"], wb[PARAMETER_SHEET]["B3"] = 2024, 0.9
    wb.save(edited)

    recalculated = convert_many_with_libreoffice([builtin, edges, edited], "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")

    differences = []
    for original, result in zip((builtin, edges, edited), recalculated, strict=True):
        indicators, year, thresholds = read_indicator_workbook(original)
        python = assess_all(indicators, year or 0, thresholds)
        sheet = read_computed_columns(result)
        assert [r["指标名称"] for r in sheet] == [p.name for p in python]
        for p, s in zip(python, sheet, strict=True):
            differences += _same(p, s)
    assert differences == []
    statuses = {r["状态"] for r in read_computed_columns(recalculated[1])}
    assert statuses == {"提前完成", "达标", "进度正常", "预警", "滞后", "未达标", "无数据"}
