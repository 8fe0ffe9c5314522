"""Reading returns from files: every sample layout validates clean; formulas, percent formats and bad files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from xl_toolkit.findings import Severity
from xl_toolkit.io.master import load_master
from xl_toolkit.io.return_reader import UnreadableReturn, read_return
from xl_toolkit.io.samples import LAYOUTS, write_sample_returns
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.services.return_validation import validate_file


@pytest.fixture(scope="module")
def lookups(master_2026: Path) -> Lookups:
    return Lookups.build(*load_master(master_2026))


@pytest.fixture(scope="module")
def samples(master_2026: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    plan, registry = load_master(master_2026)
    return write_sample_returns(plan, registry, tmp_path_factory.mktemp("samples"), seed=1)


def test_every_unit_in_every_layout_validates_without_error(samples: dict[str, Path], lookups: Lookups) -> None:
    assert len(samples) == 38
    results = {unit: validate_file(path, lookups) for unit, path in samples.items()}
    assert {unit: r.unit for unit, r in results.items()} == {unit: unit for unit in samples}
    errors = [(f.file, f.cell, f.code) for r in results.values() for f in r.all_findings
              if f.severity is not Severity.INFO]
    assert errors == []
    assert all(len(r.rows) == len(lookups.owed[u]) for u, r in results.items())


def test_layouts_rotate_and_split_workbooks_carry_roles(samples: dict[str, Path]) -> None:
    sheets = {tuple(s.name for s in read_return(p).workbook.sheets) for p in samples.values()}
    assert ("任务进展", "填报说明") in sheets and ("Sheet1",) in sheets
    assert any(set(names) <= {"牵头任务", "参与任务"} for names in sheets)
    assert len(LAYOUTS) == 3


def test_formula_cells_and_percent_formats_are_seen(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"], ws["B2"], ws["C3"] = "=1+1", 0.8, "=SUM(B2:B2)"
    ws["B2"].number_format = "0%"
    ws["B3"] = 0.5
    wb.save(tmp_path / "f.xlsx")
    [sheet] = read_return(tmp_path / "f.xlsx").workbook.sheets
    assert sheet.formulas == {(1, 1), (3, 3)}
    assert sheet.percent_cells == {(2, 2)}
    assert sheet.value(2, 2) == 0.8


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("truncated.xlsx", None, "损坏"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
    ("secret.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "加密"),
    ("notes.xlsx", "这不是表格".encode(), "不是 Excel"),
    ("doc.xlsx", None, "workbook.xml"),
])
def test_bad_files_raise_unreadable_with_a_reason(tmp_path: Path, name: str, content: bytes | None,
                                                 reason: str) -> None:
    path = tmp_path / name
    if name == "truncated.xlsx":
        Workbook().save(path)
        content = path.read_bytes()[:300]
    elif name == "doc.xlsx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w/>")
        content = buffer.getvalue()
    assert content is not None
    path.write_bytes(content)
    with pytest.raises(UnreadableReturn) as raised:
        read_return(path)
    assert reason in raised.value.reason


def test_planted_defects_raise_their_codes(master_2026: Path, lookups: Lookups, tmp_path: Path) -> None:
    plan, registry = load_master(master_2026)
    unit = "国家知识产权局"
    planted = {"role-mismatch", "invalid-percent", "formula-cell", "duplicate-task", "alias-unit"}
    for layout in LAYOUTS:
        written = write_sample_returns(plan, registry, tmp_path / layout, defects={unit: sorted(planted)},
                                       layouts={unit: layout}, withhold=set(plan.units) - {unit})
        found = {f.code for f in validate_file(written[unit], lookups).all_findings}
        assert found == (planted - {"formula-cell"}) | {"formula-injection"}, layout
