"""The finding codes: the issue's names kept, each documented, each template renderable."""

from __future__ import annotations

import string

from xl_toolkit.findings import Severity
from xl_toolkit.rules import catalogue
from xl_toolkit.rules.catalogue import CATALOGUE

ISSUE_CODES = {
    "unreadable-file": "error", "header-not-found": "error", "unknown-submitter": "error", "unknown-unit": "error",
    "alias-unit": "info", "unknown-task": "error", "not-assigned": "error", "role-mismatch": "error",
    "duplicate-task": "error", "task-text-changed": "warning", "invalid-status": "error", "invalid-percent": "error",
    "missing-progress": "error", "inconsistent-status": "warning", "formula-injection": "error", "no-lead": "error",
    "multiple-leads": "error", "lead-also-participant": "error", "duplicate-unit": "warning",
}


def test_issue_codes_kept_with_their_severity() -> None:
    assert {code: CATALOGUE[code].severity.value for code in ISSUE_CODES} == ISSUE_CODES


def test_module_docstring_lists_every_code() -> None:
    assert all(code in (catalogue.__doc__ or "") for code in CATALOGUE)


def test_every_template_renders_with_its_fields() -> None:
    for code, rule in CATALOGUE.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(rule.template) if name}
        found = catalogue.finding(code, **dict.fromkeys(fields - {"value"}, "X"), value="=1")
        assert found.code == code and isinstance(found.severity, Severity) and "{" not in found.message
        assert found.value == "'=1"
