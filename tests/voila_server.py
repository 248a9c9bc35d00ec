"""A Voilà server for the browser tests and benchmarks, started the way the README starts it."""
from __future__ import annotations

import time
import urllib.error
import urllib.request

from postgres_server import pick_free_port

from coprod_helpers.config import NOTEBOOKS_DIR
from coprod_helpers.launch import start_voila


class VoilaServer:
    """Serves ``folder`` (the apps in ``notebooks/`` by default) on 127.0.0.1 with its own
    project store; use with ``with``."""

    def __init__(self, store_url: str, *, port: int | None = None, log_path=None, folder=NOTEBOOKS_DIR):
        self.store_url = store_url
        self.folder = folder
        self.port = port or pick_free_port()
        self.log_path = log_path
        self.process = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> str:
        self._log = open(self.log_path, "wb") if self.log_path else None
        out = self._log or None
        self.process = start_voila(self.port, folder=self.folder, env={"COPROD_STORE_URL": self.store_url,
                                                   "COPROD_STREET_TILES": "0"},
                                   stdout=out, stderr=out)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Voila stopped at start (exit {self.process.returncode}); see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/voila/tree", timeout=2):
                    return self.url
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise TimeoutError(f"Voila did not answer on {self.url} within {timeout} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except Exception:
                self.process.kill()
        if self._log:
            self._log.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
