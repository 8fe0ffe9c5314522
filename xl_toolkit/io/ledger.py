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
from sqlalchemy.engine import Dialect
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
#: The columns `Ledger._insert_rows` fills, in the order of its value tuples.
_ROW_COLUMNS = ("submission_id", "sheet", "row", "unit", "task", "role", "progress", "status", "percent", "problems",
                "next_steps", "accepted")


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
class _RowInsert:
    """The INSERT of submission rows as one dialect's driver takes it: SQL text, each column's bind processor
    (in `_ROW_COLUMNS` order), and for a positional paramstyle the order of the columns in the statement."""

    statement: str
    processors: list[Callable[[Any], Any] | None]
    order: list[int] | None

    @classmethod
    def compile(cls, dialect: Dialect) -> _RowInsert:
        compiled = insert(_SUBMISSION_ROWS).compile(dialect=dialect, column_keys=list(_ROW_COLUMNS))
        processors: list[Callable[[Any], Any] | None] = [
            _SUBMISSION_ROWS.c[key].type.dialect_impl(dialect).bind_processor(dialect) for key in _ROW_COLUMNS]
        order = [_ROW_COLUMNS.index(key) for key in compiled.positiontup or ()] if compiled.positional else None
        return cls(str(compiled), processors, order)


class Ledger:
    """A session on the ledger: record the returns of one consolidation, look submissions up by index."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._row_insert: _RowInsert | None = None

    def record(self, returns: Sequence[ReturnFile], now: dt.datetime) -> dict[str, dt.datetime]:
        """Add every return not yet in the ledger; returns each return's first arrival time by SHA-256.

        Two bulk inserts (submissions, then all their rows) and chunked look-ups by the indexed SHA-256, so a round
        of thousands of returns costs a few statements, not one per row.
        """
        by_sha = {r.sha256: r for r in returns if r.sha256}
        known = {sha: received for sha, _, received in self._submissions(list(by_sha))}
        new = {sha: r for sha, r in by_sha.items() if sha not in known}
        if new:
            # Core inserts of the tables (one executemany each): ORM bulk inserts batch SQLite rows 5× slower.
            self._session.execute(insert(_SUBMISSIONS), [
                {"unit": r.unit, "file_name": r.file, "sha256": sha, "received_at": now, "reported_on": r.reported_on,
                 "rows": len(r.rows)}
                for sha, r in new.items()
            ])
            ids = {sha: id_ for sha, id_, _ in self._submissions(list(new))}
            self._insert_rows([
                (ids[sha], r.sheet, r.row, r.unit, r.task, r.role.value if r.role else None, r.progress,
                 r.status.value if r.status else None, r.percent, r.problems, r.next_steps, r.accepted)
                for sha, return_file in new.items() for r in return_file.rows
            ])
            known.update(dict.fromkeys(new, now))
        return known

    def _insert_rows(self, rows: Sequence[tuple[object, ...]]) -> None:
        """Insert submission rows (values in `_ROW_COLUMNS` order) with one executemany through the driver.

        SQLAlchemy's per-row handling of executemany parameters cost more than SQLite's insert itself; here the
        INSERT is compiled once for the dialect and each column goes through its type's bind processor, so the
        driver receives what `session.execute(insert(...), dicts)` sends it, in the same transaction.
        """
        if not rows:
            return
        connection = self._session.connection()
        if self._row_insert is None:
            self._row_insert = _RowInsert.compile(connection.dialect)
        insert_ = self._row_insert
        columns = [values if process is None else [process(v) for v in values]
                   for values, process in zip(zip(*rows, strict=True), insert_.processors, strict=True)]
        if insert_.order is None:  # a named paramstyle: the bind names are the column keys
            connection.exec_driver_sql(insert_.statement,
                                       [dict(zip(_ROW_COLUMNS, row, strict=True)) for row in zip(*columns)])
        else:
            connection.exec_driver_sql(insert_.statement, list(zip(*(columns[i] for i in insert_.order))))

    def _submissions(self, shas: Sequence[str]) -> Iterator[tuple[str, int, dt.datetime]]:
        """(sha256, id, received_at) of the submissions among `shas`, looked up by index in chunks."""
        for start in range(0, len(shas), _LOOKUP_CHUNK):
            chunk = shas[start:start + _LOOKUP_CHUNK]
            query = select(_Submission.sha256, _Submission.id, _Submission.received_at)
            yield from self._session.execute(query.where(_Submission.sha256.in_(chunk)))

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
