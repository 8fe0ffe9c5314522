"""The central directory read with struct agrees with zipfile on any archive, and defers to it when unusual."""

from __future__ import annotations

import io
import warnings
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit.io.zip_directory import ZipEntry, _plain_entries, zip_entries

_NAMES = st.text(alphabet=st.sampled_from("abcxyz/_.-0123456789汇总表进展"), min_size=1, max_size=30)
_PARTS = st.lists(st.tuples(_NAMES, st.binary(max_size=2000), st.sampled_from([zipfile.ZIP_STORED,
                                                                              zipfile.ZIP_DEFLATED])),
                  min_size=1, max_size=12)


def _archive(parts: list[tuple[str, bytes, int]], comment: bytes = b"", zip64: bool = False) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names are part of what is generated
        for name, data, method in parts:
            info = zipfile.ZipInfo(name)
            info.compress_type = method
            with archive.open(info, "w", force_zip64=zip64) as part:
                part.write(data)
        archive.comment = comment
    return buffer.getvalue()


def _zipfile_entries(data: bytes) -> list[ZipEntry]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [ZipEntry(i.filename, i.flag_bits, i.compress_type, i.CRC, i.compress_size, i.file_size, i.header_offset)
                for i in archive.infolist()]


@given(_PARTS, st.sampled_from([b"", b"comment"]), st.booleans(), st.binary(max_size=40))
def test_entries_equal_zipfile_for_any_archive(parts: list[tuple[str, bytes, int]], comment: bytes, zip64: bool,
                                                prefix: bytes) -> None:
    data = prefix + _archive(parts, comment, zip64)
    assert zip_entries(data) == _zipfile_entries(data)


def test_plain_archives_are_read_without_zipfile_and_unusual_ones_are_left_to_it() -> None:
    parts = [("xl/workbook.xml", b"<workbook/>", zipfile.ZIP_DEFLATED), ("进展.xml", b"x" * 100, zipfile.ZIP_STORED)]
    assert _plain_entries(_archive(parts)) == _zipfile_entries(_archive(parts))
    assert _plain_entries(_archive(parts, comment=b"note")) is None
    assert _plain_entries(b"junk" + _archive(parts)) is None
    assert _plain_entries(b"PK\x05\x06" + b"\x00" * 18) == []


_GOOD = _archive([("xl/workbook.xml", b"<workbook/>", zipfile.ZIP_DEFLATED)])


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 truncated", _GOOD.replace(b"PK\x01\x02", b"PK\x01\x03"),
                                  _GOOD[:-30] + _GOOD[-22:]])
def test_a_damaged_archive_raises_bad_zip_file(data: bytes) -> None:
    with pytest.raises(zipfile.BadZipFile):
        zip_entries(data)
