"""The consolidation service: workers start first, then the ledger; only this process pauses its collector."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from xl_toolkit.io.ledger import Ledger, LedgerError
from xl_toolkit.io.master import load_master
from xl_toolkit.io.samples import write_sample_returns
from xl_toolkit.returns import ReturnFile
from xl_toolkit.services import consolidation, return_validation
from xl_toolkit.services.consolidation import consolidate_paths


@pytest.fixture(scope="module")
def folder(master_2026: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan, registry = load_master(master_2026)
    returns = tmp_path_factory.mktemp("returns")
    write_sample_returns(plan, registry, returns, seed=3)
    return returns


_WORKER = return_validation._validate_in_worker


class _MARKS:
    """Where the workers (forked with this module as it is) leave a mark per return: its name and whether their
    collector was on."""

    folder: Path


def _validate_and_mark(path: Path) -> ReturnFile:
    (_MARKS.folder / f"{path.name}.{gc.isenabled()}").touch()
    return _WORKER(path)


def test_workers_keep_their_collector_while_this_process_pauses_its_own_until_the_master_is_written(
    folder: Path, master_2026: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marks = tmp_path / "marks"
    marks.mkdir()
    monkeypatch.setattr(_MARKS, "folder", marks, raising=False)
    recording: list[bool] = []
    record = Ledger.record

    def record_and_note(self: Ledger, *args: object) -> object:
        recording.append(gc.isenabled())
        return record(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(return_validation, "_worker_count", lambda files: 2)
    monkeypatch.setattr(return_validation, "_validate_in_worker", _validate_and_mark)
    monkeypatch.setattr(Ledger, "record", record_and_note)
    monkeypatch.setattr(consolidation, "LEDGER_CHUNK", 10)
    result = consolidate_paths([folder], master_2026, tmp_path / "汇总.xlsx")

    assert result.returns == len(list(folder.iterdir()))
    assert {p.suffix for p in marks.iterdir()} == {".True"}  # every return validated by a worker, collector on
    assert len(recording) > 1 and not any(recording)
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_failed_consolidation(
    folder: Path, master_2026: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(consolidation, "write_consolidated_workbook", fail)
    with pytest.raises(OSError, match="disk full"):
        consolidate_paths([folder], master_2026, tmp_path / "汇总.xlsx")
    assert gc.isenabled()


def test_a_caller_that_paused_the_collector_finds_it_still_paused(
    folder: Path, master_2026: Path, tmp_path: Path
) -> None:
    gc.disable()
    try:
        consolidate_paths([folder], master_2026, tmp_path / "汇总.xlsx")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_ledger_that_cannot_be_opened_stops_the_batch_and_writes_nothing(
    folder: Path, master_2026: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(return_validation, "_worker_count", lambda files: 2)  # the ledger opens once workers run
    output = tmp_path / "汇总.xlsx"
    with pytest.raises(LedgerError, match="无法打开报送台账"):
        consolidate_paths([folder], master_2026, output, ledger="nosuchdb://x/y")
    assert list(tmp_path.iterdir()) == [] and gc.isenabled()
