"""Worksheet functions called as xlwings calls them: scalars, 2-D blocks, empty cells as None, and wrong inputs."""

from __future__ import annotations

import pytest

from xl_toolkit.excel import udfs


@pytest.fixture(autouse=True)
def builtin_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(udfs.MASTER_ENV, raising=False)


def test_unit_gives_the_canonical_name_for_an_alias_and_a_chinese_hint_for_a_typo() -> None:
    assert udfs.xlt_unit("知识产权局") == "国家知识产权局"
    assert udfs.xlt_unit("国家知识产全局") == "单位“国家知识产全局”不在单位名录中，是否为“国家知识产权局”？"
    assert udfs.xlt_unit(None) == "请输入单位名称"


def test_unit_over_a_column_spills_one_result_per_cell() -> None:
    assert udfs.xlt_unit([["最高法"], [None], ["知识产权局"]]) == [["最高人民法院"], ["请输入单位名称"],
                                                                  ["国家知识产权局"]]


def test_role_is_lead_participant_or_unassigned() -> None:
    assert udfs.xlt_role(1, "国家知识产权局") == "牵头"
    assert udfs.xlt_role(9.0, "中国人民银行") == "参与"  # 联席会议各成员单位 includes it; Excel numbers are floats
    assert udfs.xlt_role([[9], [1]], [["中国人民银行"]]) == [["参与"], ["未分配"]]


@pytest.mark.parametrize(("task", "unit", "expected"), [
    (None, "国家知识产权局", "任务序号无效：（空）"),
    (9999, "国家知识产权局", "任务序号“9999”不在任务分工表中"),
    (1, "不存在的单位", "单位“不存在的单位”不在单位名录中"),
])
def test_role_explains_wrong_inputs_in_chinese(task: object, unit: object, expected: str) -> None:
    assert udfs.xlt_role(task, unit).startswith(expected)


def test_blocks_of_different_sizes_are_a_chinese_message() -> None:
    assert udfs.xlt_role([[1, 2]], [[1], [2]]) == udfs.SHAPE_MISMATCH


def test_check_reports_a_rows_mistakes_and_passes_a_clean_row() -> None:
    row = [1, None, "国家知识产权局", None, "牵头", "已完成修订", "完成了", 120, None, None]
    text = udfs.xlt_check([row])
    assert text.startswith("错误：") and "完成了" in text and "120" in text
    assert udfs.xlt_check([[None] * 10]) == "空行"
    block = udfs.xlt_check([row, [None] * 10], "国家知识产权局")
    assert isinstance(block, list) and block[1] == ["空行"]


def test_a_missing_master_is_a_message_in_the_cell_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(udfs.MASTER_ENV, "/nonexistent/任务分工表.xlsx")
    assert udfs.xlt_role(1, "国家知识产权局").startswith("找不到任务分工表")


def test_indicator_functions_spill_and_explain_bad_numbers() -> None:
    assert udfs.xlt_completion([[8], [12]], 10) == [[0.8], [1.2]]
    assert udfs.xlt_completion("abc", 10) == "数值无效：abc"
