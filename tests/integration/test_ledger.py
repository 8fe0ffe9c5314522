"""The submission ledger: resubmissions replace earlier returns in the master, the ledger keeps both, re-runs change nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xl_toolkit.consolidation import Consolidation, consolidate
from xl_toolkit.io.ledger import LedgerError, ledger_url, open_ledger
from xl_toolkit.models import Plan
from xl_toolkit.registry import UnitRegistry
from xl_toolkit.returns import ReturnFile, ReturnRow

TODAY = dt.date(2026, 6, 1)


def lead_return(plan: Plan, name: str, sha: str, progress: str) -> ReturnFile:
    task = plan.tasks[0]
    rows = (ReturnRow(file=name, sheet="任务进展", row=4, unit=task.lead, task=task.number, progress=progress),)
    return ReturnFile(file=name, sha256=sha, unit=task.lead, rows=rows)


def run(url: str, plan: Plan, registry: UnitRegistry, returns: list[ReturnFile], now: dt.datetime) -> Consolidation:
    with open_ledger(url) as ledger:
        arrivals = ledger.record(returns, now)
        return consolidate(plan, registry, returns, TODAY, arrivals=arrivals)


def test_a_corrected_return_replaces_the_first_in_the_master_and_the_ledger_keeps_both(
    tmp_path: Path, plan_2026: Plan, registry: UnitRegistry
) -> None:
    url = ledger_url(None, tmp_path / "汇总.xlsx")
    first = lead_return(plan_2026, "国家知识产权局.xlsx", "a" * 64, "初报进展")
    corrected = lead_return(plan_2026, "国家知识产权局（更正）.xlsx", "b" * 64, "更正后的进展")

    assert run(url, plan_2026, registry, [first], dt.datetime(2026, 5, 1, 9)).tasks[0].lead_progress == "初报进展"
    second = run(url, plan_2026, registry, [first, corrected], dt.datetime(2026, 5, 2, 9))

    assert second.tasks[0].lead_progress == "更正后的进展"
    assert [(f.file, f.superseded_by) for f in second.files if f.superseded_by] == [
        ("国家知识产权局.xlsx", "国家知识产权局（更正）.xlsx")]
    with open_ledger(url) as ledger:
        entries = ledger.entries("国家知识产权局")
    assert [(e.file_name, e.received_at, e.progress) for e in entries] == [
        ("国家知识产权局.xlsx", dt.datetime(2026, 5, 1, 9), ("初报进展",)),
        ("国家知识产权局（更正）.xlsx", dt.datetime(2026, 5, 2, 9), ("更正后的进展",)),
    ]
    assert (tmp_path / "汇总.ledger.db").is_file()


def test_consolidating_the_same_returns_again_changes_neither_ledger_nor_result(
    tmp_path: Path, plan_2026: Plan, registry: UnitRegistry
) -> None:
    url = ledger_url(tmp_path / "台账" / "ledger.db", tmp_path / "汇总.xlsx")
    returns = [lead_return(plan_2026, "甲.xlsx", "c" * 64, "进展")]
    once = run(url, plan_2026, registry, returns, dt.datetime(2026, 5, 1, 9))
    again = run(url, plan_2026, registry, returns, dt.datetime(2026, 5, 3, 9))
    assert again == once
    with open_ledger(url) as ledger:
        assert [(e.sha256, e.received_at) for e in ledger.entries()] == [("c" * 64, dt.datetime(2026, 5, 1, 9))]


def test_a_failed_consolidation_records_nothing(tmp_path: Path, plan_2026: Plan) -> None:
    url = ledger_url(None, tmp_path / "汇总.xlsx")
    with pytest.raises(OSError), open_ledger(url) as ledger:
        ledger.record([lead_return(plan_2026, "甲.xlsx", "d" * 64, "进展")], dt.datetime(2026, 5, 1))
        raise OSError("output locked")
    with open_ledger(url) as ledger:
        assert ledger.entries() == []


def test_ledger_url_accepts_a_path_or_an_sqlalchemy_url(tmp_path: Path) -> None:
    assert ledger_url("postgresql+psycopg://liaison@db/ledger", tmp_path / "o.xlsx") == "postgresql+psycopg://liaison@db/ledger"
    assert ledger_url(None, tmp_path / "out.xlsx") == f"sqlite:///{tmp_path.resolve() / 'out.ledger.db'}"


def test_an_unusable_ledger_url_is_a_chinese_error() -> None:
    with pytest.raises(LedgerError, match="无法打开报送台账"), open_ledger("nosuchdb://x/y"):
        pass


def test_recorded_rows_are_stored_as_sqlalchemy_stores_them(tmp_path: Path, plan_2026: Plan) -> None:
    import sqlite3

    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from xl_toolkit.findings import Finding, Severity
    from xl_toolkit.io import ledger as ledger_module
    from xl_toolkit.models import Role, Status

    error = Finding(code="invalid-status", severity=Severity.ERROR, message="完成状态无效")
    task = plan_2026.tasks[0]
    rows = (
        ReturnRow(file="甲.xlsx", sheet="任务进展", row=4, unit=task.lead, task=task.number, role=Role.LEAD,
                  progress="进展", status=Status.DONE, percent=100.0, problems="无", next_steps="继续"),
        ReturnRow(file="甲.xlsx", sheet="任务进展", row=5, unit=task.lead, task="999", percent=None,
                  findings=(error,)),
        ReturnRow(file="甲.xlsx", sheet="任务进展", row=6, unit=task.lead, task=task.number, role=Role.PARTICIPANT,
                  status=Status.BEHIND, percent=12.5),
    )
    now = dt.datetime(2026, 5, 1, 9, 30, 15, 250)
    recorded = tmp_path / "recorded.db"
    with open_ledger(f"sqlite:///{recorded}") as ledger:
        ledger.record([ReturnFile(file="甲.xlsx", sha256="e" * 64, unit=task.lead, rows=rows)], now)

    by_core = tmp_path / "core.db"
    with open_ledger(f"sqlite:///{by_core}") as ledger:
        session: Session = ledger._session
        session.execute(insert(ledger_module._SUBMISSIONS), [
            {"unit": task.lead, "file_name": "甲.xlsx", "sha256": "e" * 64, "received_at": now, "reported_on": None,
             "rows": 3}])
        session.execute(insert(ledger_module._SUBMISSION_ROWS), [
            {"submission_id": 1, "sheet": r.sheet, "row": r.row, "unit": r.unit, "task": r.task,
             "role": r.role.value if r.role else None, "progress": r.progress,
             "status": r.status.value if r.status else None, "percent": r.percent, "problems": r.problems,
             "next_steps": r.next_steps, "accepted": r.accepted} for r in rows])

    def stored(path: Path) -> list[tuple[object, ...]]:
        with sqlite3.connect(path) as db:
            columns = [c[1] for c in db.execute("PRAGMA table_info(submission_rows)")]
            values = ", ".join(f'"{c}", typeof("{c}")' for c in columns)
            return db.execute(f"SELECT {values} FROM submission_rows ORDER BY id").fetchall()

    assert len(stored(recorded)) == 3
    assert stored(recorded) == stored(by_core)
