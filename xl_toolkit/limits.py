"""Limits on what one return may hold, so a hostile or broken file is refused before it costs memory or time.

Defaults suit real returns (a few hundred rows, well under 1 MB); each can be changed per run with an
environment variable (see `ENVIRONMENT` and SECURITY.md), which the CLI, the Excel layer and worker
processes all inherit.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

MB = 1024 * 1024


class Limits(BaseModel):
    """What a return may hold before it is refused unread."""

    model_config = ConfigDict(frozen=True)

    max_file_bytes: int = Field(default=20 * MB, gt=0, description="Size of the file as sent")
    max_unpacked_bytes: int = Field(default=100 * MB, gt=0, description="Sum of its parts once decompressed")
    max_ratio: float = Field(default=500.0, gt=1, description="Decompressed/compressed size of a part over 1 MB")
    max_parts: int = Field(default=2000, gt=0, description="Entries in the archive")
    max_rows: int = Field(default=5000, gt=0, description="Rows of one sheet (a real return has under 200)")
    max_columns: int = Field(default=200, gt=0, description="Columns of one sheet")


#: Limit → (environment variable, unit it is given in).
ENVIRONMENT: dict[str, tuple[str, int]] = {
    "max_file_bytes": ("XLT_MAX_FILE_MB", MB),
    "max_unpacked_bytes": ("XLT_MAX_UNPACKED_MB", MB),
    "max_ratio": ("XLT_MAX_RATIO", 1),
    "max_parts": ("XLT_MAX_PARTS", 1),
    "max_rows": ("XLT_MAX_ROWS", 1),
    "max_columns": ("XLT_MAX_COLUMNS", 1),
}


def current_limits(environ: Mapping[str, str] | None = None) -> Limits:
    """The defaults, overridden by any XLT_MAX_* variable set; raises ValueError (Chinese) for a bad value."""
    env = os.environ if environ is None else environ
    return _limits(tuple(env.get(variable, "") for variable, _ in ENVIRONMENT.values()))


@lru_cache(maxsize=16)
def _limits(texts: tuple[str, ...]) -> Limits:
    """The limits for the XLT_MAX_* values as written (in ENVIRONMENT order), built once per distinct setting."""
    values: dict[str, float] = {}
    for (field, (variable, unit)), raw in zip(ENVIRONMENT.items(), texts, strict=True):
        text = raw.strip()
        if not text:
            continue
        try:
            number = float(text) * unit
        except ValueError:
            raise ValueError(f"环境变量 {variable} 应为正数：{text}") from None
        if number <= 0:
            raise ValueError(f"环境变量 {variable} 应为正数：{text}")
        values[field] = number if field == "max_ratio" else int(number)
    return Limits.model_validate(values)
