"""CLI commands of the agent side (optimize, batch, runs, report); registered onto the main app."""

import typer


def register(app: typer.Typer) -> None:
    """Add the agent's commands to the CLI."""
