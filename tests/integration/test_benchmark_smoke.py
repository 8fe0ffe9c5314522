"""The benchmark script keeps working: its generator and every stage run on five returns (no timing asserted)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_run", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generator_writes_distinct_returns_and_counts_their_rows(bench: ModuleType, tmp_path: Path) -> None:
    corpus = bench.generate(5, tmp_path)
    files = sorted(corpus.returns.iterdir())
    assert len(files) == corpus.files == 5
    assert len({f.read_bytes() for f in files}) == 5
    assert corpus.rows > 0
    assert bench.generate(5, tmp_path) == corpus


def test_every_stage_runs_and_the_table_has_a_line_per_stage(bench: ModuleType, tmp_path: Path) -> None:
    corpus = bench.generate(5, tmp_path)
    figures = {stage: bench.run_stage(stage, corpus, tmp_path / "out" / stage) for stage in bench.STAGES}
    assert json.loads((tmp_path / "out" / "validate" / "report.json").read_text(encoding="utf-8"))["files"]
    assert (tmp_path / "out" / "consolidate" / "汇总表.xlsx").is_file()
    assert all(f["seconds"] > 0 for f in figures.values())


def test_rounds_of_every_stage_give_a_table_with_ratios_to_the_floor(bench: ModuleType, tmp_path: Path) -> None:
    said: list[str] = []
    results = bench.benchmark([5], [2], tmp_path, say=said.append)
    lines = bench.table(results).splitlines()
    assert len(lines) == 2 + len(bench.STAGES)
    assert lines[2].endswith("| 1.00 |")  # the floor against itself, round by round
    assert all(results[0][stage]["ratio"] > 0 for stage in bench.STAGES)
    assert all(len(results[0][stage]["ratios"]) == 2 for stage in bench.STAGES)  # each round's own ratio, kept
    assert "One return" in said[-1] and bench.one_return(results[0]) == said[-1].strip()


def test_the_single_return_figure_validates_the_largest_return(bench: ModuleType, tmp_path: Path) -> None:
    corpus = bench.generate(5, tmp_path)
    largest = bench.largest_return(corpus)
    assert largest.stat().st_size == max(p.stat().st_size for p in corpus.returns.iterdir())
    figures = bench.run_stage("one", corpus, tmp_path / "out" / "one")
    line = bench.one_return({"one": {**figures, "file": largest.name}})
    assert largest.name in line and figures["seconds"] > 0
