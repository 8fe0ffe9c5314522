"""Validation services over files: a batch of returns against a master, and the master's own assignment sheet."""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..findings import Severity
from ..io.master import load_master, read_master_rows
from ..io.return_reader import UnreadableReturn, read_return
from ..layout import MASTER_SHEET
from ..limits import Limits, current_limits
from ..models import Plan
from ..registry import UnitRegistry
from ..returns import FileStatus, ReturnFile
from ..rules.lookups import Lookups
from ..rules.plan_checks import check_plan_rows
from ..validation import FINDING_COLUMNS, Report, unreadable_file, validate_sheets

#: File suffixes picked up when a folder is given (other files in a folder are ignored).
RETURN_SUFFIXES: frozenset[str] = frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv", ".xltx", ".xltm"})
#: Batches smaller than this are validated in this process: starting workers would cost more than they save.
PARALLEL_MIN_FILES = 20
#: Files handed to a worker at a time (fewer when the batch is small, so every worker gets a share).
CHUNK_FILES = 16


def collect_return_files(paths: Sequence[Path], exclude: Sequence[Path] = ()) -> list[Path]:
    """Files as given, and inside folders every spreadsheet file (not lock files ~$…, not hidden, not `exclude`)."""
    excluded = [(e, e.is_dir()) for e in (p.resolve() for p in exclude)]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            base = path.resolve()
            # Only exclusions inside this folder are checked file by file (resolving every file costs a syscall each).
            inside = [(e, is_dir) for e, is_dir in excluded if e.is_relative_to(base) or base.is_relative_to(e)]
            found.extend(
                p for p in _spreadsheets_under(path)
                if not any((is_dir or p.name == e.name) and p.resolve().is_relative_to(e) for e, is_dir in inside)
            )
        else:
            found.append(path)
    return found if len(paths) == 1 else list(dict.fromkeys(found))  # one folder's listing names each file once


def _spreadsheets_under(folder: Path) -> list[Path]:
    """Spreadsheet files anywhere under a folder (not lock files ~$…, not hidden), in path order, told apart by
    their directory entries without a stat call each; like `Path.rglob`, linked folders are not entered."""
    found: list[str] = []
    pending = [os.fspath(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif (entry.is_file() and not entry.name.startswith(("~$", "."))
                      and os.path.splitext(entry.name)[1].lower() in RETURN_SUFFIXES):
                    found.append(entry.path)
    return [Path(path) for path in sorted(found, key=lambda path: path.split(os.sep))]


def validate_file(path: Path, lookups: Lookups, default_unit: str | None = None, *, keep_rows: bool = True,
                  limits: Limits | None = None) -> ReturnFile:
    """Read and validate one return; a file that cannot be read becomes an `unreadable-file` record.
    With `keep_rows=False` the result is the one `without_rows()` would give, built without the row records.
    `limits` default to `current_limits()`."""
    try:
        read = read_return(path, limits)
    except UnreadableReturn as error:
        return unreadable_file(path.name, error.reason, error.suggestion, path=str(path), code=error.code)
    try:
        return validate_sheets(read.workbook, lookups, path.name, default_unit, path=str(path), sha256=read.sha256,
                               keep_rows=keep_rows)
    except Exception as error:  # noqa: BLE001 - one odd file must never stop the batch
        return unreadable_file(path.name, f"校验时出错（{type(error).__name__}: {error}）",
                               "请把该文件发给技术支持", path=str(path), sha256=read.sha256)


def validate_paths(
    paths: Sequence[Path],
    master_path: Path,
    default_unit: str | None = None,
    progress: Callable[[Path], None] | None = None,
    *,
    listed: Callable[[int], None] | None = None,
    workers: int | None = None,
    keep_rows: bool = True,
) -> Report:
    """Validate every return under `paths` against a master workbook; the batch never stops on a bad file.

    `listed` is told how many files there are once they are listed, `progress` each file once it is done.
    With `keep_rows=False` the report holds each file `without_rows()` (same findings, statuses and row counts),
    so its memory does not grow with the rows. Raises MasterFormatError (or OSError) when the master itself
    cannot be read.
    """
    plan, registry = load_master(master_path)
    files = collect_return_files(paths)
    if listed is not None:
        listed(len(files))
    return Report(files=tuple(validate_files(files, plan, registry, default_unit, progress, workers=workers,
                                             keep_rows=keep_rows)))


def validate_files(
    files: Sequence[Path],
    plan: Plan,
    registry: UnitRegistry,
    default_unit: str | None = None,
    progress: Callable[[Path], None] | None = None,
    *,
    workers: int | None = None,
    keep_rows: bool = True,
) -> Generator[ReturnFile, None, None]:
    """Validate files in order, yielding each result as it is ready; `progress` is called after each file.

    Large batches are read and validated by `workers` processes (default: one per CPU core), each building the
    lookups once; results are the same as in one process. Should the pool fail, the rest is done in this process.
    With `keep_rows=False` each result is `without_rows()` (workers send back only that). The limits
    (`current_limits()`) are read once, when the batch starts.
    """
    limits = current_limits()
    count = _worker_count(len(files)) if workers is None else min(workers, len(files))
    done = 0
    if count > 1:
        chunk = max(1, min(CHUNK_FILES, len(files) // (count * 4)))
        try:
            with ProcessPoolExecutor(count, initializer=_start_worker,
                                     initargs=(plan, registry, default_unit, keep_rows, limits)) as pool:
                for result in pool.map(_validate_in_worker, files, chunksize=chunk):
                    done += 1
                    if progress is not None:
                        progress(files[done - 1])
                    yield result
        except (BrokenProcessPool, OSError):
            pass
    if done == len(files):
        return
    lookups = Lookups.build(plan, registry)
    for path in files[done:]:
        result = validate_file(path, lookups, default_unit, keep_rows=keep_rows, limits=limits)
        if progress is not None:
            progress(path)
        yield result


def _worker_count(files: int) -> int:
    if files < PARALLEL_MIN_FILES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, files // PARALLEL_MIN_FILES))


_worker: tuple[Lookups, str | None, bool, Limits] | None = None


def _start_worker(plan: Plan, registry: UnitRegistry, default_unit: str | None, keep_rows: bool,
                  limits: Limits) -> None:
    global _worker
    _worker = (Lookups.build(plan, registry), default_unit, keep_rows, limits)


def _validate_in_worker(path: Path) -> ReturnFile:
    assert _worker is not None, "worker not initialised"
    lookups, default_unit, keep_rows, limits = _worker
    return validate_file(path, lookups, default_unit, keep_rows=keep_rows, limits=limits)


def validate_plan_file(master_path: Path) -> Report:
    """Check the task-assignment sheet of a master workbook as edited by hand (no-lead, multiple-leads, …)."""
    master = read_master_rows(master_path)
    findings = tuple(check_plan_rows(master.rows, master.registry, file=master_path.name, sheet=MASTER_SHEET,
                                     columns=master.columns))
    errors = any(f.severity is Severity.ERROR for f in findings)
    return Report(files=(ReturnFile(file=master_path.name, path=str(master_path), findings=findings,
                                    status=FileStatus.WITH_ERRORS if errors else FileStatus.OK),))


def report_frame(report: Report) -> Any:
    """The findings of a report as a pandas DataFrame, columns in FINDING_COLUMNS order (severity as text)."""
    import pandas as pd

    return pd.DataFrame(report.to_json()["findings"], columns=list(FINDING_COLUMNS))
