"""The unit registry: canonical names, aliases and collectives, loaded from editable tabular data."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import fuzz, process

from .models import Unit, UnitKind
from .text import fold

#: Column headers of the registry, as a clerk sees them in the data file and the `单位名录` sheet.
REGISTRY_HEADERS: tuple[str, ...] = ("单位名称", "别名", "类别", "成员单位", "备注")
_LIST_SEPARATORS = str.maketrans({",": "、", "，": "、", ";": "、", "；": "、", "|": "、", "\n": "、"})

#: Data files shipped in the package, merged into the default registry.
DEFAULT_SOURCES: tuple[str, ...] = ("units.csv", "units_cnipa.csv", "units_demonstration.csv")


def split_list(cell: object) -> tuple[str, ...]:
    """Split a `、`-separated cell (commas and semicolons also accepted) into stripped items."""
    if cell is None:
        return ()
    return tuple(item.strip() for item in str(cell).translate(_LIST_SEPARATORS).split("、") if item.strip())


@dataclass(frozen=True)
class Resolution:
    """The outcome of looking up a written unit name."""

    written: str
    canonical: str | None
    via_alias: bool = False
    suggestion: str | None = None

    @property
    def found(self) -> bool:
        return self.canonical is not None


class UnitRegistry:
    """Canonical units with an index from every folded name and alias to its canonical name."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._units: dict[str, Unit] = {}
        self._index: dict[str, str] = {}
        self._aliases: dict[str, str] = {}
        for unit in units:
            self.add(unit)

    def add(self, unit: Unit) -> None:
        """Add a unit, or merge its aliases into an existing unit of the same name."""
        existing = self._units.get(unit.name)
        if existing is not None:
            merged = tuple(dict.fromkeys((*existing.aliases, *unit.aliases)))
            unit = existing.model_copy(update={"aliases": merged, "members": existing.members or unit.members})
        self._units[unit.name] = unit
        self._index[fold(unit.name)] = unit.name
        for alias in unit.aliases:
            key = fold(alias)
            if key not in self._index or self._index[key] != fold(unit.name):
                self._index.setdefault(key, unit.name)
                self._aliases.setdefault(key, unit.name)

    def add_alias(self, alias: str, canonical: str) -> None:
        """Register one more alias of a known unit."""
        unit = self._units[canonical]
        if alias not in unit.aliases and alias != canonical:
            self.add(unit.model_copy(update={"aliases": (*unit.aliases, alias)}))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._units

    def __len__(self) -> int:
        return len(self._units)

    @property
    def units(self) -> tuple[Unit, ...]:
        return tuple(self._units.values())

    def get(self, canonical: str) -> Unit | None:
        """The unit with this canonical name."""
        return self._units.get(canonical)

    def canonical(self, written: str) -> str | None:
        """The canonical name for a written name or alias, or None."""
        return self._index.get(fold(_strip_decorations(written)))

    def resolve(self, written: str) -> Resolution:
        """Look up a written name: canonical, via an alias, or unknown with the closest canonical suggestion."""
        key = fold(_strip_decorations(written))
        canonical = self._index.get(key)
        if canonical is not None:
            return Resolution(written, canonical, via_alias=key != fold(canonical))
        return Resolution(written, None, suggestion=self.suggest(written))

    def suggest(self, written: str) -> str | None:
        """The canonical name closest to a misspelt one (rapidfuzz over names and aliases)."""
        key = fold(_strip_decorations(written))
        if not key:
            return None
        match = process.extractOne(key, list(self._index), scorer=fuzz.ratio, score_cutoff=60)
        return self._index[match[0]] if match else None

    def expand(self, canonical: str) -> tuple[str, ...]:
        """A collective's member units, or the unit itself."""
        unit = self._units.get(canonical)
        return unit.members if unit and unit.members else (canonical,)

    def collective_of(self, member: str) -> tuple[str, ...]:
        """The collectives that include a unit."""
        return tuple(u.name for u in self._units.values() if member in u.members)

    def to_rows(self) -> list[tuple[str, str, str, str, str]]:
        """The registry as rows under REGISTRY_HEADERS."""
        return [(u.name, "、".join(u.aliases), u.kind.value, "、".join(u.members), "") for u in self._units.values()]

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[object]], headers: Sequence[object] | None = None) -> UnitRegistry:
        """Build a registry from rows under REGISTRY_HEADERS (header order may differ when given)."""
        position = _positions(headers) if headers is not None else {h: i for i, h in enumerate(REGISTRY_HEADERS)}
        units = []
        for row in rows:
            cells = {h: (row[i] if i < len(row) else None) for h, i in position.items()}
            name = str(cells.get("单位名称") or "").strip()
            if not name:
                continue
            kind_text = str(cells.get("类别") or "").strip()
            kind = UnitKind(kind_text) if kind_text in UnitKind._value2member_map_ else UnitKind.CENTRAL
            units.append(
                Unit(
                    name=name,
                    aliases=split_list(cells.get("别名")),
                    kind=kind,
                    members=split_list(cells.get("成员单位")),
                )
            )
        return cls(units)


def _positions(headers: Sequence[object]) -> Mapping[str, int]:
    cleaned = [str(h or "").strip() for h in headers]
    return {h: cleaned.index(h) for h in REGISTRY_HEADERS if h in cleaned}


_DECORATIONS = ("（盖章）", "(盖章)", "盖章")


def _strip_decorations(written: str) -> str:
    text = written.strip()
    for decoration in _DECORATIONS:
        text = text.replace(decoration, "")
    return text.strip(" 　:：")


def read_registry_csv(text: str) -> UnitRegistry:
    """Parse a registry from CSV text (first row headers)."""
    rows = list(csv.reader(text.lstrip("\ufeff").splitlines()))
    return UnitRegistry.from_rows(rows[1:], rows[0]) if rows else UnitRegistry(())


def default_registry(sources: Sequence[str] = DEFAULT_SOURCES) -> UnitRegistry:
    """The registry shipped in the package: every unit of the built-in plans with common aliases."""
    registry = UnitRegistry(())
    data = resources.files("xl_toolkit") / "data"
    for name in sources:
        for unit in read_registry_csv((data / name).read_text(encoding="utf-8-sig")).units:
            registry.add(unit)
    return registry
