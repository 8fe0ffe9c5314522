"""Keeping untrusted text inert: detect text a spreadsheet would evaluate, and escape it before writing it on."""

from __future__ import annotations

import re

# After a leading + - or @, a spreadsheet evaluates: a function call, a cell reference, arithmetic, or DDE (cmd|…).
_AFTER_SIGN = re.compile(
    r"""^[+\-@]\s*(?:
        [A-Za-z_][A-Za-z0-9_.]*\s*\(          # SUM( HYPERLINK( cmd(
      | \$?[A-Za-z]{1,3}\$?\d+\b              # A1 $B$2
      | [\d.]+\s*[-+*/^&%]                    # 1+1 86-10
      | [A-Za-z0-9_.'"\\/:\ ]*\|              # cmd|' /C calc'!A0
    )""",
    re.VERBOSE,
)

#: Prefix written before formula-like text: Excel and LibreOffice show it as a plain character, never evaluate.
ESCAPE_PREFIX = "'"


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would evaluate this text when typed, pasted or read from CSV.

    `=…` always is; `+`, `-`, `@` only when a formula follows (`+1+1`, `@SUM(A1)`, `-cmd|…`), so ordinary
    text that starts with a dash (`-完成调研`) or a signed number (`-5`) is not.
    """
    stripped = text.lstrip(" \t\r\n")
    if not stripped:
        return False
    if stripped[0] == "=":
        return len(stripped) > 1
    return stripped[0] in "+-@" and _AFTER_SIGN.match(stripped) is not None


def inert(value: object) -> object:
    """The value safe to write into a cell or CSV: formula-like text gets a leading apostrophe; others unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return ESCAPE_PREFIX + value
    return value


def inert_text(value: object) -> str:
    """The value as inert text (None → empty)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return ESCAPE_PREFIX + text if is_formula_like(text) else text
