"""The demo: the whole loop run on the built-in 2026 plan, each output's location recorded.

plan → master workbook → return templates → sample returns (some withheld, a few with mistakes) →
validation (JSON report, annotated copies) → consolidation (master workbook, ledger) → indicators.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .io.annotate import annotate_report
from .io.atomic import write_json_atomically
from .io.samples import write_sample_returns
from .models import Plan
from .registry import UnitRegistry
from .services.consolidation import consolidate_paths
from .services.indicators import indicator_report
from .services.plan_import import builtin_plan_text, generate_return_templates, import_plan_to_workbook
from .services.return_validation import validate_paths

#: Units whose sample returns the demo withholds, so the 未报送 list has something to show.
WITHHELD = ("国家邮政局", "中国科协")
#: Mistakes the demo plants, so validation and 问题清单 have something to show.
PLANTED = {"司法部": ("invalid-percent", "missing-progress"), "海关总署": ("alias-unit", "inconsistent-status"),
           "教育部": ("formula-injection",)}
#: The demo's fixed "today", so its deadline states and ledger are reproducible (early December of the plan year).
DEMO_TODAY = dt.date(2026, 12, 5)


@dataclass
class DemoResult:
    """What the demo produced: the plan, each step's output in order, and a line of figures per step."""

    plan: Plan
    outputs: list[tuple[str, Path]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def run_demo(directory: Path, step: Callable[[str], None] | None = None) -> DemoResult:
    """Run every step into `directory` (cleared of earlier demo returns first, so reruns are identical)."""
    say = step or (lambda _text: None)
    directory.mkdir(parents=True, exist_ok=True)
    say("导入计划")
    master = directory / "任务分工表_2026.xlsx"
    plan, registry = import_plan_to_workbook(builtin_plan_text(), master)
    result = DemoResult(plan)
    result.outputs.append(("任务分工表", master))
    say("生成报送模板")
    templates = generate_return_templates(master, directory / "报送模板")
    result.outputs.append((f"报送模板（{len(templates)} 个单位）", directory / "报送模板"))
    say("模拟各单位报送")
    returns = _sample_returns(plan, registry, directory / "各单位报送")
    result.outputs.append((f"模拟报送（{len(returns)} 份，{len(WITHHELD)} 个单位未报送）", directory / "各单位报送"))
    say("校验报送材料")
    _validate(master, directory, result)
    say("汇总")
    consolidated = directory / "汇总表_2026.xlsx"
    merged = consolidate_paths([directory / "各单位报送"], master, consolidated,
                               json_path=directory / "汇总摘要.json", today=DEMO_TODAY)
    result.notes.append(
        f"汇总：{len(merged.tasks)} 项任务，读入 {merged.rows_in} 行 = 并入 {merged.rows_merged} 行"
        f" + 退回 {merged.rows_rejected} 行 + 被更新报送替代 {merged.rows_superseded} 行；"
        f"未报送单位：{'、'.join(merged.missing_units) or '无'}"
    )
    result.outputs += [("汇总表", consolidated), ("汇总摘要（JSON）", directory / "汇总摘要.json"),
                       ("报送台账（SQLite）", consolidated.with_name(f"{consolidated.stem}.ledger.db"))]
    say("测算指标")
    indicators = directory / "指标测算.xlsx"
    assessed = indicator_report(export_to=indicators)
    met = sum(a.status.value in ("达标", "提前完成") for a in assessed)
    result.notes.append(f"指标：{len(assessed)} 项，达标或提前完成 {met} 项")
    result.outputs.append(("指标测算表", indicators))
    return result


def _sample_returns(plan: Plan, registry: UnitRegistry, directory: Path) -> dict[str, Path]:
    if directory.exists():
        for old in directory.glob("*.xls*"):
            old.unlink()
    return write_sample_returns(plan, registry, directory, seed=2026, withhold=WITHHELD,
                                defects={unit: list(codes) for unit, codes in PLANTED.items()})


def _validate(master: Path, directory: Path, result: DemoResult) -> None:
    report = validate_paths([directory / "各单位报送"], master)
    report_path = directory / "校验报告.json"
    write_json_atomically(report_path, report.to_json())
    annotated = annotate_report(report, directory / "校验批注")
    findings = [f for file in report.files for f in file.all_findings]
    errors = sum(f.severity.value == "error" for f in findings)
    result.notes.append(f"校验：{len(report.files)} 份报送，问题 {len(findings)} 条（其中错误 {errors} 条）")
    result.outputs += [("校验报告（JSON）", report_path), (f"校验批注副本（{len(annotated)} 份）", directory / "校验批注")]
