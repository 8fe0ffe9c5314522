"""Shared fixtures: the seed documents, the registry, and the 2026 plan parsed once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from xl_toolkit.models import Plan
from xl_toolkit.plan import import_plan
from xl_toolkit.registry import UnitRegistry, default_registry

# No per-example deadline on shared machines; in CI the examples are derandomized so a run is reproducible.
settings.register_profile("xlt", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("xlt")

REPO_ROOT = Path(__file__).resolve().parents[1]
#: Copies of ../shared/seeds kept with the tests (tests/unit/test_seed_copies.py keeps them identical).
SEEDS = REPO_ROOT / "tests" / "seeds"
SHARED_SEEDS = REPO_ROOT.parent / "shared" / "seeds"
PLAN_2026 = SEEDS / "002_5ece2955f90f4526.txt"


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"seed documents not found at {SEEDS}")
    return SEEDS


@pytest.fixture
def registry() -> UnitRegistry:
    return default_registry()


@pytest.fixture(scope="session")
def plan_2026() -> Plan:
    return import_plan(PLAN_2026.read_text(encoding="utf-8"), default_registry())


@pytest.fixture(scope="session")
def master_2026(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2026 master workbook, written once per session."""
    from xl_toolkit.services.plan_import import import_plan_to_workbook

    target = tmp_path_factory.mktemp("master") / "任务分工表.xlsx"
    import_plan_to_workbook(PLAN_2026.read_text(encoding="utf-8"), target)
    return target
