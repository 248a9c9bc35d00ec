"""Benchmark: the shareable asset map against folium's plain export, for big maps.

For 1,000 / 10,000 / 100,000 generated assets in the demo area, prints the file size and the
time until Chromium has drawn the map (opened from a file, no network), for

- ours: :func:`coprod_helpers.maps.share_html.export_map_html`, and
- the baseline: a folium map with one ``folium.Marker`` (with popup) per asset, saved with
  ``Map.save`` and made to work offline with ``maps.offline.inline_offline_assets``,

and the ratios baseline / ours. For 100,000 the folium map is built and timed on a 10,000
sample and scaled by 10 (said in the output): folium's per-marker page takes minutes to build
and open at that size.

"Drawn" is ``performance.now()`` in the page after two animation frames once the places are
on the map (ours: when clustering has finished; folium: after the load event).

Run: ``.venv/bin/python bench/bench_map_export.py [--sizes 1000 10000 100000]``
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FOLIUM_SAMPLE = 10_000
WORDS = ("community", "garden", "hub", "café", "club", "circle", "advice", "library", "walk", "choir", "kitchen")


def generate_assets(n: int, area, seed: int = 6) -> list[dict]:
    """``n`` made-up published assets spread over the area's bounding box."""
    from coprod_helpers.assets.model import STARTER_CATEGORIES

    rnd = random.Random(seed)
    west, south, east, north = (float(v) for v in area.small_areas.total_bounds)
    keys = [c.key for c in STARTER_CATEGORIES]
    out = []
    for i in range(n):
        name = f"{rnd.choice(WORDS).title()} {rnd.choice(WORDS)} {i}"
        out.append({"id": str(i), "status": "published", "name": name,
                    "categories": rnd.sample(keys, rnd.choice((1, 1, 2))),
                    "description": f"A {rnd.choice(WORDS)} for local people.", "own_words": "",
                    "latitude": rnd.uniform(south, north), "longitude": rnd.uniform(west, east),
                    "postcode": None, "opening_times": {"mon": [["09:00", "17:00"]]}, "hide_exact_location": False})
    return out


def folium_plain_html(assets, area) -> str:
    """The baseline: one folium.Marker per asset, popups escaped, made offline."""
    import html

    import folium

    west, south, east, north = (float(v) for v in area.small_areas.total_bounds)
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=13, tiles=None)
    for a in assets:
        folium.Marker([a["latitude"], a["longitude"]],
                      popup=folium.Popup(html.escape(a["name"]) + "<br>" + html.escape(a["description"]))).add_to(m)
    return _offline(m.get_root().render())


def _offline(page: str) -> str:
    """folium's page with its CDN files inlined: the workbook's ``inline_offline_assets`` when
    present, else a minimal stand-in (Leaflet and jQuery from the xstatic packages; other CDN tags dropped)."""
    try:
        from coprod_helpers.maps.offline import inline_offline_assets
    except ImportError:
        pass
    else:
        return inline_offline_assets(page)
    import re

    from xstatic.pkg import jquery, leaflet

    lf, jq = Path(leaflet.BASE_DIR), Path(jquery.BASE_DIR)
    inline = {"leaflet.js": (lf / "leaflet.js"), "jquery": (jq / "jquery.min.js")}

    def script(match):
        src = match.group(1)
        for key, path in inline.items():
            if key in src and "awesome" not in src:
                return "<script>" + path.read_text(encoding="utf-8").replace("</script", "<\\/script") + "</script>"
        return ""

    page = re.sub(r'<script src="(https?://[^"]+)"></script>', script, page)
    css = (lf / "leaflet.css").read_text(encoding="utf-8")
    page = re.sub(r'<link rel="stylesheet" href="https?://[^"]+"/>', "", page)
    return page.replace("</head>", f"<style>{css}</style></head>", 1)


def time_to_draw(page, path: Path, ours: bool) -> float:
    """Milliseconds from navigation start until the map has been drawn."""
    page.goto(path.as_uri(), wait_until="load", timeout=600_000)
    if ours:
        page.wait_for_selector("body[data-map-ready=yes]", timeout=600_000, state="attached")
        return float(page.evaluate("window.coprodMapDrawn"))
    return float(page.evaluate(
        "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from coprod_helpers.area import load_area
    from coprod_helpers.maps.share_html import export_map_html

    area = load_area("demo")
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n in args.sizes:
                assets = generate_assets(n, area)
                ours_path = Path(tmp) / f"ours_{n}.html"
                t0 = time.perf_counter()
                export_map_html(assets, ours_path, area=area, title=f"{n} places")
                ours_build = time.perf_counter() - t0
                sample = n if n <= FOLIUM_SAMPLE else FOLIUM_SAMPLE
                scale = n / sample
                base_path = Path(tmp) / f"folium_{n}.html"
                t0 = time.perf_counter()
                base_path.write_text(folium_plain_html(assets[:sample], area), encoding="utf-8")
                base_build = (time.perf_counter() - t0) * scale
                results = {}
                for label, path, ours in (("ours", ours_path, True), ("folium", base_path, False)):
                    context = browser.new_context(viewport={"width": 1280, "height": 800})
                    page = context.new_page()
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                    results[label] = time_to_draw(page, path, ours)
                    context.close()
                ours_mb = ours_path.stat().st_size / 1e6
                base_mb = base_path.stat().st_size / 1e6 * scale
                base_ms = results["folium"] * scale
                note = f" (folium timed on {sample:,} and x{scale:g})" if scale != 1 else ""
                rows.append((n, ours_mb, base_mb, results["ours"], base_ms, ours_build, base_build, note))
                print(f"{n:>7,} assets: ours {ours_mb:7.2f} MB drawn in {results['ours']:8.0f} ms "
                      f"(built {ours_build:5.1f} s) | folium {base_mb:8.2f} MB drawn in {base_ms:9.0f} ms "
                      f"(built {base_build:6.1f} s) | size ratio {base_mb / ours_mb:5.1f}x, "
                      f"draw-time ratio {base_ms / results['ours']:5.1f}x{note}", flush=True)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
