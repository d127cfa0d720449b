"""Baseline: the floor of coach's stack for `coach validate FOLDER`.

A one-command Typer app that reads every YAML file in a folder with PyYAML,
validates it with a small pydantic model (an id, a title, a list of sections)
and prints one line a file: what any lesson checker on these libraries pays.
Whatever `coach validate` costs above it is coach's own checking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
import yaml
from pydantic import BaseModel, ConfigDict

cli = typer.Typer(add_completion=False)


class Document(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    sections: list[dict[str, Any]] = []


@cli.command()
def validate(folder: Path) -> None:
    """Check each YAML file in FOLDER and print one line a file."""
    for path in sorted(folder.glob("*.yaml")):
        Document.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        typer.echo(f"{path}: ok")


if __name__ == "__main__":
    cli()
