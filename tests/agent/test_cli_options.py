"""optimize and batch take their defaults and help from the run configuration (agent/config.py): one place to
change a default, and the command line, its --help and the configuration of a run follow."""

from __future__ import annotations

import re
from typing import get_args

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from kernelpilot.agent import commands
from kernelpilot.agent.commands import RUN_OPTIONS
from kernelpilot.agent.config import LLMConfig, RunConfig

SHARED = ("optimize", "batch")


def _app() -> typer.Typer:
    """The agent's commands defined afresh, so that they read the configuration's fields as they are now."""
    app = typer.Typer()
    commands.register(app)
    return app


def _params(app: typer.Typer, name: str) -> dict:
    return {p.name: p for p in get_command(app).commands[name].params}


def _help(app: typer.Typer, name: str) -> str:
    out = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"}).output
    return " ".join(out.replace("│", " ").split())  # rich's panel as one line: a wrapped text reads whole


def _follows_field(name: str) -> bool:
    return RUN_OPTIONS[name].default is commands._FIELD


def _value_at(cfg: RunConfig, path: str):
    for part in path.split("."):
        cfg = getattr(cfg, part)
    return cfg


def _another(field):
    """A valid default other than the field's own."""
    d = field.default
    if isinstance(d, str):
        return next(c for c in get_args(field.annotation) if c != d)
    return d + 3 if isinstance(d, int) else d + 0.25


@pytest.mark.parametrize("command", SHARED)
def test_every_shared_option_has_its_fields_default_and_help(command):
    params = _params(_app(), command)
    assert RUN_OPTIONS.keys() <= params.keys()  # one definition, taken by both commands
    for name, spec in RUN_OPTIONS.items():
        p, field = params[name], spec.field
        assert p.opts[0] == spec.flags[0], name
        if _follows_field(name):
            assert p.default == field.default, f"--{name}: {p.default!r} on the command line, {field.default!r} in the config"
        if spec.help is None and name != "out":  # out: one file for optimize, a folder for batch
            assert p.help == field.description, name
    assert f"default {LLMConfig.model_fields['concurrency'].default};" in params["concurrency"].help


def test_a_default_changed_in_the_config_reaches_the_options_the_help_and_the_run(monkeypatch):
    monkeypatch.delenv("KERNELPILOT_MODEL", raising=False)
    changed = {}
    for name, spec in RUN_OPTIONS.items():
        field = spec.field
        if field.default is not None and (_follows_field(name) or name == "concurrency"):
            changed[name] = _another(field)
            monkeypatch.setattr(field, "default", changed[name])
            monkeypatch.setattr(field, "description", f"{name}, as the config says")
    assert {"candidates", "rounds", "patience", "max_steps", "max_output_tokens", "llm_retries", "max_llm_failures",
            "concurrency", "tool_protocol", "strategy", "device", "trials"} <= changed.keys()
    app = _app()
    for command in SHARED:
        params, text = _params(app, command), _help(app, command)
        for name, new in changed.items():
            if _follows_field(name):
                assert params[name].default == new, name
                assert f"{name}, as the config says [default: {new}]" in text, name
        assert f"concurrency, as the config says (default {changed['concurrency']};" in text
        cfg = commands._build_config(**{n: (p.default if n != "model" else "gpt-4o") for n, p in params.items()
                                        if n in RUN_OPTIONS})
        for name, new in changed.items():
            assert _value_at(cfg, RUN_OPTIONS[name].path) == new, name


@pytest.mark.parametrize("command", SHARED)
def test_a_run_with_no_option_given_has_the_configs_defaults(command, monkeypatch):
    monkeypatch.delenv("KERNELPILOT_MODEL", raising=False)
    values = {n: p.default for n, p in _params(_app(), command).items() if n in RUN_OPTIONS}
    values["model"] = "gpt-4o"  # the one option with no default (from $KERNELPILOT_MODEL, else an error)
    assert commands._build_config(**values) == RunConfig(llm=LLMConfig(model="gpt-4o"))
    local = commands._build_config(**{**values, "api_base": "http://localhost:8000/v1"})
    assert local.llm.concurrency == 1  # a server on this machine serves one request at a time


def test_build_config_takes_every_shared_option_by_name_and_nothing_else():
    with pytest.raises(TypeError):
        commands._build_config(candidates=4)
    with pytest.raises(TypeError):
        commands._build_config("gpt-4o")


def test_an_invalid_value_is_one_line_naming_the_field(monkeypatch):
    monkeypatch.delenv("KERNELPILOT_MODEL", raising=False)
    r = CliRunner().invoke(_app(), ["optimize", "softmax", "--model", "scripted", "--candidates", "0"])
    assert r.exit_code == 2
    assert re.search(r"error: invalid option candidates: Input should be greater than or equal to 1", r.output)
