"""Findings: every problem validation reports, as a typed record pointing at one cell.

The finding codes are part of the interface; `xl_toolkit.rules.catalogue` defines each code's
severity, title and Chinese message template.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .record_pickling import pickled


class Severity(StrEnum):
    """How bad a finding is: errors keep a row out of consolidation; warnings and info do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The severity as a clerk reads it."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Finding(BaseModel):
    """One problem at one place: file, sheet, row (1-based as Excel shows it) and column letter."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(pattern=r"^[a-z]+(-[a-z]+)*$", description="Stable kebab-case code")
    severity: Severity
    message: str = Field(description="What is wrong, in Chinese")
    suggestion: str = Field(default="", description="What it should be, in Chinese, when known")
    file: str = ""
    sheet: str = ""
    row: int | None = Field(default=None, ge=1)
    column: str = Field(default="", pattern=r"^[A-Z]{0,3}$")
    task: str = ""
    unit: str = ""
    value: str = Field(default="", description="The offending cell value as text (inert, never a formula)")

    @property
    def cell(self) -> str:
        """The cell reference, e.g. F7, or the row or sheet when there is no single cell."""
        if self.column and self.row:
            return f"{self.column}{self.row}"
        return str(self.row or "")

    def __reduce__(self) -> tuple[Any, ...]:
        return pickled(self)

