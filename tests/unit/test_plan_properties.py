"""Property: any task line in the plan's style yields its lead and participants in the order written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xl_toolkit.models import AssignmentMode
from xl_toolkit.plan import parse_promotion_plan
from xl_toolkit.registry import default_registry

REGISTRY = default_registry()
NAMES = sorted(u.name for u in REGISTRY.units)
WRITTEN = sorted({(u.name, a) for u in REGISTRY.units for a in (u.name, *u.aliases)})

bodies = st.text(alphabet="加强推进知识产权保护工作机制完善制度建设，、《》“”", min_size=1, max_size=60).map(lambda s: s + "。")


@st.composite
def task_lines(draw: st.DrawFn) -> tuple[str, list[str], AssignmentMode]:
    canonical = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=8, unique=True))
    written = [draw(st.sampled_from([w for c, w in WRITTEN if c == name])) for name in canonical]
    mode = draw(st.sampled_from(list(AssignmentMode)))
    opening, closing = draw(st.sampled_from([("（", "）"), ("(", ")"), ("（", ")"), ("(", "）")]))
    comma = draw(st.sampled_from(["、", "、", "，", ","]))
    clause = f"{opening}{comma.join(written)}{'按职责分工' if mode is AssignmentMode.BY_DUTY else ''}负责{closing}"
    line = draw(bodies) + clause
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=len(line) - 1), max_size=3)))
    pieces = [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)])]
    page_break = draw(st.sampled_from(["\n", "\n\n", "\n\n\n"]))
    return page_break.join(pieces), canonical, mode


@settings(max_examples=150, deadline=None)
@given(task_lines())
def test_lead_and_participants_in_the_order_written(case: tuple[str, list[str], AssignmentMode]) -> None:
    line, canonical, mode = case
    plan = parse_promotion_plan(f"2026年测试计划\n\n一、总则\n\n1. {line}\n", REGISTRY)
    (task,) = plan.tasks
    assert (task.lead, list(task.participants), task.mode) == (canonical[0], canonical[1:], mode)


@settings(max_examples=50, deadline=None)
@given(st.lists(task_lines(), min_size=2, max_size=6))
def test_consecutive_tasks_stay_separate(cases: list[tuple[str, list[str], AssignmentMode]]) -> None:
    text = "2026年测试计划\n一、总则\n" + "\n".join(f"{n}. {line}" for n, (line, _, _) in enumerate(cases, 1))
    plan = parse_promotion_plan(text, REGISTRY)
    assert [t.lead for t in plan.tasks] == [c[0] for _, c, _ in cases]
