"""The pure core imports no Excel library, no database and no file-system walking."""

from __future__ import annotations

import ast
from pathlib import Path

import xl_toolkit

PACKAGE = Path(xl_toolkit.__file__).parent
ADAPTER_DIRS = {"io", "cli", "excel", "services"}
ADAPTER_MODULES = {"demo.py", "schemas.py"}
FORBIDDEN = {"openpyxl", "xlwings", "python_calamine", "sqlalchemy", "pandas", "typer", "rich", "shutil", "glob"}


def _core_modules() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in ADAPTER_DIRS and path.name not in ADAPTER_MODULES
    ]


def test_core_modules_import_no_adapter_library() -> None:
    offenders = []
    for path in _core_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(PACKAGE)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_public_names_are_all_exported() -> None:
    public = {name for name in vars(xl_toolkit) if not name.startswith("_") and name[0].isupper()}
    assert public <= set(xl_toolkit.__all__)
    assert all(hasattr(xl_toolkit, name) for name in xl_toolkit.__all__)
