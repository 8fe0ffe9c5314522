"""The registry data for the guideline styles: CNIPA departments, demonstration categories, local offices."""

from __future__ import annotations

from collections import defaultdict
from importlib import resources

import pytest

from xl_toolkit.models import UnitKind
from xl_toolkit.registry import DEFAULT_SOURCES, REGISTRY_HEADERS, default_registry, read_registry_csv
from xl_toolkit.text import fold

DATA = resources.files("xl_toolkit") / "data"
NEW_FILES = ("units_cnipa.csv", "units_demonstration.csv")


def test_new_files_are_default_sources_with_the_registry_headers_and_a_bom() -> None:
    assert set(NEW_FILES) <= set(DEFAULT_SOURCES)
    for name in NEW_FILES:
        raw = (DATA / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        header = raw.decode("utf-8-sig").splitlines()[0].split(",")
        assert tuple(header) == REGISTRY_HEADERS
        kinds = {line.split(",")[2] for line in raw.decode("utf-8-sig").splitlines()[1:]}
        assert kinds <= {k.value for k in UnitKind}, name


def test_every_name_and_alias_means_one_unit_across_all_files() -> None:
    meanings: dict[str, set[str]] = defaultdict(set)
    for name in DEFAULT_SOURCES:
        for unit in read_registry_csv((DATA / name).read_text(encoding="utf-8-sig")).units:
            for written in (unit.name, *unit.aliases):
                meanings[fold(written)].add(unit.name)
    ambiguous = {written: names for written, names in meanings.items() if len(names) > 1}
    assert ambiguous == {}


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("保护司", "保护司"),
        ("知识产权保护司", "保护司"),
        ("国家知识产权局知识产权保护司", "保护司"),
        ("国家知识产权局知识产权运用促进司", "运用促进司"),
        ("知识产权运用促进司", "运用促进司"),
        ("专利局审查业务管理部", "专利局审业部"),
        ("专利局人事教育部", "专利局人教部"),
        ("国家知识产权局办公室", "局办公室"),
        ("相关省级知识产权局", "各省级知识产权局"),
        ("国家知识产权强国建设示范园区", "示范园区"),
        ("创建对象", "各创建对象"),
        ("有关示范市", "示范市"),
    ],
)
def test_short_and_full_forms_resolve_to_one_unit(written: str, canonical: str) -> None:
    assert default_registry().canonical(written) == canonical


def test_units_of_the_2026_plan_keep_their_meaning() -> None:
    registry = default_registry()
    assert registry.canonical("知识产权局") == "国家知识产权局"
    assert registry.canonical("知识产权强国建设工作部际联席会议办公室") == "联席会议办公室"
    assert registry.canonical("国家知识产权强国建设工作部际联席会议办公室") == "联席会议办公室"
    liaison = registry.get("联席会议办公室")
    assert liaison is not None and liaison.kind is UnitKind.COORDINATION


def test_each_demonstration_category_has_its_creation_candidate() -> None:
    registry = default_registry()
    categories = registry.expand("各示范单位")
    assert len(categories) == 7
    assert registry.expand("各创建对象") == tuple(f"{c}创建对象" for c in categories)
    for unit in (*categories, *registry.expand("各创建对象")):
        found = registry.get(unit)
        assert found is not None and found.kind is UnitKind.DEMONSTRATION


def test_collective_members_are_registry_units() -> None:
    registry = default_registry()
    for unit in registry.units:
        assert all(member in registry for member in unit.members), unit.name
