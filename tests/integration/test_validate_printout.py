"""What `xlt validate` prints: every file and finding for a few files; for a large batch a summary by finding
code and only the files and findings that need action (the JSON report holds everything)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from xl_toolkit.cli import validate_cmd
from xl_toolkit.returns import FileStatus, ReturnFile
from xl_toolkit.rules.catalogue import finding
from xl_toolkit.validation import Report, unreadable_file


def _batch(files: int) -> Report:
    """`files` returns: every 10th with an unknown unit (error), every 7th using an alias (info), one unreadable."""
    out = []
    for i in range(files):
        name = f"{i:04d}_return.xlsx"
        found = []
        if i % 10 == 0:
            found.append(finding("unknown-unit", file=name, sheet="任务进展", row=3, column="C", name="某某部",
                                 value="某某部", suggestion="商务部"))
        if i % 7 == 0:
            found.append(finding("alias-unit", file=name, sheet="任务进展", row=4, column="C", name="发改委",
                                 canonical="国家发展改革委", value="发改委", suggestion="国家发展改革委"))
        errors = any(f.severity.value == "error" for f in found)
        out.append(ReturnFile(file=name, unit="商务部", findings=tuple(found), rows_read=5,
                              status=FileStatus.WITH_ERRORS if errors else FileStatus.OK))
    out[-1] = unreadable_file(out[-1].file, "文件已损坏或不完整")
    return Report(files=tuple(out))


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    buffer = io.StringIO()
    monkeypatch.setattr(validate_cmd, "console", Console(file=buffer, width=200))
    return buffer


def test_a_large_batch_is_summarised_by_code_with_the_files_needing_action(printed: io.StringIO) -> None:
    report = _batch(1000)
    validate_cmd.print_report(report)
    text = printed.getvalue()
    assert "校验结果：1000 个文件，通过 899 个，有错误 100 个，无法读取 1 个" in text
    assert "问题汇总（按类型）" in text
    by_code = {line.split()[1]: line.split() for line in text.splitlines() if line.startswith("  ") and "个文件" in line}
    assert by_code["unknown-unit"] == ["错误", "unknown-unit", "100", "条", "100", "个文件", "单位名称无法识别"]
    assert by_code["alias-unit"][:6] == ["提示", "alias-unit", "143", "条", "143", "个文件"]
    assert list(by_code) == ["unknown-unit", "unreadable-file", "alias-unit"]  # errors first, then by count
    assert "需要处理的文件：101 个" in text and "另有 71 个文件未列出" in text
    assert "0010_return.xlsx" in text and "0007_return.xlsx" not in text  # info only: counted, not listed
    listed = text.splitlines()
    assert "  0010_return.xlsx · 商务部 · 任务行 5 · 有错误（错误 1，警告 0）" in listed  # a file a line
    assert any(line.startswith("  错误 0010_return.xlsx 任务进展!C3 unknown-unit：") and line.endswith("→ 商务部")
               for line in listed)  # a finding a line: where, what, and what it should be
    assert "另有 81 条问题" in text  # 101 errors, 20 listed; the 143 alias notes only counted
    assert "错误 101 条，警告 0 条，提示 143 条" in text


def test_a_few_files_are_each_listed_with_every_finding(printed: io.StringIO) -> None:
    report = _batch(20)
    validate_cmd.print_report(report)
    text = printed.getvalue()
    assert "问题汇总" not in text
    assert all(f"{i:04d}_return.xlsx" in text for i in range(20))
    assert text.count("alias-unit") == 3 and text.count("unknown-unit") == 2
