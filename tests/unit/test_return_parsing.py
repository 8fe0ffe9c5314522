"""Parsers of returns as clerks write them: headers, the 填报单位 line, numbers, percents, statuses (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit.models import Role, Status
from xl_toolkit.returns_parsing import (
    HEADER_SYNONYMS,
    STATUS_SYNONYMS,
    column_letter,
    find_header,
    find_submitter,
    parse_percent,
    parse_role,
    parse_status,
    parse_task_number,
    role_of_sheet,
)

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(st.integers(min_value=1, max_value=999))
def test_task_number_written_any_way_parses_to_the_same_text(n: int) -> None:
    forms = [n, float(n), str(n), f"{n}.", f"第{n}项", str(n).translate(FULL_WIDTH), f" {n} ", f"{n}、"]
    assert {parse_task_number(form) for form in forms} == {str(n)}


@given(st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 2)))
def test_percent_written_any_way(p: float) -> None:
    assert parse_percent(p) == p
    assert parse_percent(f"{p}%") == pytest.approx(p)
    assert parse_percent(f"{p}％".translate(FULL_WIDTH)) == pytest.approx(p)
    assert parse_percent(p / 100, percent_format=True) == pytest.approx(p)


@given(st.text(alphabet="约八成左右abc", min_size=1))
def test_percent_rejects_words(text: str) -> None:
    with pytest.raises(ValueError):
        parse_percent(text)


def test_percent_empty_is_none_and_bare_fraction_is_points() -> None:
    assert parse_percent(None) is None and parse_percent("  ") is None
    assert parse_percent(0.8) == 0.8


@given(st.sampled_from(sorted(STATUS_SYNONYMS)), st.sampled_from(["", " ", "。"]))
def test_status_synonyms(word: str, tail: str) -> None:
    assert parse_status(word + tail) is STATUS_SYNONYMS[word]


def test_status_and_role_values() -> None:
    assert parse_status("") is None and parse_status("完成") is Status.DONE
    with pytest.raises(ValueError):
        parse_status("差不多")
    assert [parse_role(v) for v in ("牵头", "参与", "配合", "协办", None)] == [
        Role.LEAD, Role.PARTICIPANT, Role.PARTICIPANT, Role.PARTICIPANT, None]
    assert (role_of_sheet("牵头任务"), role_of_sheet("参与任务"), role_of_sheet("Sheet1")) == (
        Role.LEAD, Role.PARTICIPANT, None)


@given(
    st.permutations(list(HEADER_SYNONYMS)),
    st.data(),
    st.integers(min_value=0, max_value=8),
)
def test_header_found_on_any_row_with_synonyms_in_any_order(fields: list[str], data: st.DataObject, above: int) -> None:
    headers = [data.draw(st.sampled_from(HEADER_SYNONYMS[f])) for f in fields]
    headers = [h + "（%）" if f == "percent" else h for h, f in zip(headers, fields, strict=True)]
    rows: list[list[object]] = [["标题"]] * above + [["备注", *headers]] + [[None] * 11]
    match = find_header(rows)
    assert match is not None and match.row == above + 1
    assert match.columns == {f: i + 2 for i, f in enumerate(fields)}


def test_header_needs_number_and_a_reported_field() -> None:
    assert find_header([["序号", "任务内容", "牵头单位"]]) is None
    assert find_header([["x"]] * 10 + [["序号", "进展情况"]]) is None


@given(st.sampled_from(["国家知识产权局", "中宣部", "司法部"]), st.sampled_from(["：", ":", " "]),
       st.sampled_from(["（盖章）", "(盖章)", ""]))
def test_submitter_line(name: str, colon: str, seal: str) -> None:
    line = find_submitter([["标题"], [f"填报单位{colon}{name}{seal}", None, "填报人：张三"]])
    assert line is not None and (line.written, line.row, line.column) == (name, 2, 1)


def test_submitter_name_in_the_next_cell() -> None:
    line = find_submitter([["填报单位：", None, "司法部（盖章）"]])
    assert line is not None and (line.written, line.column) == ("司法部", 3)


@given(st.integers(min_value=1, max_value=16384))
def test_column_letters_round_trip(n: int) -> None:
    letters = column_letter(n)
    back = 0
    for ch in letters:
        back = back * 26 + ord(ch) - 64
    assert back == n
