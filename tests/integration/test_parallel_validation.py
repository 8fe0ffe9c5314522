"""Validating in worker processes gives exactly the results of validating in one process, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_toolkit.io.master import load_master
from xl_toolkit.io.samples import write_sample_returns
from xl_toolkit.services import return_validation
from xl_toolkit.services.return_validation import collect_return_files, validate_files, validate_paths


@pytest.fixture(scope="module")
def batch(master_2026: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The 38 sample returns with planted defects (including unreadable ones) in all three layouts."""
    plan, registry = load_master(master_2026)
    folder = tmp_path_factory.mktemp("returns")
    units = list(dict.fromkeys(t.lead for t in plan.tasks))[:4]
    write_sample_returns(plan, registry, folder, seed=8, defects={
        units[0]: ["invalid-percent", "formula-cell"], units[1]: ["truncated"], units[2]: ["legacy-xls"],
        units[3]: ["duplicate-task", "alias-unit"]})
    return collect_return_files([folder])


def test_pool_results_equal_sequential_results(batch: list[Path], master_2026: Path) -> None:
    plan, registry = load_master(master_2026)
    progressed: list[Path] = []
    sequential = list(validate_files(batch, plan, registry, workers=1))
    pooled = list(validate_files(batch, plan, registry, progress=progressed.append, workers=2))
    assert pooled == sequential
    assert progressed == batch
    assert {f.status.value for f in pooled} >= {"通过", "有错误", "无法读取"}


def test_a_batch_without_rows_reports_exactly_what_the_full_batch_reports(batch: list[Path],
                                                                         master_2026: Path) -> None:
    full = validate_paths([batch[0].parent], master_2026, workers=1)
    for workers in (1, 2):
        slim = validate_paths([batch[0].parent], master_2026, workers=workers, keep_rows=False)
        assert all(not f.rows for f in slim.files)
        assert slim.to_json() == full.to_json() and slim.findings == full.findings
        assert [(f.file, f.status, f.unit, f.sha256, f.rows_read) for f in slim.files] == [
            (f.file, f.status, f.unit, f.sha256, len(f.rows)) for f in full.files]
    assert any(f.rows_read for f in full.files)


def test_the_file_count_is_told_before_the_first_file_is_done(batch: list[Path], master_2026: Path) -> None:
    told: list[object] = []
    validate_paths([batch[0].parent], master_2026, progress=told.append, listed=told.append, keep_rows=False)
    assert told == [len(batch), *batch]


def test_a_pool_that_finished_the_batch_leaves_no_lookups_to_build_here(
        batch: list[Path], master_2026: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan, registry = load_master(master_2026)
    built: list[object] = []
    real = return_validation.Lookups.build
    monkeypatch.setattr(return_validation.Lookups, "build", lambda *args: built.append(args) or real(*args))
    assert len(list(validate_files(batch, plan, registry, workers=2))) == len(batch)
    assert built == []  # the workers built theirs (in their own memory); this process needed none
    assert len(list(validate_files(batch, plan, registry, workers=1))) == len(batch) and len(built) == 1


def test_small_batches_stay_in_process_and_large_ones_use_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(return_validation.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert return_validation._worker_count(return_validation.PARALLEL_MIN_FILES - 1) == 1
    assert return_validation._worker_count(5000) == 2


def test_a_broken_pool_finishes_the_batch_in_process(batch: list[Path], master_2026: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    class BrokenPool:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise BrokenProcessPool("no processes here")

    plan, registry = load_master(master_2026)
    expected = list(validate_files(batch, plan, registry, workers=1))
    monkeypatch.setattr(return_validation, "ProcessPoolExecutor", BrokenPool)
    assert list(validate_files(batch, plan, registry, workers=2)) == expected
    assert validate_paths([batch[0].parent], master_2026, workers=2).files == tuple(expected)
