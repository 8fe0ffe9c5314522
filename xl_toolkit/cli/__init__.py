"""The `xlt` command line: a thin adapter over the same service functions the Excel buttons call."""

from __future__ import annotations

import typer

from . import consolidate_cmd, demo_cmd, indicators_cmd, plan_cmd, schemas_cmd, validate_cmd

app = typer.Typer(
    name="xlt",
    help="xl_toolkit：计划任务分工、报送校验、汇总与指标测算工具",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Each command module exposes `register(app)`; add a module here to add its commands.
COMMAND_MODULES = (plan_cmd, demo_cmd, validate_cmd, consolidate_cmd, indicators_cmd, schemas_cmd)

for _module in COMMAND_MODULES:
    _module.register(app)


def main() -> None:
    """Console entry point."""
    app()
