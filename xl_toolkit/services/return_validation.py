"""Validation services over files: a batch of returns against a master, and the master's own assignment sheet."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ..findings import Severity
from ..io.master import load_master, read_master_rows
from ..io.return_reader import UnreadableReturn, read_return
from ..layout import MASTER_SHEET
from ..returns import FileStatus, ReturnFile
from ..returns_parsing import cell_text, column_letter
from ..rules.lookups import Lookups
from ..rules.plan_checks import check_plan_rows
from ..validation import FINDING_COLUMNS, Report, unreadable_file, validate_sheets

#: File suffixes picked up when a folder is given (other files in a folder are ignored).
RETURN_SUFFIXES: frozenset[str] = frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv", ".xltx", ".xltm"})


def collect_return_files(paths: Iterable[Path], exclude: Sequence[Path] = ()) -> list[Path]:
    """Files as given, and inside folders every spreadsheet file (not lock files ~$…, not hidden, not `exclude`)."""
    excluded = [p.resolve() for p in exclude]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in RETURN_SUFFIXES and not p.name.startswith(("~$", "."))
                and not any(p.resolve().is_relative_to(e) for e in excluded)
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def validate_file(path: Path, lookups: Lookups, default_unit: str | None = None) -> ReturnFile:
    """Read and validate one return; a file that cannot be read becomes an `unreadable-file` record."""
    try:
        read = read_return(path)
    except UnreadableReturn as error:
        return unreadable_file(path.name, error.reason, error.suggestion, path=str(path))
    try:
        return validate_sheets(read.workbook, lookups, path.name, default_unit, path=str(path), sha256=read.sha256)
    except Exception as error:  # noqa: BLE001 - one odd file must never stop the batch
        return unreadable_file(path.name, f"校验时出错（{type(error).__name__}: {error}）",
                               "请把该文件发给技术支持", path=str(path), sha256=read.sha256)


def validate_paths(
    paths: Sequence[Path],
    master_path: Path,
    default_unit: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> Report:
    """Validate every return under `paths` against a master workbook; the batch never stops on a bad file.

    Raises MasterFormatError (or OSError) when the master itself cannot be read.
    """
    plan, registry = load_master(master_path)
    lookups = Lookups.build(plan, registry)
    files = []
    for path in collect_return_files(paths):
        files.append(validate_file(path, lookups, default_unit))
        if progress is not None:
            progress(path)
    return Report(files=tuple(files))


def validate_plan_file(master_path: Path) -> Report:
    """Check the task-assignment sheet of a master workbook as edited by hand (no-lead, multiple-leads, …)."""
    rows, registry, _ = read_master_rows(master_path)
    columns: dict[str, str] = {}
    try:
        sheet = next(s for s in read_return(master_path).workbook.sheets if s.name == MASTER_SHEET)
        columns = {cell_text(v): column_letter(c) for c, v in enumerate(sheet.rows[0], start=1) if cell_text(v)}
    except (UnreadableReturn, StopIteration, IndexError):
        pass
    findings = tuple(check_plan_rows(rows, registry, file=master_path.name, sheet=MASTER_SHEET, columns=columns))
    errors = any(f.severity is Severity.ERROR for f in findings)
    return Report(files=(ReturnFile(file=master_path.name, path=str(master_path), findings=findings,
                                    status=FileStatus.WITH_ERRORS if errors else FileStatus.OK),))


def report_frame(report: Report) -> Any:
    """The findings of a report as a pandas DataFrame, columns in FINDING_COLUMNS order (severity as text)."""
    import pandas as pd

    return pd.DataFrame(report.to_json()["findings"], columns=list(FINDING_COLUMNS))
