"""JSON written by the toolkit (reports, summaries): what json.dumps would write, read back equal, laid out a member
a line two levels deep and each deeper record on one line, Chinese kept readable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit.io.atomic import write_json_atomically

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                     max_leaves=30)


@given(data=_JSON)
def test_any_json_value_reads_back_as_json_dumps_writes_it(tmp_path_factory: pytest.TempPathFactory,
                                                           data: object) -> None:
    target = tmp_path_factory.mktemp("json") / "r.json"
    write_json_atomically(target, data)
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(json.dumps(data))


def test_a_report_is_laid_out_a_record_a_line(tmp_path: Path) -> None:
    report = {"files": [{"file": "商务部.xlsx", "rows": 5}, {"file": "司法部.xlsx", "rows": 3}],
              "findings": [], "tasks": 106}
    target = write_json_atomically(tmp_path / "r.json", report)
    assert target.read_text(encoding="utf-8").splitlines() == [
        "{",
        '  "files": [',
        '    {"file": "商务部.xlsx", "rows": 5},',
        '    {"file": "司法部.xlsx", "rows": 3}',
        "  ],",
        '  "findings": [],',
        '  "tasks": 106',
        "}",
    ]
