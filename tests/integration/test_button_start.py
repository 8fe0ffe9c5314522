"""What a button's fresh Python process loads before it can act: the clerk's 校验本表 must not wait for the
ledger's database library, which only 汇总报送 uses."""

from __future__ import annotations

import subprocess
import sys


def test_the_excel_entry_points_load_without_the_ledger_database_library() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, xl_toolkit.excel.entry; print('sqlalchemy' in sys.modules)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert loaded == "False"
