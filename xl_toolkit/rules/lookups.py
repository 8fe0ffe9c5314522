"""What checks look things up in, built once per master: tasks by number, roles, unit names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from ..assignments import assignments
from ..models import AssignmentMode, Plan, Role, Task
from ..registry import Resolution, UnitRegistry, split_list
from ..text import fold

#: Lead and participant cells as `check_unit_columns` remembers them: task number, the two cells' texts, and whether
#: the return has a participant column.
UnitCells = tuple[str | None, str, str, bool]


@dataclass(frozen=True)
class UnitList:
    """The units one cell lists (牵头单位, 参与单位), each resolved against the registry."""

    resolutions: tuple[Resolution, ...]
    #: The resolutions to report on: unknown names and aliases, in the order written.
    notes: tuple[Resolution, ...]
    #: The canonical names in the order written; None when the cell lists none or a name is unknown.
    canonical: tuple[str, ...] | None

    @classmethod
    def of(cls, resolutions: tuple[Resolution, ...]) -> UnitList:
        """The list of these resolutions."""
        canonical = tuple(r.canonical for r in resolutions if r.canonical is not None)
        return cls(resolutions, tuple(r for r in resolutions if r.canonical is None or r.via_alias),
                   canonical if resolutions and len(canonical) == len(resolutions) else None)


@dataclass
class Lookups:
    """A plan and registry indexed for validation; build with `Lookups.build` once for a whole batch."""

    plan: Plan
    registry: UnitRegistry
    tasks: dict[str, Task]
    owed: dict[str, dict[str, Role]]
    names: tuple[tuple[str, str], ...]
    _resolved: dict[str, Resolution] = field(default_factory=dict)
    _resolved_lists: dict[str, UnitList] = field(default_factory=dict)
    _progress_owed: dict[str, tuple[tuple[str, str, Role], ...]] = field(default_factory=dict)
    _clean_unit_cells: dict[UnitCells, bool] = field(default_factory=dict)

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
        owed = self.owed.get(unit)
        return owed.get(task.number) if owed is not None else None

    def owes_progress(self, task: Task, unit: str) -> bool:
        """Progress text is owed by the lead, and by every unit of a 按职责分工负责 task."""
        role = self.role(task, unit)
        return role is Role.LEAD or (role is not None and task.mode is AssignmentMode.BY_DUTY)

    def progress_owed(self, unit: str) -> tuple[tuple[str, str, Role], ...]:
        """The tasks on which a unit owes progress, in `owed` order: (number, folded number, role); cached."""
        found = self._progress_owed.get(unit)
        if found is None:
            found = _remember(self._progress_owed, unit, tuple(
                (number, key, role) for number, role in self.owed.get(unit, {}).items()
                if self.owes_progress(self.tasks[key := fold(number)], unit)))
        return found

    def resolve(self, written: str) -> Resolution:
        """Registry resolution of a written unit name, cached."""
        found = self._resolved.get(written)
        if found is None:
            found = _remember(self._resolved, written, self.registry.resolve(written))
        return found

    def resolve_list(self, cell: object) -> UnitList:
        """The units a cell lists (split as `split_list` splits), resolved; cached by the cell's text: returns
        repeat the plan's lead and participant lists."""
        text = "" if cell is None else str(cell)
        found = self._resolved_lists.get(text)
        if found is None:
            resolutions = tuple(self.resolve(name) for name in split_list(cell))
            found = _remember(self._resolved_lists, text, UnitList.of(resolutions))
        return found

    def unit_cells_clean(self, cells: UnitCells) -> bool:
        """Whether lead and participant cells (as `check_unit_columns` keys them) were found clean before."""
        return cells in self._clean_unit_cells

    def remember_clean_unit_cells(self, cells: UnitCells) -> None:
        """Note cells `check_unit_columns` found nothing in: returns made from the templates repeat the master's lists."""
        _remember(self._clean_unit_cells, cells, True)

    def unit_prefix(self, text: str) -> str | None:
        """The canonical unit whose name or alias begins a longer name (工信部科技司 → 工业和信息化部), longest first."""
        folded = fold(text)
        return next((canonical for key, canonical in self.names if len(key) >= 2 and folded.startswith(key)), None)

    def unit_in_text(self, text: str) -> str | None:
        """The canonical unit whose name or alias appears in a text (a file name), longest match first."""
        # = the first of `names` found in the text: among the names found at each place (the first in `names` order,
        # as the alternation tries them), the first in that order; one regex search per place a name is found.
        folded, first = fold(text), len(self.names)
        match = self._names_pattern.search(folded)
        while match is not None:
            first = min(first, self._name_order[match[0]])
            match = self._names_pattern.search(folded, match.start() + 1)
        return self.names[first][1] if first < len(self.names) else None

    @cached_property
    def _names_pattern(self) -> re.Pattern[str]:
        """Every (non-empty) name and alias in `names` order, as alternatives."""
        return re.compile("|".join(re.escape(key) for key, _ in self.names if key) or "(?!)")  # (?!) never matches

    @cached_property
    def _name_order(self) -> dict[str, int]:
        return {key: index for index, (key, _) in enumerate(self.names)}


#: Entries a Lookups cache keeps: a batch of thousands of returns must not grow it without bound.
CACHE_LIMIT = 8192
_K = TypeVar("_K")
_V = TypeVar("_V")


def _remember(cache: dict[_K, _V], key: _K, value: _V) -> _V:
    """Store a value in a cache of at most CACHE_LIMIT entries (emptied when full: cheap, and rarely needed)."""
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value
