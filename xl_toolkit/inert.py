"""Keeping untrusted text inert: detect text a spreadsheet would evaluate, and escape it before writing it on;
drop the control characters a cell cannot hold and cut text to Excel's cell limit."""

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

# What formula-like text can begin with: a sign, or the whitespace stripped before it.
_SIGNS, _SPACE = "=+-@", " \t\r\n"
_MAY_OPEN_FORMULA = frozenset(_SIGNS + _SPACE)

#: Prefix written before formula-like text: Excel and LibreOffice show it as a plain character, never evaluate.
ESCAPE_PREFIX = "'"
#: Characters one Excel cell holds at most; longer text is cut and ends with TRUNCATION_MARK.
MAX_CELL_TEXT = 32767
TRUNCATION_MARK = "…（超长已截断）"
# The C0 controls XML 1.0 cannot carry (tab, LF and CR are fine); openpyxl refuses them outright.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would evaluate this text when typed, pasted or read from CSV.

    `=…` always is; `+`, `-`, `@` only when a formula follows (`+1+1`, `@SUM(A1)`, `-cmd|…`), so ordinary
    text that starts with a dash (`-完成调研`) or a signed number (`-5`) is not.
    """
    if not text or text[0] not in _MAY_OPEN_FORMULA:  # most text: decided by its first character
        return False
    stripped = text.lstrip(_SPACE)
    if not stripped:
        return False
    if stripped[0] == "=":
        return len(stripped) > 1
    return stripped[0] in "+-@" and _AFTER_SIGN.match(stripped) is not None


def formula_openings(separator: str) -> re.Pattern[str]:
    """Where formula-like text may open in texts joined, each after `separator`: the separator, the whitespace
    `is_formula_like` strips, a sign. A screen at C speed over many texts: a match only names a candidate."""
    return re.compile(f"{re.escape(separator)}[{re.escape(_SPACE)}]*[{re.escape(_SIGNS)}]")


def has_control_characters(text: str) -> bool:
    """Whether text holds control characters a cell cannot (they are dropped on writing)."""
    return not text.isprintable() and _CONTROL.search(text) is not None  # printable text has none: told at C speed


def inert(value: object) -> object:
    """The value safe to write into a cell or CSV: text as `inert_text` makes it; other values unchanged."""
    return inert_text(value) if isinstance(value, str) else value


def inert_text(value: object) -> str:
    """The value as inert text (None → empty): control characters dropped, formula-like text prefixed with an
    apostrophe, and cut to MAX_CELL_TEXT characters."""
    if value is None:
        return ""
    text = _CONTROL.sub("", value if isinstance(value, str) else str(value))
    text = ESCAPE_PREFIX + text if is_formula_like(text) else text
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - len(TRUNCATION_MARK)] + TRUNCATION_MARK
