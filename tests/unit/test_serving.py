"""Serving the apps: loopback by default, and the documented token route refuses strangers."""
from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request

import pytest

from coprod_helpers.config import NOTEBOOKS_DIR
from coprod_helpers.launch import voila_command
from postgres_server import pick_free_port

pytestmark = pytest.mark.slow


def status(url: str) -> int:
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(url: str, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "Voila stopped at start"
        try:
            status(url)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise TimeoutError(url)


def test_voila_with_a_token_refuses_a_page_without_it(tmp_path):
    port = pick_free_port()
    token = "a-long-random-token-for-the-test"
    command = voila_command(port) + [f"--token={token}"]
    env = {"COPROD_STORE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}", "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen(command, cwd=NOTEBOOKS_DIR, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/voila/tree", process)
        assert status(f"{base}/voila/tree") in (302, 401, 403)
        assert status(f"{base}/voila/tree?token=wrong") in (302, 401, 403)
        assert status(f"{base}/voila/tree?token={token}") == 200
    finally:
        process.terminate()
        process.wait(timeout=20)
