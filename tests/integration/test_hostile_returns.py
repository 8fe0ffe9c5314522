"""A batch mixing good returns with every hostile or broken one of the corpus: each bad file gets a clear
Chinese finding, every other file is processed, and the outputs hold no formula, macro or control character."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests import corpus
from tests.unit.validation_fixtures import FIRST_ROW, clean_rows, column
from xl_toolkit.consolidation import Consolidation
from xl_toolkit.findings import Severity
from xl_toolkit.inert import MAX_CELL_TEXT, TRUNCATION_MARK
from xl_toolkit.io.archive_guard import UnreadableReturn
from xl_toolkit.io.master import load_master
from xl_toolkit.io.return_reader import read_return
from xl_toolkit.io.samples import write_sample_returns
from xl_toolkit.limits import Limits, current_limits
from xl_toolkit.returns import FileStatus
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.services.consolidation import consolidate_paths
from xl_toolkit.services.return_validation import validate_files


class Batch:
    """The corpus consolidated once: the result, the output's sheets as values, and each item's file name."""

    def __init__(self, result: Consolidation, sheets: dict[str, list[tuple[object, ...]]], items: dict[str, Path],
                 good: list[Path], output: Path) -> None:
        self.result, self.sheets, self.items, self.good, self.output = result, sheets, items, good, output

    def findings(self, item: str) -> list[tuple[str, str, str]]:
        name = self.items[item].name
        return [(f.code, f.message, f.suggestion) for f in self.result.findings if f.file == name]

    def tally(self, item: str):  # type: ignore[no-untyped-def]
        return next(f for f in self.result.files if f.file == self.items[item].name)

    def detail_rows(self, item: str) -> list[tuple[object, ...]]:
        return [r for r in self.sheets["明细"][1:] if r[8] == self.items[item].name]


@pytest.fixture(scope="module")
def batch(master_2026: Path, tmp_path_factory: pytest.TempPathFactory) -> Batch:
    plan, registry = load_master(master_2026)
    lookups = Lookups.build(plan, registry)
    units = sorted(u for u, owed in lookups.owed.items() if len(owed) >= 2)
    returns = tmp_path_factory.mktemp("hostile") / "returns"
    good_units = units[:3]
    good = list(write_sample_returns(plan, registry, returns, withhold=set(lookups.owed) - set(good_units)).values())
    unit = iter(units[3:])

    def rows() -> list[list[object]]:
        return clean_rows(lookups, next(unit))

    def named(rows: list[list[object]]) -> str:
        return str(rows[1][0]).removeprefix("填报单位：").removesuffix("（盖章）")

    def build(builder, *args):  # type: ignore[no-untyped-def]
        written = rows()
        return builder(returns, written, named(written), *args)

    items = {
        "truncated": build(corpus.build_truncated_zip),
        "not-a-workbook": corpus.build_zip_not_a_workbook(returns),
        "legacy-xls": corpus.build_legacy_xls(returns),
        "encrypted": corpus.build_encrypted_xlsx(returns),
        "xlsm-vba": build(corpus.build_xlsm_with_vba),
        "100000-rows": build(corpus.build_large_sheet),
        "zip-bomb": corpus.build_zip_bomb(returns),
        "hidden": build(corpus.build_hidden_sheet_and_rows, FIRST_ROW + 1),
        "merged": build(corpus.build_merged_cells, "G", FIRST_ROW),
        "formulas": build(corpus.build_formulas_everywhere, FIRST_ROW),
        "odd-text": build(corpus.build_odd_text, FIRST_ROW, column("进展情况"), column("存在问题")),
        "odd-name": build(corpus.build_odd_name),
    }
    output = returns.parent / "out" / "汇总.xlsx"
    result = consolidate_paths([returns], master_2026, output, today=dt.date(2026, 12, 10))
    wb = load_workbook(output, read_only=True)
    sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    wb.close()
    return Batch(result, sheets, items, good, output)


REFUSED = {
    "truncated": ("unreadable-file", "文件已损坏或不完整", "重新保存"),
    "not-a-workbook": ("unreadable-file", "没有 xl/workbook.xml", ".xlsx"),
    "legacy-xls": ("unreadable-file", "旧版 Excel 97-2003 格式（.xls）", "另存为” .xlsx"),
    "encrypted": ("unreadable-file", "设置了打开密码", "取消文件密码"),
    "100000-rows": ("too-many-rows", "超过 5000 行", "删除表格下方多余的行"),
    "zip-bomb": ("archive-too-large", "压缩炸弹", "确认文件来源"),
}


def assert_every_other_file_processed(batch: Batch, item: str) -> None:
    bad = batch.items[item].name
    assert len(batch.result.files) == len(batch.items) + len(batch.good)
    assert all(f.conserved for f in batch.result.files)
    for path in batch.good:
        tally = next(f for f in batch.result.files if f.file == path.name)
        assert tally.status is FileStatus.OK and tally.rows_read > 0 and tally.rows_merged == tally.rows_read
    assert {r[8] for r in batch.sheets["明细"][1:]} >= {p.name for p in batch.good} - {bad}


@pytest.mark.parametrize("item", sorted(REFUSED))
def test_a_refused_file_gets_one_chinese_finding_and_the_batch_goes_on(batch: Batch, item: str) -> None:
    code, reason, suggestion = REFUSED[item]
    [(found, message, advice)] = batch.findings(item)
    assert found == code and reason in message and suggestion in advice
    tally = batch.tally(item)
    assert tally.status is FileStatus.UNREADABLE and tally.rows_read == 0
    assert (batch.items[item].name, code) in {(r[0], r[6]) for r in batch.sheets["问题清单"][1:]}
    assert_every_other_file_processed(batch, item)


def test_macros_are_reported_never_run_and_never_copied_into_the_output(batch: Batch) -> None:
    assert [code for code, *_ in batch.findings("xlsm-vba")] == ["macros-ignored"]
    tally = batch.tally("xlsm-vba")
    assert tally.status is FileStatus.OK and tally.rows_merged == tally.rows_read > 0
    with zipfile.ZipFile(batch.output) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml")
    assert not [n for n in names if "vba" in n.lower()] and b"macroEnabled" not in types
    assert batch.output.suffix == ".xlsx"
    assert_every_other_file_processed(batch, "xlsm-vba")


def test_hidden_sheets_and_rows_are_read_and_reported_as_info(batch: Batch) -> None:
    found = {code: message for code, message, _ in batch.findings("hidden")}
    assert set(found) == {"hidden-sheet", "hidden-rows"}
    assert "内部备注" in found["hidden-sheet"] and f"第 {FIRST_ROW + 1} 行" in found["hidden-rows"]
    assert all(f.severity is Severity.INFO for f in batch.result.findings if f.file == batch.items["hidden"].name)
    assert FIRST_ROW + 1 in {r[10] for r in batch.detail_rows("hidden")}
    assert batch.tally("hidden").rows_merged == batch.tally("hidden").rows_read
    assert_every_other_file_processed(batch, "hidden")


def test_cells_merged_across_task_rows_are_warned_about_and_no_row_is_lost(batch: Batch) -> None:
    merged = [(code, message) for code, message, _ in batch.findings("merged") if code == "merged-cells"]
    assert merged == [("merged-cells", f"单元格区域G{FIRST_ROW}:G{FIRST_ROW + 1}合并跨越多个任务行，只有首行读到值，其余行按空白处理")]
    tally = batch.tally("merged")
    assert tally.rows_read >= 2 and tally.conserved
    assert_every_other_file_processed(batch, "merged")


def test_formula_cells_are_read_by_their_cached_values_and_never_re_emitted(batch: Batch) -> None:
    findings = [f for f in batch.result.findings if f.file == batch.items["formulas"].name]
    assert findings and {f.code for f in findings} == {"formula-injection"}
    assert "推进中" in {f.value for f in findings}, "the cached value is what was read"
    tally = batch.tally("formulas")
    assert tally.rows_rejected == tally.rows_read > 0
    with zipfile.ZipFile(batch.output) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    assert_every_other_file_processed(batch, "formulas")


def test_control_characters_long_text_zero_width_spaces_and_emoji_are_read_and_written_safely(batch: Batch) -> None:
    codes = sorted(code for code, *_ in batch.findings("odd-text"))
    assert codes == ["control-characters", "text-too-long"]
    message = next(m for c, m, _ in batch.findings("odd-text") if c == "text-too-long")
    assert f"有 {len(corpus.LONG_TEXT)} 个字符" in message and "截断" in message
    tally = batch.tally("odd-text")
    assert tally.rows_merged == tally.rows_read, "warnings and info do not reject a row"
    [row] = [r for r in batch.detail_rows("odd-text") if r[10] == FIRST_ROW]
    progress, problems = str(row[3]), str(row[6])
    assert progress == "按计划推进，已完成调研。\u200b进展顺利🎉👍"
    assert len(problems) == MAX_CELL_TEXT and problems.endswith(TRUNCATION_MARK)
    assert_every_other_file_processed(batch, "odd-text")


def test_a_file_name_with_chinese_spaces_and_dots_is_read_and_shown_as_is(batch: Batch) -> None:
    name = batch.items["odd-name"].name
    assert " .." in name and batch.findings("odd-name") == []
    assert batch.tally("odd-name").rows_merged == batch.tally("odd-name").rows_read > 0
    assert name in {r[0] for r in batch.sheets["报送文件"][1:]}
    assert_every_other_file_processed(batch, "odd-name")


def test_the_100000_row_sheet_is_refused_without_being_expanded(tmp_path: Path) -> None:
    path = corpus.build_large_sheet(tmp_path, [["序号", "完成状态"]], "司法部")
    refused, peak = corpus.refusal_and_peak(path)
    assert refused.code == "too-many-rows"
    assert peak < 8 * path.stat().st_size, "only a few chunks of the sheet are ever held"


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    path = corpus.build_zip_bomb(tmp_path, megabytes=1024)
    refused, peak = corpus.refusal_and_peak(path)
    assert refused.code == "archive-too-large" and peak < 16 << 20


def test_a_part_inflating_past_its_declared_size_is_stopped_at_that_size(tmp_path: Path) -> None:
    raw, _ = corpus.deflated_spaces(512)
    path = corpus.zip_with_raw_member(tmp_path / "lying.xlsx", "xl/worksheets/sheet1.xml", raw, crc=0, size=4096)
    refused, peak = corpus.refusal_and_peak(path)
    assert refused.code == "archive-too-large" and "大于其声明的大小" in refused.reason
    assert peak < 16 << 20


def test_an_extreme_compression_ratio_is_refused_even_under_the_size_limit(tmp_path: Path) -> None:
    path = corpus.build_zip_bomb(tmp_path, megabytes=50)
    with pytest.raises(UnreadableReturn) as raised:
        read_return(path)
    assert raised.value.code == "archive-too-large" and "压缩比异常" in raised.value.reason


def test_limits_come_from_the_environment_and_refuse_files_past_them(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert current_limits({}) == Limits()
    assert current_limits({"XLT_MAX_ROWS": "50", "XLT_MAX_FILE_MB": "0.5"}) == Limits(max_rows=50,
                                                                                      max_file_bytes=512 * 1024)
    with pytest.raises(ValueError, match="XLT_MAX_ROWS"):
        current_limits({"XLT_MAX_ROWS": "很多"})
    path = corpus.write_xlsx(tmp_path / "r.xlsx", [corpus.Sheet("任务进展", [[n] for n in range(1, 61)])])
    assert len(read_return(path).workbook.sheets[0].rows) == 60
    monkeypatch.setenv("XLT_MAX_ROWS", "50")
    with pytest.raises(UnreadableReturn, match="超过 50 行"):
        read_return(path)
    monkeypatch.setenv("XLT_MAX_FILE_MB", "0.0001")
    with pytest.raises(UnreadableReturn) as raised:
        read_return(path)
    assert raised.value.code == "file-too-large"


def test_a_batch_in_workers_keeps_the_limits_set_when_it_started(tmp_path: Path, master_2026: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [corpus.write_xlsx(tmp_path / f"{i}.xlsx", [corpus.Sheet("任务进展", [[n] for n in range(1, 61)])])
             for i in range(3)]
    plan, registry = load_master(master_2026)
    monkeypatch.setenv("XLT_MAX_ROWS", "50")
    batch = validate_files(paths, plan, registry, workers=2, keep_rows=False)
    first = next(batch)
    monkeypatch.setenv("XLT_MAX_ROWS", "5000")  # changed mid-batch: the batch keeps the limits it started with
    codes = [f.findings[0].code for f in (first, *batch)]
    assert codes == ["too-many-rows"] * 3
