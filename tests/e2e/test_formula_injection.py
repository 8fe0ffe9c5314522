"""Formula injection end to end: the classic payloads written in returns never reach an output as a formula."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests import corpus
from tests.unit.validation_fixtures import FIRST_ROW, clean_rows, column
from xl_toolkit.cli import app
from xl_toolkit.inert import ESCAPE_PREFIX, is_formula_like
from xl_toolkit.io.master import load_master
from xl_toolkit.rules.lookups import Lookups

runner = CliRunner()


def assert_inert_workbook(path: Path) -> list[str]:
    """No formula anywhere in the workbook; every text cell inert. Returns the texts."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name
    texts = []
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not is_formula_like(cell.value), (ws.title, cell.coordinate, cell.value)
                    texts.append(cell.value)
    return texts


@pytest.fixture(scope="module")
def injected(master_2026: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lookups = Lookups.build(*load_master(master_2026))
    units = sorted(u for u, owed in lookups.owed.items() if len(owed) >= 3)
    returns = tmp_path_factory.mktemp("injection") / "returns"
    columns = [column("进展情况"), column("存在问题"), column("下一步计划"), column("任务内容")]
    corpus.build_injection(returns, clean_rows(lookups, units[0]), units[0], FIRST_ROW, columns)
    submitter = clean_rows(lookups, units[1])
    submitter[1][0] = f"填报单位：{corpus.INJECTION_PAYLOADS[0]}"
    corpus.write_xlsx(returns / "=1+1.xlsx", [corpus.Sheet("@SUM(1+1)", submitter)])
    return returns


def test_payloads_in_returns_reach_the_master_and_its_json_only_as_inert_text(
    master_2026: Path, injected: Path, tmp_path: Path
) -> None:
    out, summary = tmp_path / "汇总.xlsx", tmp_path / "汇总.json"
    result = runner.invoke(app, ["consolidate", str(injected), "--master", str(master_2026), "-o", str(out),
                                 "--json", str(summary), "--today", "2026-12-10"])
    assert result.exit_code == 0, result.output

    texts = assert_inert_workbook(out)
    for payload in corpus.INJECTION_PAYLOADS:
        assert ESCAPE_PREFIX + payload in texts, payload
    assert {"'=1+1.xlsx", "'@SUM(1+1)"} <= set(texts), "file and sheet names are escaped too"
    findings = [r for r in load_workbook(out, read_only=True)["问题清单"].iter_rows(min_row=2, values_only=True)]
    assert {r[6] for r in findings} >= {"formula-injection", "unknown-unit"}

    data = json.loads(summary.read_text(encoding="utf-8"))
    values = {f["value"] for f in data["findings"]}
    assert all(not is_formula_like(v) for v in values), "JSON is data, and its values are escaped as well"


def test_annotated_copies_of_returns_hold_the_payloads_as_inert_text(
    master_2026: Path, injected: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["validate", str(injected), "--master", str(master_2026),
                                 "--annotate", str(tmp_path)])
    assert result.exit_code == 1, result.output
    copies = sorted(tmp_path.glob("*_校验.xlsx"))
    assert len(copies) == 2
    texts = [t for copy in copies for t in assert_inert_workbook(copy)]
    assert all(ESCAPE_PREFIX + payload in texts for payload in corpus.INJECTION_PAYLOADS)
