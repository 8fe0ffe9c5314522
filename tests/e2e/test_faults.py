"""Faults while writing the master: locked, replaced by a folder, read-only, disk full. The previous master
stays whole, the ledger unchanged, and the clerk reads why in Chinese. (Killed mid-write: see
test_consolidate_cli.py::test_killed_while_writing_the_previous_output_stays_whole_and_the_ledger_unchanged.)"""

from __future__ import annotations

import errno
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xl_toolkit.cli import app
from xl_toolkit.io import atomic
from xl_toolkit.io.ledger import LedgerEntry, ledger_url, open_ledger
from xl_toolkit.io.master import load_master
from xl_toolkit.io.samples import write_sample_returns
from xl_toolkit.rules.lookups import Lookups

runner = CliRunner()


@dataclass
class Site:
    """A folder of returns consolidated once, then a late return added: the state a fault must not disturb."""

    returns: Path
    output: Path
    master: Path
    previous: bytes
    entries: list[LedgerEntry]

    def consolidate(self) -> tuple[int, str]:
        result = runner.invoke(app, ["consolidate", str(self.returns), "--master", str(self.master),
                                     "-o", str(self.output), "--today", "2026-12-10"])
        return result.exit_code, "".join(result.output.split())  # rich wraps long lines

    def assert_untouched(self) -> None:
        assert self.output.read_bytes() == self.previous
        with open_ledger(ledger_url(None, self.output)) as ledger:
            assert ledger.entries() == self.entries
        assert not [p.name for p in self.output.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def prepared(master_2026: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan, registry = load_master(master_2026)
    units = sorted(Lookups.build(plan, registry).owed)[:4]
    root = tmp_path_factory.mktemp("faults")
    write_sample_returns(plan, registry, root / "returns", withhold=set(plan.units) - set(units[:3]))
    result = runner.invoke(app, ["consolidate", str(root / "returns"), "--master", str(master_2026),
                                 "-o", str(root / "out" / "汇总.xlsx"), "--today", "2026-12-10"])
    assert result.exit_code == 0, result.output
    write_sample_returns(plan, registry, root / "returns", seed=4, withhold=set(plan.units) - {units[3]})
    return root


@pytest.fixture
def site(prepared: Path, master_2026: Path, tmp_path: Path) -> Site:
    shutil.copytree(prepared, tmp_path, dirs_exist_ok=True)
    output = tmp_path / "out" / "汇总.xlsx"
    with open_ledger(ledger_url(None, output)) as ledger:
        entries = ledger.entries()
    return Site(tmp_path / "returns", output, master_2026, output.read_bytes(), entries)


def raising(error: OSError) -> Callable[..., None]:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise error
    return fail


def test_the_late_return_is_recorded_when_nothing_fails(site: Site) -> None:
    code, output = site.consolidate()
    assert code == 0, output
    assert site.output.read_bytes() != site.previous
    with open_ledger(ledger_url(None, site.output)) as ledger:
        assert len(ledger.entries()) == len(site.entries) + 1


def test_a_master_held_open_elsewhere_is_left_whole_with_a_chinese_message(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic.os, "replace", raising(PermissionError(errno.EACCES, "Permission denied")))
    code, output = site.consolidate()
    assert code != 0 and "正在被Excel或WPS打开" in output and "原有文件未被改动" in output
    site.assert_untouched()


def test_a_folder_in_place_of_the_master_is_reported_and_nothing_recorded(site: Site) -> None:
    site.output.unlink()
    site.output.mkdir()
    site.previous = b""
    code, output = site.consolidate()
    assert code != 0 and "已有同名的文件夹" in output
    assert site.output.is_dir() and not any(site.output.iterdir())
    with open_ledger(ledger_url(None, site.output)) as ledger:
        assert ledger.entries() == site.entries


def test_a_read_only_output_folder_is_reported(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.tempfile, "mkstemp", raising(OSError(errno.EROFS, "Read-only file system")))
    code, output = site.consolidate()
    assert code != 0 and "输出位置是只读的" in output
    site.assert_untouched()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through directory permissions")
def test_a_real_read_only_output_folder_is_reported(site: Site) -> None:
    site.output.parent.chmod(0o555)
    try:
        code, output = site.consolidate()
    finally:
        site.output.parent.chmod(0o755)
    assert code != 0 and "没有写入权限" in output
    site.assert_untouched()


def test_a_full_disk_mid_write_leaves_the_master_and_the_ledger_as_they_were(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = zipfile.ZipFile.writestr
    calls = []

    def filling(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        calls.append(args[0])
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "writestr", filling)
    code, output = site.consolidate()
    assert len(calls) == 5, "the write failed part-way, not before it began"
    assert code != 0 and "磁盘空间不足" in output and "原有文件未被改动" in output
    site.assert_untouched()
