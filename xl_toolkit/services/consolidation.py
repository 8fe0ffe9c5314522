"""Consolidation service: a folder of returns → validated → ledger → master workbook (+ JSON summary).

The same function serves `xlt consolidate` and the Excel button.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..consolidation import Consolidation, consolidate
from ..io.consolidated_workbook import write_consolidated_workbook
from ..io.ledger import ledger_url, open_ledger
from ..io.master import load_master
from .return_validation import collect_return_files, validate_files


def consolidate_paths(
    paths: Sequence[Path],
    master_path: Path,
    output_path: Path,
    ledger: str | Path | None = None,
    json_path: Path | None = None,
    progress: Callable[[Path], None] | None = None,
    today: dt.date | None = None,
) -> Consolidation:
    """Validate every return, record it in the ledger, merge, and write the master workbook atomically.

    The ledger transaction commits only once the workbook is in place, so a failed write records nothing.
    """
    plan, registry = load_master(master_path)
    inputs = collect_return_files(paths, exclude=(master_path, output_path))
    returns = tuple(validate_files(inputs, plan, registry, progress=progress))
    with open_ledger(ledger_url(ledger, output_path)) as book:
        arrivals = book.record(returns, dt.datetime.now())
        result = consolidate(plan, registry, returns, today or dt.date.today(), arrivals=arrivals)
        write_consolidated_workbook(result, output_path)
    if json_path is not None:
        _write_text_atomically(json_path, json.dumps(result.summary(), ensure_ascii=False, indent=2) + "\n")
    return result


def _write_text_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp, target)
    finally:
        Path(temp).unlink(missing_ok=True)
