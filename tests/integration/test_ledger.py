"""The submission ledger: resubmissions replace earlier returns in the master, the ledger keeps both, re-runs change nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)


@st.composite
def recorded_returns(draw: st.DrawFn) -> list[ReturnFile]:
    """Returns with distinct SHA-256 whose rows vary in every column the ledger stores."""
    from xl_toolkit.findings import Finding, Severity
    from xl_toolkit.models import Role, Status

    error = Finding(code="invalid-status", severity=Severity.ERROR, message="完成状态无效")
    warning = Finding(code="unknown-task", severity=Severity.WARNING, message="序号")
    files = []
    for index in range(draw(st.integers(1, 3))):
        name = draw(TEXTS) + ".xlsx"
        rows = tuple(
            ReturnRow(file=name, sheet=draw(TEXTS), row=draw(st.integers(1, 10**6)), unit=draw(TEXTS), task=draw(TEXTS),
                      role=draw(st.none() | st.sampled_from(Role)), progress=draw(TEXTS),
                      status=draw(st.none() | st.sampled_from(Status)),
                      percent=draw(st.none() | st.integers(0, 100) | st.floats(0, 100)), problems=draw(TEXTS),
                      next_steps=draw(TEXTS), findings=draw(st.sampled_from([(), (warning,), (error,), (warning, error)])))
            for _ in range(draw(st.integers(0, 4))))
        files.append(ReturnFile(file=name, sha256=f"{index:064x}", unit=draw(st.none() | TEXTS), rows=rows,
                                reported_on=draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)))))
    return files


def stored_tables(connection: object) -> dict[str, list[tuple[object, ...]]]:
    """Every row of both ledger tables with each value's SQLite storage class."""
    execute = connection.exec_driver_sql  # type: ignore[attr-defined]
    tables = {}
    for table in ("submissions", "submission_rows"):
        columns = [c[1] for c in execute(f"PRAGMA table_info({table})")]
        values = ", ".join(f'"{c}", typeof("{c}")' for c in columns)
        tables[table] = [tuple(r) for r in execute(f"SELECT {values} FROM {table} ORDER BY id")]
    return tables


@given(recorded_returns(), st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1)))
def test_any_recorded_returns_are_stored_as_sqlalchemy_core_inserts_store_them(
        returns: list[ReturnFile], now: dt.datetime) -> None:
    """`record` hands the driver its own tuples (processors that change nothing SQLite stores are skipped): the
    tables hold what SQLAlchemy's inserts with every bind processor give."""
    from sqlalchemy import insert, select

    from xl_toolkit.io import ledger as ledger_module

    with open_ledger("sqlite://") as ledger:
        ledger.record(returns, now)
        recorded = stored_tables(ledger._session.connection())
    with open_ledger("sqlite://") as ledger:
        session = ledger._session
        session.execute(insert(ledger_module._SUBMISSIONS), [
            {"unit": f.unit, "file_name": f.file, "sha256": f.sha256, "received_at": now,
             "reported_on": f.reported_on, "rows": len(f.rows)} for f in returns])
        ids = dict(session.execute(select(ledger_module._Submission.sha256, ledger_module._Submission.id)).all())
        rows = [{"submission_id": ids[f.sha256], "sheet": r.sheet, "row": r.row, "unit": r.unit, "task": r.task,
                 "role": r.role.value if r.role else None, "progress": r.progress,
                 "status": r.status.value if r.status else None, "percent": r.percent, "problems": r.problems,
                 "next_steps": r.next_steps, "accepted": r.accepted} for f in returns for r in f.rows]
        if rows:
            session.execute(insert(ledger_module._SUBMISSION_ROWS), rows)
        by_core = stored_tables(session.connection())
    assert recorded == by_core
    assert len(recorded["submission_rows"]) == sum(len(f.rows) for f in returns)


class _Driver:
    """Stands in for a connection: keeps what would reach the driver."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def exec_driver_sql(self, statement: str, parameters: object) -> None:
        self.calls.append((statement, parameters))


@pytest.mark.parametrize("dialect_name", ["sqlite", "postgresql+psycopg", "postgresql+psycopg2", "mysql+mysqldb",
                                          "oracle+oracledb", "mssql+pyodbc"])
def test_each_dialects_driver_receives_what_sqlalchemys_executemany_sends_it(dialect_name: str) -> None:
    """For every paramstyle (named or positional), the compiled inserts send the driver the statement and the
    parameters SQLAlchemy's execution context builds for an executemany of the same rows (its own recipe:
    construct_params, then each bind processor, in the statement's order)."""
    from sqlalchemy import insert
    from sqlalchemy.engine import make_url

    from xl_toolkit.io import ledger as ledger_module

    dialect = make_url(f"{dialect_name}://").get_dialect()()
    submissions = [("甲局", "甲.xlsx", "a" * 64, dt.datetime(2026, 5, 1, 9, 30, 15, 250), dt.date(2026, 4, 30), 2),
                   (None, "乙.xlsx", "b" * 64, dt.datetime(2026, 5, 1, 9), None, 0)]
    rows = [(1, "任务进展", 4, "甲局", "12", "牵头", "进展", "已完成", 100.0, "无", "继续", True),
            (1, "任务进展", 5, "甲局", "13", None, "", None, None, "", "", False),
            (2, "参与任务", 6, "乙部", "7", "参与", "a&b", "推进中", 12, "", "", True)]
    for table, columns, values in ((ledger_module._SUBMISSIONS, ledger_module._SUBMISSION_COLUMNS, submissions),
                                   (ledger_module._SUBMISSION_ROWS, ledger_module._ROW_COLUMNS, rows)):
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns), for_executemany=True)
        processors = dict(compiled._bind_processors)
        if dialect.driver == "pysqlite":  # left out: SQLite stores a bool or an int as these make them (test above)
            for key in columns:
                if isinstance(table.c[key].type, ledger_module._SQLITE_STORES_AS_GIVEN):
                    processors.pop(key, None)
        expected = []
        for row in values:
            params = compiled.construct_params(dict(zip(columns, row, strict=True)))
            processed = {key: processors[key](value) if key in processors else value for key, value in params.items()}
            expected.append(tuple(processed[key] for key in compiled.positiontup) if compiled.positional
                            else {compiled.escaped_bind_names.get(k, k): v for k, v in processed.items()})
        driver = _Driver()
        ledger_module._Insert.compile(table, columns, dialect).execute(driver, values)  # type: ignore[arg-type]
        [(statement, sent)] = driver.calls
        assert statement == str(compiled)
        assert "RETURNING" not in statement and "OUTPUT" not in statement  # an executemany returns nothing
        assert list(sent) == expected  # type: ignore[call-overload]
