"""Run the benchmarks and sum up their ratios.

Run every benchmark::

    .venv/bin/python bench/run.py

or only some, by name (``landing``, ``bench_landing`` and ``bench_landing.py`` all work)::

    .venv/bin/python bench/run.py landing rates

Each ``bench/bench_*.py`` runs in its own process with this Python, its output shown as it
comes; at the end come the lines that give a ratio, the time each took, and whether it
failed. The exit status is 1 when any benchmark failed, 2 for an unknown name.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RATIO = re.compile(r"(?:[\w/-]+ )?ratio\s+[\d.,]+x?", re.IGNORECASE)


def find_benchmarks(names: list[str]) -> tuple[list[Path], list[str]]:
    """The scripts named (every ``bench_*.py`` when none are), and the names that match none."""
    every = sorted(BENCH_DIR.glob("bench_*.py"))
    if not names:
        return every, []
    by_name = {p.stem.removeprefix("bench_"): p for p in every}
    chosen, unknown = [], []
    for name in names:
        key = Path(name).stem.removeprefix("bench_")
        if key in by_name:
            chosen.append(by_name[key])
        else:
            unknown.append(name)
    return chosen, unknown


def ratio_lines(output: list[str]) -> list[str]:
    """The lines that state a ratio, shortened to their label and ratios where they say more."""
    found = []
    for line in output:
        text = " ".join(line.split())
        if text.lower().startswith("ratio"):
            found.append(text)
        elif parts := RATIO.findall(text):
            label = text.split(":", 1)[0] if ":" in text else ""
            found.append((f"{label}: " if label else "") + ", ".join(" ".join(p.split()) for p in parts))
    return found


def run_benchmark(script: Path) -> tuple[int, float, list[str]]:
    """Run one script, echoing its output; its exit status, seconds taken and output lines."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, bufsize=1, env=env, cwd=BENCH_DIR.parent) as process:
        output = []
        for line in process.stdout:
            print(line, end="", flush=True)
            output.append(line.rstrip("\n"))
    return process.returncode, time.perf_counter() - started, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks in bench/ and sum up their ratios.")
    parser.add_argument("names", nargs="*", help="benchmarks to run, e.g. landing rates (default: all)")
    args = parser.parse_args(argv)
    scripts, unknown = find_benchmarks(args.names)
    if unknown:
        known = ", ".join(p.stem.removeprefix("bench_") for p in find_benchmarks([])[0])
        print(f"No benchmark called {', '.join(unknown)}. There are: {known}.", file=sys.stderr)
        return 2
    results = []
    for script in scripts:
        print(f"=== {script.name}", flush=True)
        results.append((script, *run_benchmark(script)))
    print("\n=== Summary")
    for script, status, seconds, output in results:
        state = "ok" if status == 0 else f"FAILED (exit {status})"
        print(f"{script.name}: {state}, {seconds:.0f} s")
        for line in ratio_lines(output):
            print(f"  {line}")
        if status and output:
            print(f"  last line: {output[-1].strip()}")
    return 1 if any(status for _, status, _, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
