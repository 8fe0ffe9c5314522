"""The seed copies the tests read are the shared seed documents, and the built-in plan is the 2026 seed."""

from __future__ import annotations

import pytest

from xl_toolkit.services.plan_import import builtin_plan_text

from ..conftest import PLAN_2026, SEEDS, SHARED_SEEDS


def test_the_built_in_plan_is_the_2026_seed() -> None:
    assert builtin_plan_text() == PLAN_2026.read_text(encoding="utf-8")


def test_the_test_copies_equal_the_shared_seeds() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip("no ../shared/seeds beside this clone")
    shared = {p.name: p.read_bytes() for p in SHARED_SEEDS.glob("*.txt")}
    copies = {p.name: p.read_bytes() for p in SEEDS.glob("*.txt")}
    assert copies == shared
