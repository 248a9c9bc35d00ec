"""Find a Chromium for the browser tests, and install one where none is found.

Run as ``python tests/chromium.py --install`` (the README's test command does): it finds a
Chromium already on the machine (``$COPROD_CHROMIUM``, Debian's ``chromium``, or one that
``playwright install`` put in its cache), and otherwise installs one by the route that works
here: Debian's package when running as root with apt (machines without internet but with the
package mirror), else ``playwright install chromium`` (machines with internet).
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Flags that keep Chromium headless and quiet: without the networking ones it keeps
# trying to reach the internet, which these machines refuse.
LAUNCH_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]


def find_system_chromium() -> str | None:
    """The path of a Chromium installed outside Playwright, or None."""
    given = os.environ.get("COPROD_CHROMIUM")
    if given and Path(given).exists():
        return given
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def playwright_has_chromium() -> bool:
    cache = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache" / "ms-playwright")
    return bool(glob.glob(os.path.join(cache, "chromium-*")))


def install() -> None:
    """Install a Chromium, trying Debian's package first when we can, then Playwright's download."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        quiet = {"stdout": subprocess.DEVNULL}
        ok = (subprocess.run(["apt-get", "update", "-qq"], **quiet).returncode == 0
              and subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], **quiet,
                                 env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}).returncode == 0)
        if ok and find_system_chromium():
            return
    subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)


def main(argv: list[str]) -> int:
    if find_system_chromium() or playwright_has_chromium():
        return 0
    if "--install" not in argv:
        print("No Chromium found. Run: python tests/chromium.py --install", file=sys.stderr)
        return 1
    print("No Chromium found for the browser tests: installing one...", flush=True)
    install()
    if find_system_chromium() or playwright_has_chromium():
        return 0
    print("Could not install Chromium. Install it (for example 'apt-get install chromium', or "
          "'python -m playwright install chromium' with internet), or set COPROD_CHROMIUM to its path.",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
