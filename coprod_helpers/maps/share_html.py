"""The asset map as one self-contained HTML file to e-mail or put on a shared drive.

Leaflet, the clustering plugin, the styles and our small script are written into the file,
so it opens with no internet. With internet it also shows the street map; without, the
small-area outlines. The places travel as JSON inside the page (``<``, ``>`` and ``&``
escaped) and are drawn by a short hand-written script (``share_html.js``) that puts text in
with ``textContent`` only, so nothing typed by a person can run, and 10,000 places stay a
small file. Next to the map: a list of the same places (keyboard and screen-reader
friendly), search by name, category filters, the legend, date, sources and licences.
"""
from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from ..assets.hsds import published_only
from ..assets.model import DAYS, DAY_LABELS, STARTER_CATEGORIES
from ..assets.privacy import shareable_assets
from .assets_map import ACCESS_WORDS, _area_title, _bins, area_values, script_json

HERE = Path(__file__).resolve().parent
OSM_TILES = {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
             "attribution": "\u00a9 OpenStreetMap contributors"}
_SAFE_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


def safe_colour(value: str, default: str = "#555555") -> str:
    """A hex colour, or ``default`` (colours end up in style attributes)."""
    return value if isinstance(value, str) and _SAFE_COLOUR.match(value) else default


def _library() -> tuple[str, str]:
    """Leaflet and markercluster (JS, CSS) from the xstatic packages installed with the workbook."""
    from xstatic.pkg import leaflet, leaflet_markercluster

    lf, mc = Path(leaflet.BASE_DIR), Path(leaflet_markercluster.BASE_DIR)
    js = (lf / "leaflet.js").read_text(encoding="utf-8") + "\n" + (mc / "leaflet.markercluster.js").read_text(
        encoding="utf-8")
    css = "\n".join((p).read_text(encoding="utf-8") for p in (lf / "leaflet.css", mc / "MarkerCluster.css",
                                                                mc / "MarkerCluster.Default.css"))
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def _detail_rows(a: dict) -> list[list[str]]:
    rows = []
    for label, key in (("Run by", "organisation"), ("Who it is for", "for_whom"), ("Cost", "cost")):
        if a.get(key):
            rows.append([label, str(a[key])])
    if a.get("languages"):
        rows.append(["Languages", ", ".join(a["languages"])])
    if a.get("referral_needed") is not None:
        rows.append(["Referral needed", "yes" if a["referral_needed"] else "no"])
    access = [w for k, w in ACCESS_WORDS.items() if a.get(k)]
    if access:
        rows.append(["Access", ", ".join(access)])
    times = a.get("opening_times") or {}
    if times:
        rows.append(["Open", "; ".join(f"{DAY_LABELS[d]} " + (", ".join(f"{o}-{c}" for o, c in times[d]) or "closed")
                                       for d in DAYS if d in times)])
    for label, key in (("Where", "address"), ("Phone", "phone"), ("Last checked", "last_checked")):
        if a.get(key):
            rows.append([label, str(a[key])])
    return rows


def map_data(assets, *, area=None, categories=STARTER_CATEGORIES, colour_by=None) -> dict:
    """The compact data the page draws: categories, places (shareable copies), small areas.

    This does not filter by status: :func:`export_map_html` keeps only published assets
    before calling it.
    """
    cats = [c for c in categories]
    index = {c.key: i for i, c in enumerate(cats)}
    rows = []
    for a in shareable_assets(assets):
        if a.get("latitude") is None or a.get("longitude") is None:
            continue
        rows.append([round(float(a["latitude"]), 5), round(float(a["longitude"]), 5), str(a.get("name") or ""),
                     [index[k] for k in a.get("categories") or [] if k in index], a.get("postcode") or "",
                     a.get("description") or "", a.get("own_words") or "", _detail_rows(a) or 0,
                     a.get("website") or "", 1 if a.get("location_is_approximate") else 0])
    data = {"categories": [[c.key, c.label, safe_colour(c.colour)] for c in cats], "assets": rows,
            "tiles": OSM_TILES, "areas": None, "area_legend": []}
    if area is not None:
        import shapely

        small = area.small_areas[["code", "name", "geometry"]]
        values = area_values(area, colour_by)
        reverse = isinstance(colour_by, str) and colour_by in ("imd_decile", "imd_rank")
        legend, colours = _bins(values, reverse) if values is not None else ([], {})
        geoms = shapely.set_precision(small.geometry.simplify(0.0001, preserve_topology=True).values, 0.00001)
        features = [{"type": "Feature", "properties": {"f": colours.get(code)},
                     "geometry": shapely.geometry.mapping(g)} for code, g in zip(small["code"], geoms)]
        data["areas"] = {"type": "FeatureCollection", "features": features}
        data["area_legend"] = legend
        west, south, east, north = (float(v) for v in small.total_bounds)
    elif rows:
        south, north = min(r[0] for r in rows), max(r[0] for r in rows)
        west, east = min(r[1] for r in rows), max(r[1] for r in rows)
    else:
        west, south, east, north = -0.2, 51.4, 0.1, 51.6
    data["bounds"] = [[south, west], [north, east]]
    return data


def export_map_html(assets, path=None, *, area=None, categories=STARTER_CATEGORIES, title: str = "Community assets",
                    made_on: str | None = None, sources=(), licence: str | None = None, colour_by=None,
                    colour_label: str | None = None, intro: str | None = None,
                    include_unpublished: bool = False) -> str | None:
    """Write the shareable map page, or return its HTML when ``path`` is None.

    Only published assets (``status == "published"``) are put on the page: proposed,
    declined and archived ones (and any with no status) are left out even if passed.

    Parameters
    ----------
    assets : list of dict
        The assets to share, e.g. :func:`~coprod_helpers.assets.register.published_assets`.
        Shareable copies are made here (no names of contributors, hidden places approximate).
    include_unpublished : bool
        Put every asset passed on the page, whatever its status. For internal use only:
        never share that page.
    area : Area, optional
        Its small areas are drawn (and coloured by ``colour_by``); its attributions are listed.
    sources : list of str
        Where the data came from, shown at the foot with ``licence``.

    Examples
    --------
    >>> export_map_html(published_assets(store, pid), "assets.html", area=area,
    ...                 title="Places that help, Riverside Vale")          # doctest: +SKIP
    """
    e = lambda v: html.escape(str(v), quote=True)  # noqa: E731
    assets = published_only(assets, include_unpublished=include_unpublished)
    data = map_data(assets, area=area, categories=categories, colour_by=colour_by)
    js, css = _library()
    made_on = made_on or date.today().isoformat()
    attributions = list(dict.fromkeys([*(getattr(area, "attributions", None) or []), *sources]))
    attributions.append("Street map when online: \u00a9 OpenStreetMap contributors (ODbL).")
    checks = "".join(
        f"<label><input type='checkbox' checked data-cat='{i}'><span class='coprod-swatch' "
        f"style='background:{colour}' aria-hidden='true'></span>{e(label)}</label>"
        for i, (_key, label, colour) in enumerate(data["categories"]))
    area_legend = ""
    if data["area_legend"]:
        area_legend = (f"<div class='coprod-area-legend'><strong>Small areas: {e(_area_title(colour_by, colour_label))}</strong><ul>"
                       + "".join(f"<li><span class='coprod-swatch coprod-square' style='background:{c}' "
                                 f"aria-hidden='true'></span>{e(label)}</li>" for label, c in data["area_legend"])
                       + "</ul></div>")
    own_js = (HERE / "share_html.js").read_text(encoding="utf-8")
    own_css = (HERE / "share_html.css").read_text(encoding="utf-8")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>{css}
{own_css}</style></head>
<body>
<header><h1>{e(title)}</h1>
<p>Made on <time datetime="{e(made_on)}">{e(made_on)}</time>. {len(data['assets'])} places.
{e(intro) if intro else ''}</p></header>
<main class="coprod-layout">
<section class="coprod-controls" aria-label="Search and filters">
<label for="search">Search by name</label>
<input id="search" type="search" autocomplete="off">
<fieldset><legend>Categories (legend and filter)</legend>{checks}</fieldset>
{area_legend}
<p id="count" role="status" aria-live="polite"></p>
<p id="tiles-note" role="status"></p>
</section>
<div id="map" role="region" aria-label="Map of the places. The same places are in the list."></div>
<section id="list-section" aria-labelledby="list-heading">
<h2 id="list-heading">List of places</h2>
<ul id="list"></ul>
<button id="more" type="button" hidden>Show more places</button>
</section>
</main>
<footer><h2>Sources and licences</h2><ul>{''.join(f'<li>{e(a)}</li>' for a in attributions)}</ul>
{f'<p>{e(licence)}</p>' if licence else ''}
<p>Places marked as approximate are shown near, not at, where they are, to protect the people who use them.</p>
</footer>
<noscript><p>This map needs JavaScript. The list of places is in the data exports.</p></noscript>
<script>{js}</script>
<script id="coprod-data" type="application/json">{script_json(data)}</script>
<script>{own_js}</script>
</body></html>
"""
    if path is None:
        return page
    Path(path).write_text(page, encoding="utf-8")
    return None
