"""The demo: the whole loop that exists, run on the built-in 2026 plan, each output's location recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .models import Plan
from .services.plan_import import builtin_plan_text, generate_return_templates, import_plan_to_workbook


@dataclass
class DemoResult:
    """What the demo produced: the plan and each step's output, in order."""

    plan: Plan
    outputs: list[tuple[str, Path]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def run_demo(directory: Path) -> DemoResult:
    """Plan → master workbook → return templates (later steps append to `outputs`)."""
    directory.mkdir(parents=True, exist_ok=True)
    master = directory / "任务分工表_2026.xlsx"
    plan, _ = import_plan_to_workbook(builtin_plan_text(), master)
    result = DemoResult(plan)
    result.outputs.append(("任务分工表", master))
    templates = generate_return_templates(master, directory / "报送模板")
    result.outputs.append((f"报送模板（{len(templates)} 个单位）", directory / "报送模板"))
    return result
