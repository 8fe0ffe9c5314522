"""`xlt consolidate` on the demo set: every 2026 return filled by the sample helper, consolidated end to end."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from xl_toolkit.assignments import assignments
from xl_toolkit.cli import app
from xl_toolkit.consolidation import consolidate as consolidate_returns
from xl_toolkit.io.ledger import ledger_url, open_ledger
from xl_toolkit.io.master import load_master
from xl_toolkit.io.samples import write_sample_returns
from xl_toolkit.models import Plan, Role
from xl_toolkit.registry import UnitRegistry
from xl_toolkit.services import consolidation as consolidation_service
from xl_toolkit.services.return_validation import collect_return_files, validate_files, validate_paths

REPO_ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-12-10"
runner = CliRunner()


@pytest.fixture(scope="module")
def master(master_2026: Path) -> tuple[Path, Plan, UnitRegistry]:
    plan, registry = load_master(master_2026)
    return master_2026, plan, registry


def consolidate(returns: Path, master: Path, out: Path, *extra: str) -> dict[str, object]:
    summary = out.with_suffix(".json")
    result = runner.invoke(app, ["consolidate", str(returns), "--master", str(master), "-o", str(out),
                                 "--json", str(summary), "--today", TODAY, *extra])
    assert result.exit_code == 0, result.output
    assert "共 106 项任务" in result.output
    loaded: dict[str, object] = json.loads(summary.read_text(encoding="utf-8"))
    return loaded


def sheet_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


def test_demo_set_merges_every_return_into_106_tasks_with_each_leads_progress_in_its_row(
    master: tuple[Path, Plan, UnitRegistry], tmp_path: Path
) -> None:
    master_path, plan, registry = master
    write_sample_returns(plan, registry, tmp_path / "returns")
    summary = consolidate(tmp_path / "returns", master_path, tmp_path / "out" / "汇总.xlsx")

    owed = sum(len(tasks) for tasks in assignments(plan, registry).values())
    assert summary["tasks"] == 106 and summary["missing_units"] == []
    assert summary["rows_in"] == owed == summary["rows_merged"] + summary["rows_rejected"]  # type: ignore[operator]
    assert all(f["rows_read"] == f["rows_merged"] + f["rows_rejected"] + f["rows_superseded"]
               for f in summary["files"])  # type: ignore[union-attr, index]

    lead_rows = {
        (row.task): row.progress
        for file in validate_paths([tmp_path / "returns"], master_path).files
        for row in file.rows if row.accepted and plan.task(row.task) and row.unit == plan.task(row.task).lead  # type: ignore[union-attr]
    }
    values = sheet_values(tmp_path / "out" / "汇总.xlsx")
    summary_rows = values["汇总"][1:]
    assert len(summary_rows) == 106
    assert {str(r[0]): r[5] for r in summary_rows} == {t.number: lead_rows[t.number] for t in plan.tasks}
    assert len(values["明细"]) - 1 == summary["rows_merged"]


def test_withheld_and_defective_returns_show_as_missing_and_rejected_with_exact_conservation(
    master: tuple[Path, Plan, UnitRegistry], tmp_path: Path
) -> None:
    master_path, plan, registry = master
    owed = assignments(plan, registry)
    withheld = ["司法部", "商务部", "中国科协"]
    write_sample_returns(plan, registry, tmp_path / "returns", seed=3, withhold=withheld,
                         defects={"国家知识产权局": ["invalid-status", "unknown-task"]})
    summary = consolidate(tmp_path / "returns", master_path, tmp_path / "汇总.xlsx")

    assert sorted(summary["missing_units"]) == sorted(withheld)  # type: ignore[arg-type]
    assert summary["rows_rejected"] >= 2  # type: ignore[operator]
    assert summary["rows_in"] == summary["rows_merged"] + summary["rows_rejected"]  # type: ignore[operator]
    values = sheet_values(tmp_path / "汇总.xlsx")
    missing = {(r[0], str(r[1])) for r in values["未报送"][1:] if r[4] == "未报送"}
    assert missing == {(unit, task.number) for unit in withheld for task, _ in owed[unit]}
    codes = {r[6] for r in values["问题清单"][1:]}
    assert {"invalid-status"} <= codes
    rejected_cells = {(r[0], r[2]) for r in values["问题清单"][1:] if r[5] == "错误"}
    detail_cells = {(r[8], str(r[10])) for r in values["明细"][1:]}
    assert not {(f, "".join(ch for ch in c if ch.isdigit())) for f, c in rejected_cells} & detail_cells


def test_streamed_consolidation_equals_consolidating_every_full_return(
    master: tuple[Path, Plan, UnitRegistry], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    master_path, plan, registry = master
    units = list(assignments(plan, registry))[:6]
    returns = tmp_path / "returns"
    for seed in range(3):  # three rounds of the same units: each unit's later copies supersede earlier ones
        for path in write_sample_returns(plan, registry, tmp_path / f"set{seed}", seed=seed,
                                         withhold=set(plan.units) - set(units)).values():
            returns.mkdir(exist_ok=True)
            shutil.copy(path, returns / f"{seed}_{path.name}")
    monkeypatch.setattr(consolidation_service, "LEDGER_CHUNK", 4)  # several ledger chunks
    monkeypatch.setattr(consolidation_service, "LEDGER_LAST_CHUNK", 2)  # and smaller ones towards the end
    today = dt.date(2026, 12, 10)
    told: list[object] = []
    streamed = consolidation_service.consolidate_paths([returns], master_path, tmp_path / "a.xlsx", today=today,
                                                        progress=told.append, listed=told.append)
    inputs = collect_return_files([returns])
    assert told == [len(inputs), *inputs]  # the count first (for the progress bar), then each file once done
    full = list(validate_files(inputs, plan, registry))
    with open_ledger(ledger_url(None, tmp_path / "a.xlsx")) as ledger:
        arrivals = {e.sha256: e.received_at for e in ledger.entries()}
    assert streamed == consolidate_returns(plan, registry, full, today, arrivals=arrivals)
    assert streamed.rows_superseded > 0


def test_a_corrected_return_replaces_the_first_and_the_ledger_keeps_both_and_a_rerun_changes_nothing(
    master: tuple[Path, Plan, UnitRegistry], tmp_path: Path
) -> None:
    master_path, plan, registry = master
    unit = next(u for u, tasks in assignments(plan, registry).items() if any(r is Role.LEAD for _, r in tasks))
    returns, out = tmp_path / "returns", tmp_path / "out" / "汇总.xlsx"
    first = write_sample_returns(plan, registry, returns, seed=0, layouts={unit: "template"})[unit]
    consolidate(returns, master_path, out)

    corrected_dir = tmp_path / "corrected"
    corrected = write_sample_returns(plan, registry, corrected_dir, seed=11, layouts={unit: "template"})[unit]
    time.sleep(0.01)
    shutil.copy(corrected, returns / f"{first.stem}（更正）.xlsx")
    before, after = (
        {r.task: r.progress for r in validate_paths([p], master_path).files[0].rows} for p in (first, corrected)
    )
    assert before != after, "the corrected return must differ to show anything"
    summary = consolidate(returns, master_path, out)

    detail = [r for r in sheet_values(out)["明细"][1:] if r[1] == unit]
    assert {r[8] for r in detail} == {f"{first.stem}（更正）.xlsx"}
    assert {str(r[0]): r[3] or "" for r in detail} == after
    assert [f["superseded_by"] for f in summary["files"] if f["file"] == first.name] == [  # type: ignore[union-attr, index]
        f"{first.stem}（更正）.xlsx"]
    with open_ledger(ledger_url(None, out)) as ledger:
        assert [e.file_name for e in ledger.entries(unit)] == [first.name, f"{first.stem}（更正）.xlsx"]
        entries = ledger.entries()

    workbook = sheet_values(out)
    assert consolidate(returns, master_path, out) == summary
    assert sheet_values(out) == workbook
    with open_ledger(ledger_url(None, out)) as ledger:
        assert ledger.entries() == entries


_SLOW_SAVE = """
import sys, time, zipfile
from pathlib import Path
original = zipfile.ZipFile.writestr
written = []
def slow_writestr(self, *args, **kwargs):
    original(self, *args, **kwargs)
    written.append(args[0])
    if len(written) == 4:
        self.fp.flush()
        Path(sys.argv[4]).write_text("mid-write")
        time.sleep(60)
zipfile.ZipFile.writestr = slow_writestr
import datetime as dt
from xl_toolkit.services.consolidation import consolidate_paths
consolidate_paths([Path(sys.argv[1])], Path(sys.argv[2]), Path(sys.argv[3]), today=dt.date(2026, 12, 10))
"""


def test_killed_while_writing_the_previous_output_stays_whole_and_the_ledger_unchanged(
    master: tuple[Path, Plan, UnitRegistry], tmp_path: Path
) -> None:
    master_path, plan, registry = master
    returns, out, marker = tmp_path / "returns", tmp_path / "out" / "汇总.xlsx", tmp_path / "marker"
    write_sample_returns(plan, registry, returns, withhold=["司法部"])
    consolidate(returns, master_path, out)
    previous = out.read_bytes()
    with open_ledger(ledger_url(None, out)) as ledger:
        entries = ledger.entries()
    write_sample_returns(plan, registry, tmp_path / "late", seed=5)
    shutil.copy(tmp_path / "late" / next(p.name for p in (tmp_path / "late").iterdir() if "司法部" in p.name),
                returns)

    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen([sys.executable, "-c", _SLOW_SAVE, str(returns), str(master_path), str(out),
                                str(marker)], env=env)
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert process.poll() is None and time.monotonic() < deadline, "never reached the write"
            time.sleep(0.05)
        partial = [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]
        assert partial and partial[0].stat().st_size > 0, "the temporary file is being written"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    assert out.read_bytes() == previous
    assert len(sheet_values(out)["汇总"]) == 107
    with open_ledger(ledger_url(None, out)) as ledger:
        assert ledger.entries() == entries


def test_objects_kept_out_of_garbage_collection_during_the_run_are_released_after_it(
    master: tuple[Path, Plan, UnitRegistry], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    master_path, plan, registry = master
    returns = tmp_path / "returns"
    write_sample_returns(plan, registry, returns, withhold=set(plan.units) - set(list(plan.units)[:2]))
    frozen_during: list[int] = []
    real = consolidation_service.consolidate_paths

    def consolidate_paths(*args: object, **kwargs: object) -> object:
        frozen_during.append(gc.get_freeze_count())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(consolidation_service, "consolidate_paths", consolidate_paths)  # as the command loads it
    before = gc.get_freeze_count()
    consolidate(returns, master_path, tmp_path / "汇总.xlsx")
    assert frozen_during[0] > before
    assert gc.get_freeze_count() == before
