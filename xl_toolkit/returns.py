"""A unit's return as read: its rows, normalised, each with provenance and its findings."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .findings import Finding, Severity
from .models import Role, Status
from .record_pickling import pickled, trusted


class FileStatus(StrEnum):
    """Outcome of reading one returned file."""

    OK = "通过"
    WITH_ERRORS = "有错误"
    UNREADABLE = "无法读取"


class ReturnRow(BaseModel):
    """One task row of a return, normalised (canonical unit, task number as text, status and percent parsed)."""

    model_config = ConfigDict(frozen=True)

    file: str
    sheet: str
    row: int = Field(ge=1, description="Excel row number")
    unit: str = Field(description="Canonical submitting unit")
    task: str = Field(description="Task number as text, e.g. 12")
    role: Role | None = None
    task_text: str = ""
    progress: str = ""
    status: Status | None = None
    percent: float | None = Field(default=None, description="Completion in percent, 0–100")
    problems: str = ""
    next_steps: str = ""
    findings: tuple[Finding, ...] = ()

    @property
    def accepted(self) -> bool:
        """A row with no error-level finding is merged; one with an error is rejected."""
        return not self.findings or not any(f.severity is Severity.ERROR for f in self.findings)

    def __reduce__(self) -> tuple[Any, ...]:
        return pickled(self)


class ReturnFile(BaseModel):
    """One returned workbook: who sent it, its fingerprint, its rows and file-level findings."""

    model_config = ConfigDict(frozen=True)

    file: str = Field(description="File name as received")
    path: str = Field(default="", description="Path the file was read from")
    sha256: str = ""
    unit: str | None = Field(default=None, description="Canonical submitting unit, when determined")
    reported_on: dt.date | None = Field(default=None, description="填报日期 written in the return, when given")
    status: FileStatus = FileStatus.OK
    rows: tuple[ReturnRow, ...] = ()
    findings: tuple[Finding, ...] = Field(default=(), description="Findings not tied to one row (file, header, unit)")
    rows_read: int = Field(default=0, ge=0, description="Task rows read: len(rows), also once the rows are left out")

    @model_validator(mode="before")
    @classmethod
    def _count_rows(cls, data: Any) -> Any:
        if isinstance(data, dict) and "rows_read" not in data:
            return {**data, "rows_read": len(data.get("rows") or ())}
        return data

    @property
    def all_findings(self) -> tuple[Finding, ...]:
        """File-level findings followed by every row's findings."""
        return self.findings + tuple(f for row in self.rows for f in row.findings)

    def count(self, severity: Severity) -> int:
        """How many of the file's findings (its rows' included) are of a severity."""
        return sum(f.severity is severity for f in self.all_findings)

    @property
    def needs_action(self) -> bool:
        """Whether the clerk must do something: the file was not read, or it has an error or a warning."""
        return self.status is not FileStatus.OK or any(f.severity is not Severity.INFO for f in self.all_findings)

    def without_rows(self) -> ReturnFile:
        """The file as a batch keeps it when no rows are wanted: row findings move to `findings` (same order of
        `all_findings`), `rows_read` stays; a few hundred bytes instead of kilobytes per return."""
        if not self.rows:
            return self
        # what model_copy(update=…) gives, without its copy machinery (a consolidation drops the rows of most files)
        update = {"rows": (), "findings": self.all_findings}
        return trusted(ReturnFile, {**self.__dict__, **update}, self.__pydantic_fields_set__ | update.keys())

    def __reduce__(self) -> tuple[Any, ...]:
        return pickled(self)
