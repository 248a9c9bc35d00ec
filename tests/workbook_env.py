"""A pytest plugin (loaded by ``-p workbook_env`` in pyproject.toml) for every test run,
including the nbval run over ``notebooks/``: point the project store at a throwaway file so
that no test, and no notebook run by a test, ever writes to a team's real store, and keep
maps from asking for street tiles."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

_TMP = None


def pytest_configure(config):
    global _TMP
    _TMP = tempfile.TemporaryDirectory(prefix="coprod-tests-")
    os.environ["COPROD_STORE_URL"] = f"sqlite:///{Path(_TMP.name) / 'store.sqlite'}"
    os.environ["COPROD_STREET_TILES"] = "0"


def pytest_unconfigure(config):
    if _TMP is not None:
        _TMP.cleanup()
