"""Checks on the task-assignment sheet itself (任务分工), as the liaison office edits it by hand.

They take plain rows (Excel row number and cells by header) so they run on any reading of the master.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from ..findings import Finding
from ..layout import MASTER_HEADERS
from ..models import AssignmentMode
from ..registry import UnitRegistry, split_list
from ..returns_parsing import cell_text, column_letter, parse_task_number
from ..text import fold
from .catalogue import finding

#: Default column letter of each master header (as `write_master` lays them out).
MASTER_COLUMNS: dict[str, str] = {header: column_letter(i) for i, header in enumerate(MASTER_HEADERS, start=1)}


class PlanRowLike(Protocol):
    """A master row: its Excel row number and its cells by header (io.master.MasterRow fits)."""

    @property
    def row(self) -> int: ...

    @property
    def cells(self) -> Mapping[str, object]: ...


def check_plan_rows(
    rows: Sequence[PlanRowLike], registry: UnitRegistry, *, file: str = "", sheet: str = "任务分工",
    columns: Mapping[str, str] | None = None,
) -> Iterator[Finding]:
    """no-lead, multiple-leads, lead-also-participant, duplicate-unit, unknown/alias units, duplicate task
    numbers and invalid 分工方式 on each row of the task-assignment sheet."""
    columns = {**MASTER_COLUMNS, **(columns or {})}
    seen: dict[str, int] = {}
    for master_row in rows:
        cells = master_row.cells
        number = parse_task_number(cells.get("序号")) or ""

        def place(header: str, row: int = master_row.row, task: str = number) -> dict[str, Any]:
            return {"file": file, "sheet": sheet, "row": row, "column": columns.get(header, ""), "task": task}

        if number:
            first = seen.setdefault(fold(number), master_row.row)
            if first != master_row.row:
                yield finding("duplicate-task", **place("序号"), first=first, value=number)
        leads = split_list(cells.get("牵头单位"))
        participants = split_list(cells.get("参与单位"))
        canonical: dict[str, list[str]] = {"牵头单位": [], "参与单位": []}
        for header, names in (("牵头单位", leads), ("参与单位", participants)):
            for name in names:
                resolution = registry.resolve(name)
                if resolution.canonical is None:
                    yield finding("unknown-unit", **place(header), name=name, value=name,
                                  suggestion=resolution.suggestion or "")
                elif resolution.via_alias:
                    yield finding("alias-unit", **place(header), name=name, canonical=resolution.canonical,
                                  value=name, suggestion=resolution.canonical)
                canonical[header].append(resolution.canonical or name)
        if not leads:
            yield finding("no-lead", **place("牵头单位"), suggestion="在“牵头单位”列填写一个牵头单位")
        elif len(leads) > 1:
            yield finding("multiple-leads", **place("牵头单位"), names="、".join(leads), value=cell_text(
                cells.get("牵头单位")), suggestion=f"牵头单位只填“{leads[0]}”，其余单位移入参与单位")
        for unit in sorted(set(canonical["牵头单位"][:1]) & set(canonical["参与单位"])):
            yield finding("lead-also-participant", **place("参与单位"), unit=unit, value=unit,
                          suggestion=f"从参与单位中删去{unit}")
        for unit, count in Counter(canonical["参与单位"]).items():
            if count > 1:
                yield finding("duplicate-unit", **place("参与单位"), unit=unit, count=count, value=unit,
                              suggestion=f"参与单位中只保留一个{unit}")
        mode = cell_text(cells.get("分工方式"))
        if mode and mode not in AssignmentMode._value2member_map_:
            yield finding("invalid-mode", **place("分工方式"), value=mode, suggestion="负责 或 按职责分工负责")
