"""Parsing what clerks write in returns we have not seen: split headers, labels sharing a cell, part headings and
notes in the table, hedged percents; and what still must not parse."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit.models import Status
from xl_toolkit.returns_parsing import (
    cell_text,
    find_header,
    find_reported_on,
    find_submitter,
    header_field,
    is_task_row,
    parse_percent,
    parse_status,
    parse_task_number,
)


def test_group_header_over_sub_headers_reads_as_one_header_ending_on_the_lower_row() -> None:
    rows: list[list[object]] = [
        ["填报单位：司法部"],
        ["序号", "任务内容", "完成情况", None, "存在问题"],
        [None, None, "完成状态", "完成进度（%）", None],
        [12, "……", "推进中", 60, "无"],
    ]
    match = find_header(rows)
    assert match is not None and match.row == 3
    assert match.columns == {"number": 1, "task_text": 2, "status": 3, "percent": 4, "problems": 5}


def test_group_header_naming_no_field_still_joins_its_sub_headers() -> None:
    rows: list[list[object]] = [["序号", "任务内容", "本单位落实情况", None, None],
                                [None, None, "进展情况", "完成状态", "完成进度"], [1, "…", "…", "推进中", 50]]
    match = find_header(rows)
    assert match is not None and (match.row, match.columns["progress"], match.columns["percent"]) == (2, 3, 5)


def test_first_task_row_is_never_taken_for_a_sub_header() -> None:
    rows: list[list[object]] = [["序号", "进展情况", "完成状态"], [1, "进展", "完成状态"], [2, "…", "推进中"]]
    match = find_header(rows)
    assert match is not None and match.row == 1


@pytest.mark.parametrize("text", ["完成进度\n（%）", "完成进度(%)", "完成进度（％）", "完 成 进 度", "*完成进度", "完成率（%）"])
def test_header_cells_with_breaks_spaces_marks_and_brackets(text: str) -> None:
    assert header_field(text) == "percent"


@pytest.mark.parametrize(("text", "field"), [("序  号", "number"), ("序號", "number"), ("工作进展情况", "progress"),
                                             ("完成狀態", "status"), ("下一步工作安排", "next_steps"),
                                             ("存在的问题和困难", "problems")])
def test_header_synonyms_clerks_write(text: str, field: str) -> None:
    assert header_field(text) == field


def test_responsibility_column_of_role_words_is_the_role_column_and_of_unit_names_the_lead() -> None:
    header = ["编号", "责任单位", "工作进展"]
    roles = find_header([header, [1, "牵头", "…"], [2, "配合", ""]])
    units = find_header([header, [1, "国家知识产权局", "…"], [2, "牵头", ""]])
    assert roles is not None and roles.columns == {"number": 1, "role": 2, "progress": 3}
    assert units is not None and units.columns == {"number": 1, "lead": 2, "progress": 3}


@pytest.mark.parametrize("cell", [
    "填报单位：工信部  填报人：李四  联系电话：010-66000000",
    "填报单位（盖章）：工信部",
    "报送单位：工信部（盖章） 填报日期：2026年11月20日",
    "填报单位名称:工信部",
    "填報單位：工信部",
    "填报单位：工信部联系人：李四",
])
def test_submitter_name_ends_where_the_next_label_begins(cell: str) -> None:
    line = find_submitter([["标题"], [cell]])
    assert line is not None and (line.written, line.row) == ("工信部", 2)


def test_submitter_left_blank_is_none_not_the_next_label_or_person() -> None:
    assert find_submitter([["填报单位：", None, "填报人：", "张三"]]) is None
    assert find_submitter([["填报单位：（盖章）   联系人：张三"]]) is None


def test_submitter_rows_are_numbered_from_the_first_row_given() -> None:
    line = find_submitter([[None], ["填报单位：司法部"]], first_row=40)
    assert line is not None and line.row == 41


@pytest.mark.parametrize("rows", [
    [["填报日期：2026年11月20日"]],
    [["填报单位：司法部   填报日期：2026-11-20"]],
    [["填报日期：", dt.datetime(2026, 11, 20)]],
    [["填报日期", None, "2026/11/20"]],
    [["日期：2026.11.20"]],
])
def test_reported_on_written_any_way(rows: list[list[object]]) -> None:
    assert find_reported_on(rows) == dt.date(2026, 11, 20)


@pytest.mark.parametrize("number", ["一、完善知识产权制度", "（一）完善知识产权法律法规规章", "第二部分 保护", "二.强化保护"])
def test_part_headings_with_nothing_reported_are_not_task_rows(number: str) -> None:
    assert not is_task_row({"number": number, "task_text": None, "progress": None})


def test_a_part_heading_with_progress_filled_in_stays_a_row_to_be_flagged() -> None:
    assert is_task_row({"number": "一、完善知识产权制度", "progress": "已完成"})


@pytest.mark.parametrize("number", ["备注：1.完成进度填写数字", "注：已完成的附佐证", "填表说明", "填表人：王五",
                                    "填报单位（盖章）：教育部", "合计", "審核人：趙六"])
def test_notes_signatures_and_totals_are_not_task_rows_even_with_other_cells_filled(number: str) -> None:
    assert not is_task_row({"number": number, "status": "联系电话：138"})


@pytest.mark.parametrize("cells", [{"number": 12}, {"number": "12-1"}, {"number": None, "status": "推进中"},
                                   {"number": "注册商标"}])
def test_rows_with_a_number_or_a_report_are_task_rows(cells: dict[str, object]) -> None:
    assert is_task_row(cells)


@given(number=st.one_of(st.floats(), st.integers(), st.booleans(), st.dates(), st.datetimes()),
       progress=st.sampled_from([None, "", "已完成"]))
def test_a_number_cell_holding_no_text_reads_as_its_text_would(number: object, progress: str | None) -> None:
    assert is_task_row({"number": number, "progress": progress}) is is_task_row(
        {"number": cell_text(number), "progress": progress})


@given(st.integers(min_value=1, max_value=999))
def test_task_number_in_brackets(n: int) -> None:
    assert {parse_task_number(f) for f in (f"（{n}）", f"({n})", f"{n}）", f"第{n}项")} == {str(n)}


@pytest.mark.parametrize("text", ["12-1", "12a", "十二", "12,13"])
def test_sub_numbers_and_words_are_not_task_numbers(text: str) -> None:
    assert parse_task_number(text) != "12"


@pytest.mark.parametrize(("text", "percent"), [("约80%", 80.0), ("80%左右", 80.0), ("大约80", 80.0), ("100.0", 100.0),
                                               ("８０％", 80.0)])
def test_hedged_percent_reads_as_the_figure_given(text: str, percent: float) -> None:
    assert parse_percent(text) == percent


@pytest.mark.parametrize("text", ["80-90%", "八成", "约", "近期完成", "80%以上"])
def test_ranges_and_words_are_still_not_percents(text: str) -> None:
    with pytest.raises(ValueError):
        parse_percent(text)


@pytest.mark.parametrize(("text", "status"), [("已完成。", Status.DONE), ("已完成；", Status.DONE),
                                              ("推進中", Status.IN_PROGRESS), ("有序推进", Status.IN_PROGRESS),
                                              (" 进行中 ", Status.IN_PROGRESS)])
def test_status_with_trailing_marks_or_in_traditional_characters(text: str, status: Status) -> None:
    assert parse_status(text) is status


@pytest.mark.parametrize("text", ["基本完成", "大部分完成", "已完成80%"])
def test_partial_statuses_are_still_flagged(text: str) -> None:
    with pytest.raises(ValueError):
        parse_status(text)
