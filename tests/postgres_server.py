"""A throwaway PostgreSQL 15 server for tests, on 127.0.0.1 and a free port.

Uses Debian's binaries in ``/usr/lib/postgresql/15/bin``. ``initdb`` refuses to run as
root, so as root the data folder is given to the ``postgres`` user and the tools run
through ``runuser``; otherwise they run as the current user.

Examples
--------
>>> with PostgresServer() as server:          # doctest: +SKIP
...     engine = sqlalchemy.create_engine(server.url)
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN_DIR = Path(os.environ.get("COPROD_PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVICE_USER = "postgres"


def find_postgres_bin(bin_dir: Path = BIN_DIR) -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None when PostgreSQL is not installed."""
    ok = all((bin_dir / tool).exists() for tool in ("initdb", "pg_ctl", "postgres"))
    return bin_dir if ok else None


def skip_or_fail(reason: str) -> None:
    """Skip a test on a developer's machine; fail it in CI (env ``CI`` set), where nothing may skip."""
    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def pick_free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """Start with :meth:`start` (or ``with``), connect with :attr:`url`, end with :meth:`stop`."""

    def __init__(self, bin_dir: Path | None = None):
        self.bin_dir = bin_dir or find_postgres_bin()
        if self.bin_dir is None:
            raise FileNotFoundError(f"PostgreSQL 15 is not installed (no initdb in {BIN_DIR}).")
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        self.base: Path | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        return self.url_for("postgres")

    def url_for(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` on this server."""
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    @property
    def user(self) -> str:
        return SERVICE_USER if self.as_root else _current_user()

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", SERVICE_USER, "--", *cmd]
        result = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.base / "server.log" if self.base else None
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}\n{tail}")

    def start(self, attempts: int = 3) -> str:
        """Create a fresh cluster in a temporary folder and start it; return its URL."""
        # Directly under /tmp: short socket paths, and the postgres user can reach it.
        self.base = Path(tempfile.mkdtemp(prefix="coprod-pg-"))
        data, sock = self.base / "data", self.base / "sock"
        sock.mkdir()
        if self.as_root:
            shutil.chown(self.base, SERVICE_USER)
            shutil.chown(sock, SERVICE_USER)
        self._run("initdb", "-D", str(data), "--auth=trust", "--encoding=UTF8", "--no-sync",
                  f"--username={self.user}")
        for attempt in range(attempts):  # another process may grab the port in between
            self.port = pick_free_port()
            options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={sock} "
                       "-c fsync=off -c max_connections=100")
            try:
                self._run("pg_ctl", "-D", str(data), "-l", str(self.base / "server.log"), "-o", options,
                          "-w", "-t", "60", "start")
                return self.url
            except RuntimeError:
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if self.base is None:
            return
        try:
            if (self.base / "data" / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.base / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None

    def __enter__(self) -> "PostgresServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _current_user() -> str:
    import getpass
    return getpass.getuser()
