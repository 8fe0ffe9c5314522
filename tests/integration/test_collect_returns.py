"""Which files a folder of returns yields, and in what order: spreadsheets anywhere below it, path order, no lock
files, hidden files, other files or linked folders; the same as walking it with Path.rglob."""

from __future__ import annotations

import os
from pathlib import Path

from xl_toolkit.services.return_validation import RETURN_SUFFIXES, collect_return_files


def _as_rglob_finds(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix.lower() in RETURN_SUFFIXES
            and not p.name.startswith(("~$", "."))]


def test_a_folder_yields_its_spreadsheets_in_path_order_as_rglob_would(tmp_path: Path) -> None:
    root = tmp_path / "报送"
    for name in ("商务部.xlsx", "a b/司法部.XLSX", "a/教育部.xlsm", "a-b/旧表.xls", "a/深/层/科技部.xlsx",
                 "~$商务部.xlsx", ".隐藏.xlsx", "说明.txt", "a/~$锁.xlsx", "z.csv", ".git/x.xlsx"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    outside = tmp_path / "别处"
    outside.mkdir()
    (outside / "不应读入.xlsx").write_bytes(b"x")
    os.symlink(outside, root / "链接文件夹")
    os.symlink(outside / "不应读入.xlsx", root / "链接文件.xlsx")
    found = collect_return_files([root])
    assert found == _as_rglob_finds(root)
    assert [p.relative_to(root).as_posix() for p in found] == [
        ".git/x.xlsx", "a/教育部.xlsm", "a/深/层/科技部.xlsx", "a b/司法部.XLSX", "a-b/旧表.xls", "z.csv",
        "商务部.xlsx", "链接文件.xlsx"]


def test_the_master_and_the_output_inside_the_folder_are_left_out(tmp_path: Path) -> None:
    for name in ("任务分工表.xlsx", "汇总表.xlsx", "商务部.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    found = collect_return_files([tmp_path], exclude=(tmp_path / "任务分工表.xlsx", tmp_path / "汇总表.xlsx"))
    assert found == [tmp_path / "商务部.xlsx"]
