"""Who owes what: each unit's tasks and role, with collectives (联席会议各成员单位) expanded to their members."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Plan, Role, Task
from .registry import UnitRegistry


def role_of(task: Task, unit: str, registry: UnitRegistry) -> Role | None:
    """A canonical unit's role on a task; a member of a collective listed on the task takes part (参与)."""
    direct = task.role_of(unit)
    if direct is not None:
        return direct
    if any(unit in registry.expand(name) for name in task.units if name != unit and registry.expand(name) != (name,)):
        return Role.PARTICIPANT
    return None


def owing_units(task: Task, registry: UnitRegistry) -> tuple[str, ...]:
    """Units that owe a return on a task: the listed units, with collectives replaced by their members."""
    units: dict[str, None] = {}
    for name in task.units:
        for member in registry.expand(name):
            units.setdefault(member, None)
    return tuple(units)


def assignments(plan: Plan, registry: UnitRegistry) -> dict[str, list[tuple[Task, Role]]]:
    """Every unit that owes a return, with its tasks and role on each, in plan order."""
    result: dict[str, list[tuple[Task, Role]]] = {}
    for task in plan.tasks:
        for unit in owing_units(task, registry):
            role = role_of(task, unit, registry)
            if role is not None:
                result.setdefault(unit, []).append((task, role))
    return result


def lead_counts(tasks: Iterable[Task]) -> dict[str, int]:
    """Number of tasks each unit leads, most first."""
    counts: dict[str, int] = {}
    for task in tasks:
        counts[task.lead] = counts.get(task.lead, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
