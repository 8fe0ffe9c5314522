"""Atomic file output: write beside the target and rename into place, so a crash never leaves a half-written file."""

from __future__ import annotations

import glob
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

_STALE_SECONDS = 600


def replace_atomically(target: Path, write: Callable[[Path], object], suffix: str) -> Path:
    """Call `write` on a temporary file beside `target`, then rename it over the target.

    The new file keeps the previous file's permissions (or the usual ones under the umask); temporaries left by
    an earlier killed run are swept.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{target.stem}-"
    _sweep_stale_temporaries(target.parent, prefix, suffix)
    handle, temp_name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        os.chmod(temp, _file_mode(target))
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def save_atomically(workbook: Workbook, target: Path) -> Path:
    """Save a workbook atomically."""
    return replace_atomically(target, workbook.save, ".xlsx.tmp")


def write_json_atomically(target: Path, data: object) -> Path:
    """Write data as UTF-8 JSON (Chinese kept readable), atomically: objects and lists indented two levels deep,
    anything deeper (a file's or a finding's record) on a line of its own."""
    text = _laid_out(data, _JSON_LEVELS, "") + "\n"
    return replace_atomically(target, lambda temp: temp.write_text(text, encoding="utf-8"), ".json.tmp")


#: Levels of objects and lists laid out a member a line; deeper ones are written on one line by json's C encoder
#: (indenting every level would take its Python encoder: three times as long for a report of thousands of records).
_JSON_LEVELS = 2
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _laid_out(value: object, levels: int, indent: str) -> str:
    inner = indent + "  "
    if levels and isinstance(value, dict) and value and all(isinstance(key, str) for key in value):
        members = ",\n".join(f"{inner}{_encode(key)}: {_laid_out(item, levels - 1, inner)}"
                              for key, item in value.items())
        return f"{{\n{members}\n{indent}}}"
    if levels and isinstance(value, list | tuple) and value:
        members = ",\n".join(inner + _laid_out(item, levels - 1, inner) for item in value)
        return f"[\n{members}\n{indent}]"
    return _encode(value)


def _file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sweep_stale_temporaries(directory: Path, prefix: str, suffix: str) -> None:
    now = time.time()
    for leftover in directory.glob(f"{glob.escape(prefix)}*{suffix}"):
        try:
            if now - leftover.stat().st_mtime > _STALE_SECONDS:
                leftover.unlink()
        except OSError:
            continue
