"""Where things live. Paths are decided here once and nowhere else.

Nothing here touches the disk when imported.
"""
from __future__ import annotations

import os
from pathlib import Path

#: Environment variable with a database URL (``sqlite:///...`` or ``postgresql+psycopg://...``).
STORE_URL_ENV = "COPROD_STORE_URL"

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = REPO_DIR / "data"
DEMO_DIR = DATA_DIR / "demo"
NOTEBOOKS_DIR = REPO_DIR / "notebooks"


def default_store_path() -> Path:
    """The default SQLite store: in the user's data folder, never inside the git tree."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "coprod-workbook" / "store.sqlite"


def store_url(url: str | None = None) -> str:
    """The database URL to use: ``url`` if given, else the environment variable, else the default file."""
    if url:
        return url
    env = os.environ.get(STORE_URL_ENV)
    if env:
        return env
    return f"sqlite:///{default_store_path()}"
