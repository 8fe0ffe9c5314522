"""The unit registry: canonical names, the aliases clerks write, variants, typos and collectives."""

from __future__ import annotations

import pytest

from xl_toolkit.models import Plan
from xl_toolkit.registry import UnitRegistry, read_registry_csv

COMMON_ALIASES = {
    "中宣部": "中央宣传部",
    "网信办": "中央网信办",
    "最高法": "最高人民法院",
    "最高检": "最高人民检察院",
    "工信部": "工业和信息化部",
    "国家发改委": "国家发展改革委",
    "发改委": "国家发展改革委",
    "人民银行": "中国人民银行",
    "央行": "中国人民银行",
    "国资委": "国务院国资委",
    "中科院": "中国科学院",
    "国家市场监督管理总局": "市场监管总局",
    "市场监管局": "市场监管总局",
    "国家林业和草原局": "国家林草局",
    "林草局": "国家林草局",
    "国家卫生健康委员会": "国家卫生健康委",
    "卫健委": "国家卫生健康委",
    "国家中医药管理局": "国家中医药局",
    "国知局": "国家知识产权局",
    "知识产权局": "国家知识产权局",
    "人社部": "人力资源社会保障部",
    "文旅部": "文化和旅游部",
    "证监会": "中国证监会",
    "贸促会": "中国贸促会",
    "金融监管局": "金融监管总局",
    "国家金融监督管理总局": "金融监管总局",
    "国防科工局": "国家国防科工局",
}


def test_every_unit_of_the_2026_plan_is_canonical(plan_2026: Plan, registry: UnitRegistry) -> None:
    for unit in plan_2026.units:
        assert registry.resolve(unit).canonical == unit
        assert not registry.resolve(unit).via_alias


@pytest.mark.parametrize(("alias", "canonical"), sorted(COMMON_ALIASES.items()))
def test_common_aliases_resolve(registry: UnitRegistry, alias: str, canonical: str) -> None:
    resolution = registry.resolve(alias)
    assert (resolution.canonical, resolution.via_alias) == (canonical, True)


def test_traditional_full_width_and_stamp_decorations_fold(registry: UnitRegistry) -> None:
    assert registry.canonical("國家知識產權局") == "国家知识产权局"
    assert registry.canonical(" 中央宣传部（盖章） ") == "中央宣传部"
    assert registry.canonical("国家知识产权局\u200b") == "国家知识产权局"


def test_a_typo_is_unknown_with_the_closest_canonical_suggested(registry: UnitRegistry) -> None:
    resolution = registry.resolve("国加知识产权局")
    assert (resolution.found, resolution.suggestion) == (False, "国家知识产权局")


def test_the_collective_expands_to_its_members(registry: UnitRegistry) -> None:
    members = registry.expand("联席会议各成员单位")
    assert "国家知识产权局" in members and "联席会议办公室" not in members
    assert registry.expand("司法部") == ("司法部",)


def test_no_alias_names_two_units(registry: UnitRegistry) -> None:
    seen: dict[str, str] = {}
    for unit in registry.units:
        for name in (unit.name, *unit.aliases):
            assert seen.setdefault(name, unit.name) == unit.name, name


def test_a_clerk_edited_table_adds_aliases_and_units() -> None:
    edited = "单位名称,别名,类别,成员单位,备注\n国家知识产权局,国知局，知产局,中央和国家机关,,\n新设局,,,,\n"
    registry = read_registry_csv(edited)
    assert registry.canonical("知产局") == "国家知识产权局"
    assert registry.canonical("新设局") == "新设局"
    assert len(registry) == 2
