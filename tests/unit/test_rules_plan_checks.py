"""Rules on the task-assignment sheet as the liaison office edits it by hand."""

from __future__ import annotations

from dataclasses import dataclass

from xl_toolkit.registry import UnitRegistry
from xl_toolkit.rules.plan_checks import check_plan_rows


@dataclass(frozen=True)
class Row:
    row: int
    cells: dict[str, object]


def row(number: object, lead: str, participants: str = "", mode: str = "负责", at: int = 2) -> Row:
    return Row(at, {"序号": number, "任务内容": "某项任务", "牵头单位": lead, "参与单位": participants, "分工方式": mode})


def flatten(rows: list[Row], registry: UnitRegistry) -> list[tuple[object, ...]]:
    return [(f.row, f.column, f.code) for f in check_plan_rows(rows, registry)]


def test_clean_rows_have_no_finding(registry: UnitRegistry) -> None:
    rows = [row(1, "国家知识产权局", "司法部、财政部"), row(2, "司法部", "", "按职责分工负责", at=3)]
    assert flatten(rows, registry) == []


def test_each_master_rule(registry: UnitRegistry) -> None:
    rows = [
        row(1, "", "司法部", at=2),
        row(2, "国家知识产权局、司法部", "", at=3),
        row(3, "国家知识产权局", "司法部、国家知识产权局", at=4),
        row(4, "国家知识产权局", "司法部、财政部、司法部", at=5),
        row(4, "国加知识产权局", "中宣部", "分工负责", at=6),
    ]
    assert flatten(rows, registry) == [
        (2, "E", "no-lead"),
        (3, "E", "multiple-leads"),
        (4, "F", "lead-also-participant"),
        (5, "F", "duplicate-unit"),
        (6, "A", "duplicate-task"),
        (6, "E", "unknown-unit"),
        (6, "F", "alias-unit"),
        (6, "G", "invalid-mode"),
    ]


def test_typo_suggestion_and_columns_follow_the_header(registry: UnitRegistry) -> None:
    [found] = check_plan_rows([row(1, "国加知识产权局")], registry, columns={"牵头单位": "C"})
    assert (found.cell, found.suggestion) == ("C2", "国家知识产权局")
