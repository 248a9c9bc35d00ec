"""Start the workbook's apps with Voilà, on this computer only.

Voilà's settings live in one place, ``notebooks/voila.json`` (listening address, no
tracebacks on pages, the execution timeout); Voilà reads it because it is started in that
folder. Run ``python -m coprod_helpers start [--port N]``.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys

from .config import NOTEBOOKS_DIR

DEFAULT_PORT = 8866
LOOPBACK = "127.0.0.1"


def voila_command(port: int = DEFAULT_PORT, folder=NOTEBOOKS_DIR) -> list[str]:
    """The command that serves every notebook in ``folder`` (the apps by default) on 127.0.0.1:``port``."""
    return [sys.executable, "-m", "voila", str(folder), "--no-browser", f"--port={port}",
            f"--Voila.ip={LOOPBACK}"]


def start_page_url(port: int = DEFAULT_PORT) -> str:
    return f"http://{LOOPBACK}:{port}/voila/render/00_start_here.ipynb"


def start_voila(port: int = DEFAULT_PORT, *, folder=NOTEBOOKS_DIR, env: dict | None = None,
                **popen) -> subprocess.Popen:
    """Start Voilà in the background (as the tests and benchmarks do); stop it with ``.terminate()``.

    It runs in ``folder`` so that the ``voila.json`` there applies.
    """
    return subprocess.Popen(voila_command(port, folder), cwd=folder, env={**os.environ, **(env or {})}, **popen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coprod_helpers",
                                     description="Co-production Workbook: start the apps.")
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="serve the apps with Voila on 127.0.0.1 (this computer only)")
    start.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    print(f"Starting the Co-production Workbook. When it is ready, open {start_page_url(args.port)}\n"
          "It listens on this computer only (127.0.0.1). Press Ctrl+C to stop it.", flush=True)
    process = start_voila(args.port)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()


if __name__ == "__main__":
    raise SystemExit(main())
