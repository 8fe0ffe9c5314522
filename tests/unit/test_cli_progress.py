"""The CLI's progress bar: its total can be told once the files are listed, and a hidden bar costs nothing."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from xl_toolkit.cli import console as cli_console
from xl_toolkit.cli.console import advance, progress_bar, set_total


def test_a_bar_counts_up_to_a_total_told_after_it_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_console, "err_console", Console(file=io.StringIO(), force_terminal=True))
    with progress_bar("校验报送表") as bar:
        assert bar.tasks[0].total is None
        set_total(bar, 3)
        for _ in range(3):
            advance(bar)
        assert (bar.tasks[0].completed, bar.tasks[0].total, bar.finished) == (3, 3, True)


def test_a_bar_hidden_from_a_pipe_is_not_advanced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_console, "err_console", Console(file=io.StringIO(), force_terminal=False))
    with progress_bar("校验报送表", total=3) as bar:
        advance(bar)
        assert bar.disable and bar.tasks[0].completed == 0
