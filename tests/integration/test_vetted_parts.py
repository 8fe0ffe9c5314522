"""Parts shared byte for byte by many returns (theme, styles, workbook) are vetted once; anything else is checked
again, so a part that differs in any byte is inflated and scanned as if never seen."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests import corpus
from xl_toolkit.io import archive_guard
from xl_toolkit.io.archive_guard import UnreadableReturn
from xl_toolkit.io.return_reader import read_return
from xl_toolkit.io.zip_directory import zip_entries

THEME = b'<?xml version="1.0"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="t"/>'
ROWS = [["序号", "进展情况"], [1, "已完成"]]


@pytest.fixture
def inflated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the parts the guard inflates, in order (a fresh memo of vetted parts)."""
    names: list[str] = []
    real = archive_guard._part_chunks

    def counting(data: bytes, info: archive_guard.ZipEntry) -> object:
        names.append(info.filename)
        return real(data, info)

    monkeypatch.setattr(archive_guard, "_part_chunks", counting)
    monkeypatch.setattr(archive_guard, "_VETTED", archive_guard._VettedParts())
    return names


def test_a_part_seen_before_with_the_same_bytes_is_not_inflated_again(tmp_path: Path, inflated: list[str]) -> None:
    first = corpus.write_xlsx(tmp_path / "a.xlsx", [corpus.Sheet("任务进展", ROWS)], parts={"xl/theme/theme1.xml": THEME})
    second = corpus.write_xlsx(tmp_path / "b.xlsx", [corpus.Sheet("任务进展", ROWS)], parts={"xl/theme/theme1.xml": THEME})
    assert read_return(first).workbook == read_return(second).workbook
    once = [name for name in inflated if not name.startswith("xl/worksheets/")]
    assert sorted(once) == sorted(set(once)), "every part besides the sheets inflated only for the first file"
    assert inflated.count("xl/worksheets/sheet1.xml") == 2, "sheets are always inflated and surveyed"


def test_a_part_differing_in_its_bytes_is_checked_again(tmp_path: Path, inflated: list[str]) -> None:
    clean = corpus.write_xlsx(tmp_path / "a.xlsx", [corpus.Sheet("任务进展", ROWS)], parts={"xl/theme/theme1.xml": THEME})
    hostile = corpus.write_xlsx(tmp_path / "b.xlsx", [corpus.Sheet("任务进展", ROWS)], parts={
        "xl/theme/theme1.xml": THEME.replace(b"<a:theme", b'<!DOCTYPE a [<!ENTITY x "y">]><a:theme')})
    read_return(clean)
    with pytest.raises(UnreadableReturn) as raised:
        read_return(hostile)
    assert raised.value.code == "unsafe-xml" and "theme1.xml" in raised.value.reason
    assert inflated.count("xl/theme/theme1.xml") == 2


def test_a_refused_part_is_never_remembered_as_vetted(tmp_path: Path, inflated: list[str]) -> None:
    hostile = corpus.write_xlsx(tmp_path / "b.xlsx", [corpus.Sheet("任务进展", ROWS)], parts={
        "xl/theme/theme1.xml": THEME.replace(b"<a:theme", b'<!DOCTYPE a [<!ENTITY x "y">]><a:theme')})
    for _ in range(2):
        with pytest.raises(UnreadableReturn):
            read_return(hostile)
    assert inflated.count("xl/theme/theme1.xml") == 2


def test_the_memo_of_vetted_parts_stays_bounded() -> None:
    memo = archive_guard._VettedParts(entries=3)
    for i in range(10):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"xl/part{i}.xml", b"<x/>")
        data = buffer.getvalue()
        [entry] = zip_entries(data)
        memo.add(data, entry, b"<x/>")
        assert len(memo._parts) <= 3 and memo.get(data, entry) == b"<x/>"
