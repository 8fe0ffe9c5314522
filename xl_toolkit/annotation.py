"""How findings are shown on a return: one mark per cell (worst severity's colour, a note listing each finding)
and the rows of the 校验结果 sheet. Shared by the annotated copies (openpyxl) and the Excel button (xlwings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .findings import Finding, Severity
from .inert import inert_text

RESULT_SHEET = "校验结果"
RESULT_HEADERS = ("序号", "工作表", "单元格", "级别", "代码", "问题说明", "建议")
#: Cell fill colours by severity (Excel's light red, amber and blue), as RRGGBB.
FILL_COLOURS: dict[Severity, str] = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
NO_FINDINGS = "未发现问题"
_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class CellMark:
    """One cell to flag: where, its fill colour (RRGGBB) and its note text."""

    sheet: str
    cell: str
    fill: str
    note: str


def worst_first(findings: Iterable[Finding]) -> list[Finding]:
    """Findings ordered errors first, then by sheet, row and column."""
    return sorted(findings, key=lambda f: (_ORDER.index(f.severity), f.sheet, f.row or 0, f.column))


def note_line(finding: Finding) -> str:
    """A finding as one entry of a cell note."""
    return f"【{finding.severity.label}】{finding.message}" + (f"\n建议：{finding.suggestion}" if finding.suggestion else "")


def cell_marks(findings: Iterable[Finding]) -> list[CellMark]:
    """One mark per cell with findings: filled by the worst severity, the note listing every finding there."""
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.sheet and finding.row:
            by_cell.setdefault((finding.sheet, f"{finding.column or 'A'}{finding.row}"), []).append(finding)
    return [
        CellMark(sheet, cell, FILL_COLOURS[min((f.severity for f in found), key=_ORDER.index)],
                 "\n".join(note_line(f) for f in found))
        for (sheet, cell), found in by_cell.items()
    ]


def result_rows(findings: Iterable[Finding]) -> list[Sequence[object]]:
    """The 校验结果 sheet's body: one row per finding, worst first, text inert (or one line saying there are none)."""
    ordered = worst_first(findings)
    rows: list[Sequence[object]] = [
        (index, *(inert_text(v) for v in (f.sheet, f.cell, f.severity.label, f.code, f.message, f.suggestion)))
        for index, f in enumerate(ordered, start=1)
    ]
    return rows or [(NO_FINDINGS,)]
