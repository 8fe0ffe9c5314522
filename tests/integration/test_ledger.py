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
