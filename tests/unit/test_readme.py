"""The README's two commands are the ones CI and a newcomer run."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    """The indented command lines of the README's "Two commands" section."""
    text = (REPO / "README.md").read_text()
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ") and line.strip()]


def test_the_readme_has_exactly_two_commands_each_making_its_own_venv():
    commands = readme_commands()
    assert len(commands) == 2
    for command in commands:
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install")


def test_ci_runs_the_readme_test_command_exactly():
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert readme_commands()[1] in ci_lines


def test_the_test_command_installs_chromium_and_runs_every_kind_of_test():
    start, test = readme_commands()
    assert "tests/chromium.py --install" in test
    assert re.search(r"\.venv/bin/pytest( -q)?( -p no:cacheprovider)?$", test)  # no path: pyproject's testpaths
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'testpaths = ["tests", "notebooks"]' in pyproject and "--nbval-lax" in pyproject
    assert "coprod_helpers start" in start


def test_the_start_command_listens_on_loopback_only():
    import json

    from coprod_helpers.launch import voila_command

    assert "--Voila.ip=127.0.0.1" in voila_command(8866)
    settings = json.loads((REPO / "notebooks" / "voila.json").read_text())
    assert settings["Voila"]["ip"] == "127.0.0.1"
    assert settings["VoilaConfiguration"]["show_tracebacks"] is False
    assert settings["VoilaExecutor"]["timeout"] > 0
