"""What checks look things up in, built once per master: tasks by number, roles, unit names."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..assignments import assignments
from ..models import AssignmentMode, Plan, Role, Task
from ..registry import Resolution, UnitRegistry
from ..text import fold


@dataclass
class Lookups:
    """A plan and registry indexed for validation; build with `Lookups.build` once for a whole batch."""

    plan: Plan
    registry: UnitRegistry
    tasks: dict[str, Task]
    owed: dict[str, dict[str, Role]]
    names: tuple[tuple[str, str], ...]
    _resolved: dict[str, Resolution] = field(default_factory=dict)

    @classmethod
    def build(cls, plan: Plan, registry: UnitRegistry) -> Lookups:
        """Index tasks by folded number, each unit's owed tasks and roles, and every unit name longest first."""
        owed = {unit: {task.number: role for task, role in rows} for unit, rows in assignments(plan, registry).items()}
        names = {fold(unit.name): unit.name for unit in registry.units}
        for unit in registry.units:
            for alias in unit.aliases:
                names.setdefault(fold(alias), unit.name)
        ordered = tuple(sorted(names.items(), key=lambda item: -len(item[0])))
        return cls(plan, registry, {fold(t.number): t for t in plan.tasks}, owed, ordered)

    def task(self, number: str) -> Task | None:
        """The task with this (parsed) number."""
        return self.tasks.get(fold(number))

    def role(self, task: Task, unit: str) -> Role | None:
        """The unit's role on the task, collectives expanded; None when not assigned."""
        return self.owed.get(unit, {}).get(task.number)

    def owes_progress(self, task: Task, unit: str) -> bool:
        """Progress text is owed by the lead, and by every unit of a 按职责分工负责 task."""
        role = self.role(task, unit)
        return role is Role.LEAD or (role is not None and task.mode is AssignmentMode.BY_DUTY)

    def resolve(self, written: str) -> Resolution:
        """Registry resolution of a written unit name, cached."""
        found = self._resolved.get(written)
        if found is None:
            found = self._resolved[written] = self.registry.resolve(written)
        return found

    def unit_prefix(self, text: str) -> str | None:
        """The canonical unit whose name or alias begins a longer name (工信部科技司 → 工业和信息化部), longest first."""
        folded = fold(text)
        return next((canonical for key, canonical in self.names if len(key) >= 2 and folded.startswith(key)), None)

    def unit_in_text(self, text: str) -> str | None:
        """The canonical unit whose name or alias appears in a text (a file name), longest match first."""
        folded = fold(text)
        return next((canonical for key, canonical in self.names if key and key in folded), None)
