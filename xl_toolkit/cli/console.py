"""Shared console helpers for the CLI: one rich console, progress bars and Chinese error exits."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..limits import current_limits

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

#: Exit code for wrong usage or unreadable input (distinct from 1: findings were reported).
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a Chinese error message and exit."""
    err_console.print(f"[bold red]错误：[/]{message}")
    raise typer.Exit(code)


def check_limits() -> None:
    """Fail with the Chinese message when an XLT_MAX_* environment variable is not a positive number."""
    try:
        current_limits()
    except ValueError as error:
        fail(str(error))


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Progress]:
    """A progress bar over `total` items (set later with `set_total` when not yet known), hidden when output is
    not a terminal."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as progress:
        progress.add_task(description, total=total)
        yield progress


def set_total(progress: Progress, total: int) -> None:
    """Set how many items the single task of a progress bar counts to."""
    progress.update(progress.task_ids[0], total=total)


def advance(progress: Progress) -> None:
    """Advance the single task of a progress bar by one (nothing to do for a hidden bar: a few µs per item saved)."""
    if not progress.disable:
        progress.advance(progress.task_ids[0])


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Keep what is alive now (modules, the app) out of the garbage collector's full passes while the
    block runs: they live on anyway, and re-scanning them each time thousands of results have accumulated costs
    a tenth of a large batch's main-process time. Pool workers forked inside the block inherit the freeze."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
