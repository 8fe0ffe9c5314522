"""`xlt schemas`: regenerate the JSON Schemas in schemas/."""

from __future__ import annotations

from pathlib import Path

import typer

from ..schemas import write_schemas


def register(app: typer.Typer) -> None:
    @app.command("schemas")
    def schemas(out: Path = typer.Option(Path("schemas"), "-o", "--out", help="输出目录")) -> None:
        """由 pydantic 模型生成 JSON Schema（写入 schemas/）。"""
        for path in write_schemas(out):
            typer.echo(f"已写入 {path}")
