"""What a fresh Python process loads before it can act: the clerk's 校验本表 button and `xlt validate` must not wait
for the ledger's database library, which only consolidation uses."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["xl_toolkit.excel.entry", "xl_toolkit.cli"])
def test_entry_points_load_without_the_ledger_database_library(module: str) -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", f"import sys, {module}; print('sqlalchemy' in sys.modules)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert loaded == "False"
