"""The submission ledger: every return ever consolidated, with its rows, in SQLite beside the output or any SQLAlchemy URL.

A return is identified by its SHA-256: the same bytes sent again are the same submission (idempotent).
All writes of one consolidation happen in one transaction, committed only when the output is in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    create_engine,
    insert,
    select,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from ..returns import ReturnFile

#: SHA-256 values per IN (…) look-up: well under every backend's limit on bound parameters.
_LOOKUP_CHUNK = 500


class LedgerError(RuntimeError):
    """The ledger cannot be opened (bad URL, unreachable server, unwritable file); the message is for the clerk."""


class _Base(DeclarativeBase):
    pass


class _Submission(_Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str | None] = mapped_column(String(200), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    rows: Mapped[int] = mapped_column(Integer)
    row_records: Mapped[list[_SubmissionRow]] = relationship(back_populates="submission", order_by="_SubmissionRow.id")


class _SubmissionRow(_Base):
    __tablename__ = "submission_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    sheet: Mapped[str] = mapped_column(String(200))
    row: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(200))
    task: Mapped[str] = mapped_column(String(50), index=True)
    role: Mapped[str | None] = mapped_column(String(10))
    progress: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(10))
    percent: Mapped[float | None] = mapped_column(Float)
    problems: Mapped[str] = mapped_column(Text)
    next_steps: Mapped[str] = mapped_column(Text)
    accepted: Mapped[bool] = mapped_column(Boolean)
    submission: Mapped[_Submission] = relationship(back_populates="row_records")


_SUBMISSIONS: Table = _Submission.__table__  # type: ignore[assignment]
_SUBMISSION_ROWS: Table = _SubmissionRow.__table__  # type: ignore[assignment]
#: The columns `Ledger.record` fills in each table, in the order of its value tuples.
_SUBMISSION_COLUMNS = ("unit", "file_name", "sha256", "received_at", "reported_on", "rows")
_ROW_COLUMNS = ("submission_id", "sheet", "row", "unit", "task", "role", "progress", "status", "percent", "problems",
                "next_steps", "accepted")
#: Column types whose bind processor does not change what Python's sqlite3 driver stores: it binds a bool as the
#: integer Boolean's processor makes of it, and a FLOAT column (REAL affinity) stores an int as the real that
#: Float's processor makes of it.
_SQLITE_STORES_AS_GIVEN = (Boolean, Float)


class LedgerEntry(BaseModel):
    """One submission as the ledger holds it."""

    model_config = ConfigDict(frozen=True)

    unit: str | None
    file_name: str
    sha256: str
    received_at: dt.datetime
    reported_on: dt.date | None
    rows: int
    tasks: tuple[str, ...] = ()
    progress: tuple[str, ...] = ()


def ledger_url(ledger: str | Path | None, output: Path) -> str:
    """The ledger's SQLAlchemy URL: given as a URL, as a path to an SQLite file, or `<output stem>.ledger.db` beside the output."""
    if ledger is None:
        return f"sqlite:///{output.resolve().with_name(f'{output.stem}.ledger.db')}"
    text = str(ledger)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).resolve()}"


@dataclass(frozen=True)
class _Insert:
    """An INSERT into one table as one dialect's driver takes it: SQL text, each column's bind processor (in the
    order of the value tuples; None where there is none or it changes nothing the driver stores), and for a
    positional paramstyle the order of the columns in the statement."""

    statement: str
    columns: tuple[str, ...]
    processors: list[Callable[[Any], Any] | None]
    order: list[int] | None

    @classmethod
    def compile(cls, table: Table, columns: tuple[str, ...], dialect: Dialect) -> _Insert:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns), for_executemany=True)
        as_given = _SQLITE_STORES_AS_GIVEN if dialect.driver == "pysqlite" else ()
        processors: list[Callable[[Any], Any] | None] = [
            None if isinstance(table.c[key].type, as_given) else
            table.c[key].type.dialect_impl(dialect).bind_processor(dialect) for key in columns]
        order = [columns.index(key) for key in compiled.positiontup or ()] if compiled.positional else None
        return cls(str(compiled), columns, processors, order)

    def execute(self, connection: Connection, rows: list[tuple[object, ...]]) -> None:
        """Insert rows (value tuples in `columns` order) with one executemany through the driver."""
        if self.order == list(range(len(self.columns))) and not any(self.processors):
            # nothing to process, columns in the statement's order: the tuples are what the lines below would build
            connection.exec_driver_sql(self.statement, rows)
            return
        values = [values if process is None else [process(v) for v in values]
                  for values, process in zip(zip(*rows, strict=True), self.processors, strict=True)]
        if self.order is None:  # a named paramstyle: the bind names are the column keys
            connection.exec_driver_sql(self.statement,
                                       [dict(zip(self.columns, row, strict=True)) for row in zip(*values)])
        else:
            connection.exec_driver_sql(self.statement, list(zip(*(values[i] for i in self.order))))


class Ledger:
    """A session on the ledger: record the returns of one consolidation, look submissions up by index."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._inserts: dict[str, _Insert] = {}

    def record(self, returns: Sequence[ReturnFile], now: dt.datetime) -> dict[str, dt.datetime]:
        """Add every return not yet in the ledger; returns each return's first arrival time by SHA-256.

        Two bulk inserts (submissions, then all their rows) and chunked look-ups by the indexed SHA-256, so a round
        of thousands of returns costs a few statements, not one per row.
        """
        by_sha = {r.sha256: r for r in returns if r.sha256}
        known: dict[str, dt.datetime] = dict(self._submissions(list(by_sha), _Submission.received_at))
        new = {sha: r for sha, r in by_sha.items() if sha not in known}
        if new:
            self._insert(_SUBMISSIONS, _SUBMISSION_COLUMNS, [
                (r.unit, r.file, sha, now, r.reported_on, len(r.rows)) for sha, r in new.items()])
            ids: dict[str, int] = dict(self._submissions(list(new), _Submission.id))
            # `_value_` is an enum's `value` without the property's descriptor call: building a row's tuple costs a
            # third of what SQLite takes to store it, so each step per value counts
            self._insert(_SUBMISSION_ROWS, _ROW_COLUMNS, [
                (submission, r.sheet, r.row, r.unit, r.task, r.role and r.role._value_, r.progress,
                 r.status and r.status._value_, r.percent, r.problems, r.next_steps, r.accepted)
                for sha, return_file in new.items() for submission in (ids[sha],) for r in return_file.rows
            ])
            known.update(dict.fromkeys(new, now))
        return known

    def _insert(self, table: Table, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
        """Insert rows (values in `columns` order) with one executemany through the driver, in the session's
        transaction: the INSERT compiled once for the dialect, each column through its type's bind processor, so the
        driver stores what `session.execute(insert(...), dicts)` makes it store, without SQLAlchemy's per-row
        handling of executemany parameters (that cost more than SQLite's insert itself)."""
        if not rows:
            return
        connection = self._session.connection()
        statement = self._inserts.get(table.name)
        if statement is None:
            statement = self._inserts[table.name] = _Insert.compile(table, columns, connection.dialect)
        statement.execute(connection, rows)

    def _submissions(self, shas: Sequence[str], column: Any) -> Iterator[tuple[str, Any]]:
        """(sha256, `column`) of the submissions among `shas`, looked up by index in chunks."""
        for start in range(0, len(shas), _LOOKUP_CHUNK):
            chunk = shas[start:start + _LOOKUP_CHUNK]
            query = select(_Submission.sha256, column).where(_Submission.sha256.in_(chunk))
            yield from self._session.execute(query)

    def entries(self, unit: str | None = None) -> list[LedgerEntry]:
        """Every submission (of one unit when given), oldest first."""
        query = select(_Submission).order_by(_Submission.received_at, _Submission.id)
        if unit is not None:
            query = query.where(_Submission.unit == unit)
        return [
            LedgerEntry(
                unit=s.unit, file_name=s.file_name, sha256=s.sha256, received_at=s.received_at,
                reported_on=s.reported_on, rows=s.rows, tasks=tuple(r.task for r in s.row_records),
                progress=tuple(r.progress for r in s.row_records),
            )
            for s in self._session.scalars(query)
        ]


@contextmanager
def open_ledger(url: str) -> Iterator[Ledger]:
    """A ledger in one transaction: committed when the block ends normally, rolled back on any error."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url)
        _Base.metadata.create_all(engine)
    except (SQLAlchemyError, ImportError) as error:
        raise LedgerError(f"无法打开报送台账“{url}”：{error}") from error
    try:
        with Session(engine) as session, session.begin():
            yield Ledger(session)
    finally:
        engine.dispose()
