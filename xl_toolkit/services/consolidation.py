"""Consolidation service: a folder of returns → validated → ledger → master workbook (+ JSON summary).

The same function serves `xlt consolidate` and the Excel button.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from itertools import chain, islice
from pathlib import Path

from ..consolidation import Consolidation, consolidate, precedence, submitter
from ..io.atomic import write_json_atomically
from ..io.consolidated_workbook import write_consolidated_workbook
from ..io.ledger import ledger_url, open_ledger
from ..io.master import load_master
from ..returns import ReturnFile
from .return_validation import collect_return_files, validate_files

#: Returns recorded in the ledger at a time as they arrive from validation.
LEDGER_CHUNK = 200
#: Towards the end of a batch, fewer at a time (never more than are still to come, nor fewer than this), so little is
#: left to record once the last return is in and the rest of the work runs on one core.
LEDGER_LAST_CHUNK = 32


def consolidate_paths(
    paths: Sequence[Path],
    master_path: Path,
    output_path: Path,
    ledger: str | Path | None = None,
    json_path: Path | None = None,
    progress: Callable[[Path], None] | None = None,
    today: dt.date | None = None,
    listed: Callable[[int], None] | None = None,
) -> Consolidation:
    """Validate every return, record it in the ledger, merge, and write the master workbook atomically.

    `listed` is told how many files there are once they are listed, `progress` each file once it is done. The
    ledger transaction commits only once the workbook is in place, so a failed write records nothing. The ledger
    is opened once the workers have started; if it cannot be, the batch stops there (LedgerError).
    """
    plan, registry = load_master(master_path)
    inputs = collect_return_files(paths, exclude=(master_path, output_path))
    if listed is not None:
        listed(len(inputs))
    results = validate_files(inputs, plan, registry, progress=progress)
    # The first result starts the workers: the ledger opens while they read on, and they keep their collector.
    first = list(islice(results, 1))
    with closing(results), open_ledger(ledger_url(ledger, output_path)) as book, _collector_paused():
        now = dt.datetime.now()
        arrivals: dict[str, dt.datetime] = {}
        kept = _Returns()
        pending: list[ReturnFile] = []
        for index, return_file in enumerate(chain(first, results), start=1):
            pending.append(return_file)
            to_come = len(inputs) - index
            if len(pending) >= min(LEDGER_CHUNK, max(LEDGER_LAST_CHUNK, to_come)) or not to_come:
                arrivals.update(book.record(pending, now))
                kept.add(pending, arrivals)
                pending = []
        result = consolidate(plan, registry, kept.returns, today or dt.date.today(), arrivals=arrivals)
        write_consolidated_workbook(result, output_path)
    if json_path is not None:
        write_json_atomically(json_path, result.summary())
    return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """This process's cyclic garbage collector paused until the master is written: the rows of most returns are
    recorded and dropped within a chunk, freed by reference counting, yet every pass of the collector over young
    objects would scan them (a tenth of the process's time); what is left is scanned once it runs again."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class _Returns:
    """The returns of a round as they arrive: each unit's highest-ranked return so far with its rows, every other
    one `without_rows()` (what `consolidate` needs of a superseded return), so memory does not grow with rows."""

    def __init__(self) -> None:
        self.returns: list[ReturnFile] = []
        self._best: dict[str, int] = {}

    def add(self, arrived: Sequence[ReturnFile], arrivals: Mapping[str, dt.datetime]) -> None:
        for return_file in arrived:
            unit = submitter(return_file)
            if unit is None:  # no unit: counts on its own, like `consolidate` does
                self.returns.append(return_file)
                continue
            best = self._best.get(unit)
            if best is not None and precedence(return_file, arrivals) <= precedence(self.returns[best], arrivals):
                self.returns.append(return_file.without_rows())
                continue
            if best is not None:
                self.returns[best] = self.returns[best].without_rows()
            self._best[unit] = len(self.returns)
            self.returns.append(return_file)
