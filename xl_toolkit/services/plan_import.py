"""Plan import services: plan document → master workbook; master workbook → return templates."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..io.master import load_master, write_master
from ..io.templates import write_return_templates
from ..models import Plan
from ..plan import PlanImportError, import_plan
from ..registry import UnitRegistry, default_registry

#: The built-in plan document shipped in the package (the 2026 推进计划, as published).
BUILTIN_PLAN = "plan_2026.txt"


def read_plan_text(source: Path) -> str:
    """A plan document's text (UTF-8, with or without BOM; GB18030 as a fallback), or a Chinese error."""
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise PlanImportError(f"无法读取计划文件 {source}：{error.strerror or error}") from error
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanImportError(f"计划文件 {source.name} 不是 UTF-8 或 GB18030 编码的文本")


def builtin_plan_text() -> str:
    """The text of the built-in 2026 plan."""
    return (resources.files("xl_toolkit") / "data" / BUILTIN_PLAN).read_text(encoding="utf-8")


def builtin_plan() -> tuple[Plan, UnitRegistry]:
    """The built-in 2026 plan, parsed, with the shipped registry."""
    registry = default_registry()
    return import_plan(builtin_plan_text(), registry), registry


def import_plan_to_workbook(
    text: str, target: Path, *, style: str | None = None, registry: UnitRegistry | None = None
) -> tuple[Plan, UnitRegistry]:
    """Parse a plan document and write its master workbook; returns the plan and the registry used."""
    registry = registry or default_registry()
    plan = import_plan(text, registry, style)
    for short, full in plan.aliases_defined.items():
        canonical = registry.canonical(full)
        if canonical is not None:
            registry.add_alias(short, canonical)
    write_master(plan, registry, target)
    return plan, registry


def generate_return_templates(
    master: Path, directory: Path, progress: Callable[[str], None] | None = None
) -> dict[str, Path]:
    """Write one return template per unit from a master workbook (as the liaison office last edited it)."""
    plan, registry = load_master(master)
    return write_return_templates(plan, registry, directory, progress)
