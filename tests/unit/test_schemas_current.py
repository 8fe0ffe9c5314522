"""schemas/ holds exactly the JSON Schemas the pydantic models generate (run `xlt schemas` after a change)."""

from __future__ import annotations

from pathlib import Path

from xl_toolkit.schemas import render_schemas

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_checked_in_schemas_match_the_models() -> None:
    expected = render_schemas()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert sorted(on_disk) == sorted(expected), "run `xlt schemas` to regenerate schemas/"
    stale = [name for name, text in expected.items() if on_disk[name] != text]
    assert stale == [], f"stale schemas, run `xlt schemas`: {stale}"
