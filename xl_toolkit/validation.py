"""Validating returns: plain workbook values in, a ReturnFile with every finding out; and the batch Report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict

from .findings import Finding, Severity
from .inert import MAX_CELL_TEXT, formula_openings, has_control_characters, is_formula_like
from .models import Plan
from .raw_workbook import RawSheet, RawWorkbook
from .record_pickling import trusted
from .registry import UnitRegistry
from .returns import FileStatus, ReturnFile, ReturnRow
from .returns_parsing import (
    HeaderMatch,
    column_letter,
    find_header,
    find_reported_on,
    find_submitter,
    is_task_row,
    is_text,
    role_of_sheet,
    submitter_openings,
)
from .rules.catalogue import finding
from .rules.checks import formula_findings, run_return_checks, run_row_checks
from .rules.lookups import Lookups
from .rules.row import RawRow

#: Fields of a flattened finding, in the order of `Report.flatten` and of the DataFrame's columns.
FINDING_COLUMNS: tuple[str, ...] = ("file", "sheet", "row", "column", "unit", "task", "code", "severity", "message",
                                    "suggestion")


def validate_workbook_values(
    sheets: RawWorkbook, plan: Plan, registry: UnitRegistry, file_name: str, default_unit: str | None = None
) -> ReturnFile:
    """Validate one return given as plain values (the Excel layer's entry point); see `validate_sheets`."""
    return validate_sheets(sheets, Lookups.build(plan, registry), file_name, default_unit)


def validate_sheets(
    sheets: RawWorkbook,
    lookups: Lookups,
    file_name: str,
    default_unit: str | None = None,
    *,
    path: str = "",
    sha256: str = "",
    keep_rows: bool = True,
) -> ReturnFile:
    """Validate one return: find headers and the submitting unit, run every check, collect every finding.

    The unit comes from the 填报单位 line, else the file name, else `default_unit`. Rows are kept with their
    findings; when the unit cannot be determined, row findings move to the file and no rows are returned.
    With `keep_rows=False` the result is the full one's `without_rows()`, made without building the row records.
    """
    found = [(sheet, header) for sheet in sheets.sheets if (header := find_header(sheet.rows)) is not None]
    file_findings: list[Finding] = list(_structure_findings(sheets, found, file_name))
    if not found:
        first = sheets.sheets[0].name if sheets.sheets else ""
        file_findings.append(finding("header-not-found", file=file_name, sheet=first, rows=10,
                                     suggestion="表头应包含“序号”以及“进展情况”“完成状态”“完成进度（%）”等列"))
        return _file(file_name, path, sha256, None, None, (), file_findings)
    sheet_texts = [_texts(sheet) for sheet, _ in found]
    # A sheet whose texts hold no opening of the 填报单位 label has no such line: find_submitter would find none.
    labelled = [(sheet, header) for (sheet, header), (_, joined) in zip(found, sheet_texts)
                if _SUBMITTER_OPENINGS.search(joined) is not None]
    unit = _submitter(labelled, found[0][0], lookups, file_name, default_unit, file_findings)
    raw_rows: list[RawRow] = []
    reported_on: dt.date | None = None
    for (sheet, header), (texts, joined) in zip(found, sheet_texts):
        every_cell = bool(sheet.formulas) or _may_draw_cell_findings(texts, joined)
        for r in range(1, header.row + 1 if every_cell else 1):
            file_findings.extend(formula_findings(
                {"file": file_name, "sheet": sheet.name, "row": r, "task": "", "unit": unit or ""}, _all_cells(sheet, r)))
        sheet_rows = _data_rows(sheet, header, file_name, unit or "", every_cell)
        if not sheet_rows:
            file_findings.append(finding("empty-return", file=file_name, sheet=sheet.name, unit=unit or ""))
        raw_rows.extend(sheet_rows)
        if reported_on is None and "日期" in joined:  # the date's label: a sheet without one is not scanned for it
            reported_on = _reported_on(sheet, header)
    row_findings = [run_row_checks(r, lookups) for r in raw_rows]
    return_findings = run_return_checks(raw_rows, lookups, unit or "")
    if return_findings:  # most returns have none: the rows' places are indexed only for a return with some
        placed = {(r.sheet, r.row): found for r, found in zip(raw_rows, row_findings)}
        for f in return_findings:
            if f.row is not None and (f.sheet, f.row) in placed:
                placed[(f.sheet, f.row)].append(f)
            elif unit:
                file_findings.append(f)
    if unit is None:
        file_findings.extend(chain.from_iterable(row_findings))
        return _file(file_name, path, sha256, None, None, (), file_findings)
    if not keep_rows:
        file_findings.extend(chain.from_iterable(row_findings))
        return _file(file_name, path, sha256, unit, reported_on, (), file_findings, rows_read=len(raw_rows))
    rows = tuple(_return_row(r, tuple(found), lookups) for r, found in zip(raw_rows, row_findings))
    return _file(file_name, path, sha256, unit, reported_on, rows, file_findings)


def _file(name: str, path: str, sha256: str, unit: str | None, reported_on: dt.date | None,
          rows: tuple[ReturnRow, ...], findings: list[Finding], rows_read: int | None = None) -> ReturnFile:
    errors = any(f.severity is Severity.ERROR for f in findings) or not all(r.accepted for r in rows)
    return ReturnFile(file=name, path=path, sha256=sha256, unit=unit, reported_on=reported_on, rows=rows,
                      status=FileStatus.WITH_ERRORS if errors else FileStatus.OK, findings=tuple(findings),
                      rows_read=len(rows) if rows_read is None else rows_read)


def unreadable_file(file_name: str, reason: str, suggestion: str = "", path: str = "", sha256: str = "",
                    code: str = "unreadable-file") -> ReturnFile:
    """The record of a file that could not be read at all (or was refused unread, e.g. `too-many-rows`)."""
    return ReturnFile(file=file_name, path=path, sha256=sha256, status=FileStatus.UNREADABLE, findings=(
        finding(code, file=file_name, reason=reason, suggestion=suggestion),))


def _structure_findings(sheets: RawWorkbook, found: Sequence[tuple[RawSheet, HeaderMatch]],
                        file_name: str) -> Iterable[Finding]:
    """Info on macros, hidden sheets and hidden task rows (all read as usual); merges across task rows."""
    if sheets.macros:
        yield finding("macros-ignored", file=file_name, suggestion="如不需要宏，请另存为 .xlsx 后报送")
    for sheet in sheets.sheets:
        if sheet.hidden:
            yield finding("hidden-sheet", file=file_name, sheet=sheet.name, suggestion="请确认隐藏的工作表是否应当报送")
    for sheet, header in found:
        hidden = sorted(r for r in sheet.hidden_rows if r > header.row)
        if hidden:
            shown = "、".join(map(str, hidden[:20])) + ("等" if len(hidden) > 20 else "")
            yield finding("hidden-rows", file=file_name, sheet=sheet.name, row=hidden[0], rows=shown,
                          suggestion="请确认隐藏行中的内容是否应当报送")
        for top, left, bottom, right in sheet.merged:
            if top > header.row and bottom > top:
                span = f"{column_letter(left)}{top}:{column_letter(right)}{bottom}"
                yield finding("merged-cells", file=file_name, sheet=sheet.name, row=top, column=column_letter(left),
                              range=span, suggestion="请取消合并，并在每个任务行分别填写")


def _submitter(found: Sequence[tuple[RawSheet, HeaderMatch]], first: RawSheet, lookups: Lookups, file_name: str,
               default_unit: str | None, findings: list[Finding]) -> str | None:
    """The unit from the first of the sheets (`found`, with their headers) holding a 填报单位 line, else the file
    name, else `default_unit`; `first` is the sheet an unknown-submitter finding points at."""
    for sheet, header in found:
        line = find_submitter(sheet.rows[: header.row - 1]) or find_submitter(sheet.rows[header.row:], header.row + 1)
        if line is None:
            continue
        resolution = lookups.resolve(line.written)
        place = {"file": file_name, "sheet": sheet.name, "row": line.row, "column": column_letter(line.column)}
        canonical = resolution.canonical or lookups.unit_prefix(line.written)
        if canonical is None:
            findings.append(finding("unknown-unit", **place, name=line.written, value=line.written,
                                    suggestion=resolution.suggestion or ""))
            break
        if canonical != line.written:
            findings.append(finding("alias-unit", **place, unit=canonical, name=line.written,
                                    canonical=canonical, value=line.written, suggestion=canonical))
        named = lookups.unit_in_text(_stem(file_name))
        if named is not None and named != canonical:  # the stamped line wins: a file is often renamed or reused
            findings.append(finding("submitter-conflict", **place, unit=canonical, other=named, value=line.written,
                                    suggestion=f"请核对：如表内填报单位有误请改为“{named}”，否则请将文件名改为“{canonical}”开头"))
        return canonical
    unit = lookups.unit_in_text(_stem(file_name))
    if unit is None and default_unit:
        unit = lookups.resolve(default_unit).canonical
    if unit is None:
        findings.append(finding("unknown-submitter", file=file_name, sheet=first.name,
                                suggestion="在表头上方填写“填报单位：单位名称”，或以单位名称命名文件"))
    return unit


def _stem(file_name: str) -> str:
    """`PurePath(file_name).stem`; a plain name (no separator, drive or dot name) is cut at its last dot directly."""
    if "/" in file_name or "\\" in file_name or ":" in file_name or file_name in (".", ".."):
        return PurePath(file_name).stem
    dot = file_name.rfind(".")
    return file_name[:dot] if 0 < dot < len(file_name) - 1 else file_name


def _texts(sheet: RawSheet) -> tuple[list[str], str]:
    """A sheet's text cells, and all of them joined, each after a separator: one string searched at C speed."""
    texts = [*filter(is_text, chain.from_iterable(sheet.rows))]  # at C speed
    return texts, _SEPARATOR + _SEPARATOR.join(texts)


def _may_draw_cell_findings(texts: Sequence[str], joined: str) -> bool:
    """Whether any of a sheet's texts could draw formula-injection, text-too-long or control-characters.

    Most sheets have none (nor formulas), and their rows are made without the list of every cell (`RawRow.others`)
    that those checks would only loop over to find nothing. The joined text rules each finding out at once; only a
    possible formula opening, or joined text over the cell limit, sends the texts to the exact test one by one.
    """
    return (_FORMULA_OPENINGS.search(joined) is not None and any(map(is_formula_like, texts))
            or len(joined) > MAX_CELL_TEXT and max(map(len, texts)) > MAX_CELL_TEXT
            or has_control_characters(joined))  # exact on the joined text: the separator is no control character


_SEPARATOR = "|"  # any would do: a separator inside a text at most makes a candidate for the exact test
_FORMULA_OPENINGS = formula_openings(_SEPARATOR)
_SUBMITTER_OPENINGS = submitter_openings(_SEPARATOR)


def _all_cells(sheet: RawSheet, r: int) -> list[tuple[str, object, bool]]:
    values = sheet.rows[r - 1] if r <= len(sheet.rows) else ()
    formulas, letters = sheet.formulas, _letters(len(values))
    if not formulas:  # the usual case: only the text cells, no set look-ups
        return [(letter, v, False) for letter, v in zip(letters, values) if isinstance(v, str) and v]
    return [(letters[c - 1], v, (r, c) in formulas) for c, v in enumerate(values, start=1)
            if (r, c) in formulas or isinstance(v, str) and v]


@lru_cache(maxsize=64)
def _letters(width: int) -> tuple[str, ...]:
    """The letters of columns 1 to `width` (A, B, …): rows of one width share them."""
    return tuple(column_letter(c) for c in range(1, width + 1))


def _data_rows(sheet: RawSheet, header: HeaderMatch, file_name: str, unit: str, every_cell: bool) -> list[RawRow]:
    """The task rows under the header (and other rows holding a formula); with `every_cell`, each lists all its
    cells in `others` for the checks over every cell."""
    fields, indexes = tuple(header.columns), tuple(c - 1 for c in header.columns.values())
    width = max(indexes, default=-1) + 1
    letters = _letters(width)
    columns = {field: letters[i] for field, i in zip(fields, indexes)}
    sheet_role = role_of_sheet(sheet.name)
    percent_col = header.columns.get("percent")
    pick = itemgetter(*indexes) if len(indexes) > 1 else None  # a header has two fields at least
    name, formulas, percent_cells = sheet.name, sheet.formulas, sheet.percent_cells
    rows = []
    for r, values in enumerate(sheet.rows[header.row:], start=header.row + 1):
        if pick is not None and len(values) >= width:  # every field's cell is there: picked at C speed
            cells = dict(zip(fields, pick(values)))
        else:
            cells = {field: values[i] if i < len(values) else None for field, i in zip(fields, indexes)}
        if not is_task_row(cells):
            if formulas and any((r, c) in formulas for c in range(1, len(values) + 1)):
                rows.append(RawRow(file_name, name, r, unit, cells, columns, sheet_role, False,
                                   tuple(_all_cells(sheet, r))))
            continue
        rows.append(RawRow(file_name, name, r, unit, cells, columns, sheet_role,
                           percent_col is not None and (r, percent_col) in percent_cells,
                           tuple(_all_cells(sheet, r)) if every_cell else ()))
    return rows


def _return_row(row: RawRow, findings: tuple[Finding, ...], lookups: Lookups) -> ReturnRow:
    task = row.task(lookups)
    role = row.role(lookups)
    if "role" not in row.invalid:  # an unreadable role is reported; the master's stands
        role = row.written_role or row.sheet_role or role
    percent = row.percent
    # Every value is already of its field's type (texts, enums, a float within 0–100, a row from 2): the record
    # ReturnRow(**values) would validate, made as pydantic unpickles one, a third of the cost (pinned by a test).
    return trusted(ReturnRow, {
        "file": row.file, "sheet": row.sheet, "row": row.row, "unit": row.unit,
        "task": task.number if task else (row.number or ""), "role": role, "task_text": row.text("task_text"),
        "progress": row.text("progress"), "status": row.status,
        "percent": percent if percent is not None and 0 <= percent <= 100 else None,
        "problems": row.text("problems"), "next_steps": row.text("next_steps"), "findings": findings,
    }, None)


def _reported_on(sheet: RawSheet, header: HeaderMatch) -> dt.date | None:
    return find_reported_on(sheet.rows[: header.row - 1]) or find_reported_on(sheet.rows[header.row:])


class Report(BaseModel):
    """The outcome of validating a batch: one ReturnFile per file, findings flattened for tests and exports."""

    model_config = ConfigDict(frozen=True)

    files: tuple[ReturnFile, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding of every file, in file order."""
        return tuple(f for file in self.files for f in file.all_findings)

    def count(self, severity: Severity) -> int:
        """How many findings of a severity."""
        return sum(f.severity is severity for f in self.findings)

    def by_code(self) -> dict[str, tuple[Severity, int, int]]:
        """Per finding code: its severity, how many findings and in how many files; the most severe codes first,
        then the most frequent."""
        counts: Counter[str] = Counter()
        files: dict[str, set[str]] = {}
        severities: dict[str, Severity] = {}
        for f in self.findings:
            counts[f.code] += 1
            files.setdefault(f.code, set()).add(f.file)
            severities[f.code] = f.severity
        order = {severity: index for index, severity in enumerate(Severity)}
        return {code: (severities[code], count, len(files[code]))
                for code, count in sorted(counts.items(), key=lambda item: (order[severities[item[0]]], -item[1]))}

    @property
    def has_errors(self) -> bool:
        """Whether any finding is an error."""
        return self.count(Severity.ERROR) > 0

    def flatten(self, fields: Sequence[str] = ("file", "sheet", "row", "column", "code")) -> list[tuple[Any, ...]]:
        """Each finding as a tuple of the given fields, so tests compare findings in one line."""
        return [tuple(getattr(f, name) for name in fields) for f in self.findings]

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        """`{"files": [{file, unit, rows, status}], "findings": [{file, sheet, row, column, unit, task, code, …}]}`."""
        return {
            "files": [{"file": f.file, "unit": f.unit, "rows": f.rows_read, "status": f.status.value}
                      for f in self.files],
            "findings": [{name: _plain(getattr(f, name)) for name in FINDING_COLUMNS} for f in self.findings],
        }


def _plain(value: object) -> object:
    return value.value if isinstance(value, Severity) else value
