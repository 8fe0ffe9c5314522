"""Nothing lost, under hypothesis: random batches of good, bad and unreadable returns, validated then consolidated.

Per file, rows read = merged + rejected + superseded, and every task row written is read; every rejected
row is placed in the findings (问题清单); the same batch in another order, or given twice, gives the same master.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from xl_toolkit.consolidation import Consolidation, consolidate
from xl_toolkit.findings import Severity
from xl_toolkit.raw_workbook import RawSheet, RawWorkbook
from xl_toolkit.returns import ReturnFile
from xl_toolkit.rules.lookups import Lookups
from xl_toolkit.validation import unreadable_file, validate_sheets

from .test_consolidation import TODAY, make_plan, make_registry
from .validation_fixtures import FIRST_ROW, clean_rows, column

PLAN, REGISTRY = make_plan(), make_registry()
LOOKUPS = Lookups.build(PLAN, REGISTRY)
UNITS = sorted(LOOKUPS.owed)
#: What can happen to one task row: nothing, or a mistake that rejects it, or odd text that does not.
ROW_FATES = ("ok", "ok", "bad-status", "unknown-task", "formula", "percent", "control", "long", "omitted")
FILE_KINDS = ("return", "return", "return", "unreadable", "no-header", "no-unit")


@dataclass(frozen=True)
class Spec:
    """One generated file: its kind, unit and what happens to each of its task rows."""

    name: str
    kind: str
    unit: str
    fates: tuple[str, ...]


@st.composite
def specs(draw: st.DrawFn) -> list[Spec]:
    count = draw(st.integers(min_value=1, max_value=6))
    files = []
    for index in range(count):
        unit = draw(st.sampled_from(UNITS))
        fates = tuple(draw(st.sampled_from(ROW_FATES)) for _ in LOOKUPS.owed[unit])
        files.append(Spec(f"报送表{index}.xlsx", draw(st.sampled_from(FILE_KINDS)), unit, fates))
    return files


def build(spec: Spec) -> tuple[ReturnFile, int]:
    """The validated file, and how many task rows its sheet holds."""
    sha = hashlib.sha256(repr(spec).encode()).hexdigest()
    if spec.kind == "unreadable":
        return unreadable_file(spec.name, "文件已损坏或不完整", sha256=sha), 0
    rows = clean_rows(LOOKUPS, spec.unit)
    head, body = rows[: FIRST_ROW - 1], rows[FIRST_ROW - 1:]
    kept = []
    for values, fate in zip(body, spec.fates, strict=True):
        values = list(values)
        if fate == "omitted":
            continue
        if fate == "bad-status":
            values[column("完成状态")] = "差不多吧"
        elif fate == "unknown-task":
            values[0] = 99.0
        elif fate == "formula":
            values[column("存在问题")] = "=1+1"
        elif fate == "percent":
            values[column("完成进度（%）")] = 150
        elif fate == "control":
            values[column("存在问题")] = "无\x07\x1b"
        elif fate == "long":
            values[column("下一步计划")] = "长" * 33000
        kept.append(values)
    if spec.kind == "no-header":
        head[2] = [f"列{i}" for i in range(len(head[2]))]
    if spec.kind == "no-unit":
        head[1] = [None] * len(head[1])
    workbook = RawWorkbook((RawSheet("任务进展", [*head, *kept]),))
    return validate_sheets(workbook, LOOKUPS, spec.name, sha256=sha), len(kept)


def run(files: list[ReturnFile]) -> Consolidation:
    return consolidate(PLAN, REGISTRY, files, TODAY)


@settings(max_examples=60, deadline=None)
@given(specs())
def test_every_row_is_merged_rejected_or_superseded_and_every_rejection_is_listed(batch: list[Spec]) -> None:
    built = [build(spec) for spec in batch]
    files = [f for f, _ in built]
    result = run(files)

    for spec, (file, written) in zip(batch, built, strict=True):
        assert len(file.rows) == (written if spec.kind == "return" else 0), spec
    tallies = {t.file: t for t in result.files}
    assert set(tallies) == {f.file for f in files}
    for file in files:
        tally = tallies[file.file]
        assert tally.rows_read == len(file.rows) == tally.rows_merged + tally.rows_rejected + tally.rows_superseded
    assert result.rows_in == result.rows_merged + result.rows_rejected + result.rows_superseded
    assert len(result.rows) == result.rows_merged

    listed = {(f.file, f.sheet, f.row) for f in result.findings if f.severity is Severity.ERROR}
    rejected = [(r.file, r.sheet, r.row) for f in files for r in f.rows if not r.accepted]
    assert set(rejected) <= listed
    assert sum(t.rows_rejected for t in result.files) <= len(rejected)
    for spec, file in zip(batch, files, strict=True):
        if spec.kind != "return":
            assert any(f.file == spec.name and f.severity is Severity.ERROR for f in result.findings), spec


@settings(max_examples=40, deadline=None)
@given(specs(), st.randoms(use_true_random=False))
def test_the_same_batch_in_another_order_or_given_twice_gives_the_same_master(batch: list[Spec],
                                                                              random: object) -> None:
    files = [build(spec)[0] for spec in batch]
    shuffled = list(files)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    once = run(files)
    assert run(shuffled) == once
    assert run(files + shuffled) == once
    assert [build(spec)[0] for spec in batch] == files, "validation is deterministic"
