"""LibreOffice Calc headless as the stand-in for Excel/WPS: open, convert and recalculate workbooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

#: Convert-to filter for UTF-8, comma-separated CSV of the first sheet.
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76"

# Always recalculate xlsx formulas on load (OOXMLRecalcMode 0), so saved values are LibreOffice's own.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def _profile(root: str) -> str:
    user = Path(root) / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
    return f"-env:UserInstallation=file://{root}"


def require_libreoffice() -> str:
    """The soffice path; skips the test when absent, unless XLT_REQUIRE_LIBREOFFICE=1 makes that a failure."""
    if SOFFICE is None:
        if os.environ.get("XLT_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("需要 LibreOffice Calc（soffice），但未安装")
        pytest.skip("LibreOffice (soffice) not installed")
    return SOFFICE


def convert_with_libreoffice(path: Path, fmt: str, outdir: Path, *, timeout: float = 120) -> Path:
    """Convert a workbook with soffice headless (e.g. fmt 'csv', 'pdf', 'xlsx'); fails the test on any error."""
    soffice = require_libreoffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        result = subprocess.run(
            [
                soffice,
                _profile(profile),
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    target = outdir / f"{path.stem}.{fmt.split(':')[0]}"
    if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        pytest.fail(f"LibreOffice failed on {path.name}: rc={result.returncode} {result.stdout} {result.stderr}")
    return target


def convert_many_with_libreoffice(paths: list[Path], fmt: str, outdir: Path, *, timeout: float = 300) -> list[Path]:
    """Convert several workbooks in one soffice start (much faster than one start each)."""
    soffice = require_libreoffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        result = subprocess.run(
            [soffice, _profile(profile), "--headless", "--norestore", "--convert-to", fmt,
             "--outdir", str(outdir), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    targets = [outdir / f"{p.stem}.{fmt.split(':')[0]}" for p in paths]
    missing = [t.name for t in targets if not t.exists() or t.stat().st_size == 0]
    if result.returncode != 0 or missing:
        pytest.fail(f"LibreOffice failed: rc={result.returncode} missing={missing} {result.stderr}")
    return targets


def recalculate_with_libreoffice(path: Path, outdir: Path | None = None) -> Path:
    """An xlsx copy of the workbook after LibreOffice has loaded it, recalculated every formula and saved it."""
    outdir = outdir or Path(tempfile.mkdtemp(prefix="lo-recalc-"))
    source = outdir / "source"
    source.mkdir(parents=True, exist_ok=True)
    copy = source / path.name
    shutil.copy2(path, copy)
    return convert_with_libreoffice(copy, "xlsx:Calc MS Excel 2007 XML", outdir / "recalculated")
