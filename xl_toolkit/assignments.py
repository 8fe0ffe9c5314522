"""Who owes what: each unit's tasks and role, with collectives (联席会议各成员单位) expanded to their members."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Plan, Role, Task
from .registry import UnitRegistry


def role_of(task: Task, unit: str, registry: UnitRegistry) -> Role | None:
    """A canonical unit's role on a task, collectives expanded.

    A member of a collective takes the collective's role: each member of a leading collective (各示范单位负责)
    leads its own share, and a member of a participating one (联席会议各成员单位) takes part.
    """
    direct = task.role_of(unit)
    if direct is not None:
        return direct
    if unit in _members(task.lead, registry):
        return Role.LEAD
    if any(unit in _members(name, registry) for name in task.participants):
        return Role.PARTICIPANT
    return None


def _members(name: str, registry: UnitRegistry) -> tuple[str, ...]:
    expanded = registry.expand(name)
    return () if expanded == (name,) else expanded


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
