"""The guideline styles go round the whole loop like the 2026 plan: import, templates, returns, validation, merge."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from xl_toolkit.assignments import assignments
from xl_toolkit.findings import Severity
from xl_toolkit.io.master import load_master
from xl_toolkit.io.samples import write_sample_returns
from xl_toolkit.services.consolidation import consolidate_paths
from xl_toolkit.services.plan_import import generate_return_templates, import_plan_to_workbook, read_plan_text
from xl_toolkit.services.return_validation import validate_paths

STYLES = [("003_9715dc84a8fb9ee9.txt", "demonstration-guide", 51), ("004_ce6c8116003ab341.txt", "quality-guide", 21)]


@pytest.mark.parametrize(("seed_file", "style", "tasks"), STYLES)
def test_guideline_round_trip(seeds: Path, tmp_path: Path, seed_file: str, style: str, tasks: int) -> None:
    master = tmp_path / "任务分工表.xlsx"
    plan, _ = import_plan_to_workbook(read_plan_text(seeds / seed_file), master)
    assert (plan.style, len(plan.tasks)) == (style, tasks)

    reread, reread_registry = load_master(master)
    assert [t.number for t in reread.tasks] == [t.number for t in plan.tasks]
    owed = assignments(reread, reread_registry)
    templates = generate_return_templates(master, tmp_path / "模板")
    assert set(templates) == set(owed)

    withheld = min(owed)
    returns = write_sample_returns(reread, reread_registry, tmp_path / "报送", seed=7, withhold=[withheld])
    report = validate_paths([tmp_path / "报送"], master)
    errors = [f for file in report.files for f in file.all_findings if f.severity is Severity.ERROR]
    assert len(report.files) == len(returns) and errors == []

    result = consolidate_paths([tmp_path / "报送"], master, tmp_path / "汇总.xlsx")
    assert result.rows_in == result.rows_merged + result.rows_rejected + result.rows_superseded
    assert result.rows_rejected == 0 and len(result.tasks) == tasks
    assert withheld in result.missing_units
    summary = load_workbook(tmp_path / "汇总.xlsx", read_only=True)["汇总"]
    numbers = [row[0] for row in summary.iter_rows(min_row=2, values_only=True) if row[0] is not None]
    assert numbers == [t.number for t in plan.tasks]
    led_and_reported = [t for t in result.tasks if t.lead != withheld]
    assert all(t.lead_progress for t in led_and_reported)
    collective_led = [t for t in result.tasks if len(reread_registry.expand(t.lead)) > 1]
    for task in collective_led:
        members = reread_registry.expand(task.lead)
        assert all(line.split("：")[0] in members for line in task.lead_progress.splitlines()), task.number
