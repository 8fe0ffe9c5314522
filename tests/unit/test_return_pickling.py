"""Returns and findings cross process boundaries pickled as their field values: what comes back is what pydantic's
own pickling restores (same values, same fields set), and `without_rows()` is `model_copy` without its machinery."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from typing import Any, TypeVar

from hypothesis import given
from hypothesis import strategies as st

from xl_toolkit.findings import Finding, Severity
from xl_toolkit.models import Role, Status
from xl_toolkit.returns import FileStatus, ReturnFile, ReturnRow

_Model = TypeVar("_Model", Finding, ReturnRow, ReturnFile)

TEXT = st.text(max_size=12)


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    """A finding with the required fields and any subset of the others given (so its fields set varies)."""
    optional = {"suggestion": TEXT, "file": TEXT, "sheet": TEXT, "row": st.none() | st.integers(1, 99),
                "column": st.sampled_from(["", "F", "AB"]), "task": TEXT, "unit": TEXT, "value": TEXT}
    given_fields = draw(st.lists(st.sampled_from(sorted(optional)), unique=True))
    return Finding(code=draw(st.sampled_from(["invalid-status", "unknown-task"])), severity=draw(st.sampled_from(Severity)),
                   message=draw(TEXT), **{name: draw(optional[name]) for name in given_fields})


FINDINGS = st.lists(findings(), max_size=2).map(tuple)


@st.composite
def return_rows(draw: st.DrawFn) -> ReturnRow:
    """A row with the required fields and any subset of the others given (so its fields set varies)."""
    optional = {"role": st.none() | st.sampled_from(Role), "task_text": TEXT, "progress": TEXT,
                "status": st.none() | st.sampled_from(Status), "problems": TEXT, "next_steps": TEXT,
                "percent": st.none() | st.floats(0, 100) | st.integers(0, 100), "findings": FINDINGS}
    given_fields = draw(st.lists(st.sampled_from(sorted(optional)), unique=True))
    return ReturnRow(file=draw(TEXT), sheet=draw(TEXT), row=draw(st.integers(1, 5000)), unit=draw(TEXT),
                     task=draw(TEXT), **{name: draw(optional[name]) for name in given_fields})


@st.composite
def return_files(draw: st.DrawFn) -> ReturnFile:
    optional = {"path": TEXT, "sha256": TEXT, "unit": st.none() | TEXT,
                "reported_on": st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
                "status": st.sampled_from(FileStatus), "rows": st.lists(return_rows(), max_size=4).map(tuple),
                "findings": FINDINGS, "rows_read": st.integers(0, 50)}
    given_fields = draw(st.lists(st.sampled_from(sorted(optional)), unique=True))
    return ReturnFile(file=draw(TEXT), **{name: draw(optional[name]) for name in given_fields})


def state(model: ReturnFile | ReturnRow | Finding) -> dict[str, Any]:
    """What pydantic's own pickling saves and restores of a model (its values, fields set, extra and private)."""
    return {"type": type(model), **model.__getstate__()}


def round_trips(models: list[_Model]) -> Iterator[tuple[_Model, _Model]]:
    """Each model with its copy pickled and unpickled (with the list) in every protocol; the lists compare equal."""
    for protocol in (2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(models, protocol))
        assert back == models
        yield from zip(models, back, strict=True)


@given(st.lists(return_files(), max_size=4))
def test_a_pickled_return_comes_back_as_pydantic_pickling_restores_it(files: list[ReturnFile]) -> None:
    for file, restored in round_trips(files):
        assert state(restored) == state(file)
        assert [state(r) for r in restored.rows] == [state(r) for r in file.rows]
        assert [state(f) for f in restored.all_findings] == [state(f) for f in file.all_findings]
        assert restored.model_fields_set is not file.model_fields_set  # each model its own set, as pydantic's


@given(return_rows())
def test_a_pickled_row_alone_keeps_its_fields_set_and_accepted(row: ReturnRow) -> None:
    back = pickle.loads(pickle.dumps(row))
    assert state(back) == state(row)
    assert back.model_fields_set == row.model_fields_set
    assert back.accepted == (not any(f.severity is Severity.ERROR for f in row.findings))


@given(return_files())
def test_without_rows_is_model_copy_with_rows_dropped_and_their_findings_moved(file: ReturnFile) -> None:
    expected = file.model_copy(update={"rows": (), "findings": file.all_findings}) if file.rows else file
    assert state(file.without_rows()) == state(expected)
    assert file.without_rows().all_findings == file.all_findings


@given(st.lists(findings(), max_size=4))
def test_a_pickled_finding_comes_back_as_pydantic_pickling_restores_it(found: list[Finding]) -> None:
    for finding, restored in round_trips(found):
        assert state(restored) == state(finding)
        assert restored.model_fields_set == finding.model_fields_set
        assert restored.model_fields_set is not finding.model_fields_set
        assert restored.cell == finding.cell
