"""XML safety: entity expansion and external entities in any part are refused before any parser sees them."""

from __future__ import annotations

import inspect
import zipfile
from pathlib import Path

import pytest

from tests import corpus
from xl_toolkit.io import archive_guard, return_reader
from xl_toolkit.io.archive_guard import UnreadableReturn
from xl_toolkit.io.master import load_master
from xl_toolkit.io.return_reader import read_return
from xl_toolkit.io.samples import write_sample_returns
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.services.return_validation import validate_paths

BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                            for i in range(1, 10))
                  + "]>")
ROWS = [["序号", "进展情况", "完成状态"], [1, "&lol9;", "推进中"]]


def laughs_in_sheet(path: Path) -> Path:
    """The entity payload in a sheet's prolog, the entity used in a cell."""
    corpus.write_xlsx(path, [corpus.Sheet("任务进展", [["序号", "进展情况"], [1, "x"]], prolog=BILLION_LAUGHS)])
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b">x<", b">&lol9;<")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_an_entity_expansion_payload_in_a_sheet_is_refused_unexpanded(tmp_path: Path) -> None:
    path = laughs_in_sheet(tmp_path / "lol.xlsx")
    refused, peak = corpus.refusal_and_peak(path)
    assert refused.code == "unsafe-xml" and "DTD" in refused.reason
    assert peak < 4 << 20


def test_an_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    path = corpus.write_xlsx(tmp_path / "xxe.xlsx", [corpus.Sheet(
        "任务进展", [["序号", "进展情况"], [1, "x"]], prolog=f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret}">]>')])
    with pytest.raises(UnreadableReturn) as raised:
        read_return(path)
    assert raised.value.code == "unsafe-xml" and "TOP-SECRET" not in str(raised.value)


def test_a_dtd_in_a_utf16_part_is_refused_too(tmp_path: Path) -> None:
    path = corpus.write_xlsx(tmp_path / "u16.xlsx", [corpus.Sheet("任务进展", [["序号"]])])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("docProps/custom.xml",
                         '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16"))
    with pytest.raises(UnreadableReturn) as raised:
        read_return(path)
    assert raised.value.code == "unsafe-xml" and "docProps/custom.xml" in raised.value.reason


@pytest.mark.parametrize("prolog", ['<!doctype r [<!entity a "b">]>', '<! DOCTYPE r>'])
def test_a_dtd_spelled_loosely_is_refused_too(tmp_path: Path, prolog: str) -> None:
    path = corpus.write_xlsx(tmp_path / "loose.xlsx", [corpus.Sheet("任务进展", [["序号"], [1]], prolog=prolog)])
    with pytest.raises(UnreadableReturn) as raised:
        read_return(path)
    assert raised.value.code == "unsafe-xml"


def test_the_return_path_hands_no_part_to_an_xml_parser() -> None:
    # Hidden sheets, sheet parts and styles are scanned as bytes; only calamine (no DTD support) parses XML.
    for module in (archive_guard, return_reader):
        source = inspect.getsource(module)
        assert not any(parser in source for parser in ("ElementTree", "expat", "minidom", "sax", "lxml"))


def test_a_batch_with_the_payload_reports_it_and_reads_every_other_file(master_2026: Path, tmp_path: Path) -> None:
    plan, registry = load_master(master_2026)
    keep = sorted(Lookups.build(plan, registry).owed)[:2]
    good = write_sample_returns(plan, registry, tmp_path, withhold=set(plan.units) - set(keep))
    laughs_in_sheet(tmp_path / "lol.xlsx")
    report = validate_paths([tmp_path], master_2026)
    assert {f.file: f.status.value for f in report.files} == {
        **{p.name: "通过" for p in good.values()}, "lol.xlsx": "无法读取"}
    assert [(f.file, f.code) for f in report.findings if f.severity.value == "error"] == [("lol.xlsx", "unsafe-xml")]
