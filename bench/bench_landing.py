"""Benchmark: time until the landing app is interactive in Voilà, against an empty notebook.

One Voilà server, started the way ``coprod_helpers.launch`` starts it (same command, same
``voila.json``), serves a temporary folder holding

- ``00_start_here.ipynb``: a link to the real landing app in ``notebooks/``, and
- ``empty.ipynb``: the baseline, written at run time, one cell showing one ipywidgets Button
  (so "interactive" means the same thing on both pages).

The baseline never lives in ``notebooks/``, which holds only the apps. The store is a fresh
SQLite file; street tiles are off (``COPROD_STREET_TILES=0``).

"Interactive" is the first moment the page's button (``Create the project`` on the landing
page, ``Ready`` on the empty one) is visible and the server reports the page's kernel idle.
Voilà sends the page footer only once the last cell has run, so the button cannot show
before the whole notebook has executed. The time is ``performance.now()`` in the page, that
is from navigation start, checked on every animation frame. Each load uses a fresh browser
context (a first visit: nothing cached) and its kernel is shut down before the next load.

Loads alternate landing / empty; the first load of each is a warm-up and is not counted.
Each run also prints when Voilà had sent the whole page (``responseEnd``: its kernel started
and every cell run), which splits the time into server side and browser side.

Run: ``.venv/bin/python bench/bench_landing.py [--runs 7]`` (1 to 2 minutes on 2 cores)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1] / "tests"
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from chromium import LAUNCH_FLAGS, find_system_chromium  # noqa: E402
from voila_server import VoilaServer  # noqa: E402

from coprod_helpers.config import NOTEBOOKS_DIR  # noqa: E402

LANDING, LANDING_BUTTON = "00_start_here.ipynb", "Create the project"
BASELINE, BASELINE_BUTTON = "empty.ipynb", "Ready"
PAGES = {"landing": (LANDING, LANDING_BUTTON), "empty": (BASELINE, BASELINE_BUTTON)}
RUNS = 7
WAIT_MS = 120_000

# Runs in every page before its own scripts: on each animation frame, look for the button;
# once it is visible, ask the server whether the page's kernel is idle. Records the moment
# both hold in window.__coprodInteractive (ms from navigation start).
WATCH_SCRIPT = """
(() => {
  const name = %s;
  window.__coprodInteractive = null;
  const visible = () => Array.from(document.querySelectorAll('button')).some(b => {
    if (b.textContent.trim() !== name) return false;
    const box = b.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(b).visibility !== 'hidden';
  });
  const kernelIdle = async () => {
    const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
    const url = new URL('api/kernels/' + config.kernelId, location.origin + config.baseUrl);
    const reply = await fetch(url, {cache: 'no-store'});
    return reply.ok && (await reply.json()).execution_state === 'idle';
  };
  const tick = async () => {
    if (visible()) {
      const seen = performance.now();
      try {
        if (await kernelIdle()) { window.__coprodInteractive = seen; return; }
      } catch (err) { /* the server was busy: look again next frame */ }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


# Shuts the page's kernel down. Voilà's own beforeunload request is refused here (HTTP 403,
# "'_xsrf' argument missing", voila-dashboards/voila#1458: the page gets no _xsrf cookie), so
# closed pages would leave their kernels running and slow the later loads. Tornado accepts
# a cookie and header that match, so the page sets both.
SHUTDOWN_SCRIPT = """
async () => {
  const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
  const token = crypto.randomUUID().replaceAll('-', '');
  document.cookie = `_xsrf=${token}; path=/; SameSite=Strict`;
  const url = new URL('voila/api/shutdown/' + config.kernelId, location.origin + config.baseUrl);
  return (await fetch(url, {method: 'POST', headers: {'X-XSRFToken': token}})).status;
}
"""


def write_baseline_notebook(path: Path) -> None:
    """The empty app: one code cell that shows one small Button, nothing else."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.cells.append(nbformat.v4.new_code_cell(f'import ipywidgets\nipywidgets.Button(description="{BASELINE_BUTTON}")'))
    nbformat.write(nb, path)


def make_app_folder(folder: Path) -> Path:
    """A folder for Voilà: the landing app (linked), the empty notebook, the apps' voila.json."""
    folder.mkdir()
    (folder / LANDING).symlink_to(NOTEBOOKS_DIR / LANDING)
    write_baseline_notebook(folder / BASELINE)
    shutil.copy2(NOTEBOOKS_DIR / "voila.json", folder / "voila.json")
    return folder


class FolderVoilaServer(VoilaServer):
    """``VoilaServer`` for a temporary folder, with ways to watch its kernels."""

    def __init__(self, folder: Path, store_url: str, **kwargs):
        super().__init__(store_url, folder=folder, **kwargs)

    def kernel_count(self) -> int:
        import psutil

        count = 0
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                count += "ipykernel_launcher" in child.cmdline()
            except psutil.Error:  # it ended while we looked
                pass
        return count

    def wait_for_no_kernels(self, timeout: float = 30) -> None:
        """Wait until every kernel has ended, so that no load shares the CPU with an old one."""
        deadline = time.monotonic() + timeout
        while self.kernel_count():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.kernel_count()} kernel(s) still running {timeout} s after shutdown")
            time.sleep(0.05)


def time_to_interactive(browser, server: FolderVoilaServer, notebook: str, button: str) -> tuple[float, float]:
    """Seconds from navigation start until ``button`` is visible and the kernel idle, and until
    Voilà had sent the whole page (its kernel started and every cell run)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else r.abort())
        context.add_init_script(WATCH_SCRIPT % json.dumps(button))
        page = context.new_page()
        page.goto(f"{server.url}/voila/render/{notebook}", wait_until="commit", timeout=WAIT_MS)
        page.get_by_role("button", name=button).wait_for(state="visible", timeout=WAIT_MS)
        interactive = page.wait_for_function("window.__coprodInteractive", polling=50, timeout=WAIT_MS).json_value()
        sent = page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd")
        status = page.evaluate(SHUTDOWN_SCRIPT)
        if status != 204:
            raise RuntimeError(f"Voila refused to shut down the kernel of {notebook} (HTTP {status})")
    finally:
        context.close()
    server.wait_for_no_kernels()
    return interactive / 1000, sent / 1000


def measure(browser, server: FolderVoilaServer, runs: int) -> dict[str, list[tuple[float, float]]]:
    """``runs`` loads of each page, alternating; the first load of each is dropped as a warm-up."""
    times: dict[str, list[tuple[float, float]]] = {key: [] for key in PAGES}
    for run in range(runs):
        for key, (notebook, button) in PAGES.items():
            interactive, sent = time_to_interactive(browser, server, notebook, button)
            label = "warm-up" if run == 0 else f"run {run}"
            print(f"  {label:>7} {key:<7} interactive {interactive:5.2f} s  (page sent {sent:5.2f} s)", flush=True)
            if run:
                times[key].append((interactive, sent))
    return times


def summary(name: str, samples: list[tuple[float, float]]) -> tuple[str, float]:
    interactive = [i for i, _ in samples]
    median = statistics.median(interactive)
    runs = " ".join(f"{t:.2f}" for t in interactive)
    sent = statistics.median(s for _, s in samples)
    return (f"{name}: median {median:.1f} s  (runs {runs} s; Voila had sent the page at a median "
            f"{sent:.1f} s)"), median


def load_note(before: float, after: float) -> str:
    """The machine's cores and load; a warning when other work competed with the bench."""
    cores = os.cpu_count() or 1
    note = f"machine: {cores} cores, 1-minute load average {before:.1f} at start, {after:.1f} at end"
    if max(before, after) > cores:
        note += " (other work was running: the times are noisy, the ratio less so as the loads alternate)"
    return note


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS,
                        help=f"loads of each page, the first one a warm-up (default {RUNS})")
    args = parser.parse_args(argv)
    if args.runs < 2:
        parser.error("--runs must be at least 2 (the first load of each page is a warm-up)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = make_app_folder(Path(tmp) / "apps")
        log = Path(tmp) / "voila.log"
        server = FolderVoilaServer(folder, f"sqlite:///{Path(tmp) / 'store.sqlite'}", log_path=log)
        load_before = os.getloadavg()[0]
        try:
            started = time.perf_counter()
            server.start()
            print(f"Voila ready on {server.url} in {time.perf_counter() - started:.1f} s; {args.runs} loads "
                  "of each page, alternating, the first of each a warm-up", flush=True)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=find_system_chromium(), args=LAUNCH_FLAGS)
                try:
                    times = measure(browser, server, args.runs)
                finally:
                    browser.close()
        except Exception:
            print(log.read_text(errors="replace")[-4000:] if log.exists() else "", file=sys.stderr)
            raise
        finally:
            server.stop()
    landing_line, landing = summary("landing 00_start_here", times["landing"])
    empty_line, empty = summary("baseline empty notebook", times["empty"])
    print(landing_line)
    print(empty_line)
    paired = statistics.median(a / b for (a, _), (b, _) in zip(times["landing"], times["empty"]))
    print(f"ratio landing/empty: {landing / empty:.2f}x  (median of the {len(times['empty'])} "
          f"back-to-back pairs: {paired:.2f}x)")
    print(load_note(load_before, os.getloadavg()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
