"""The community asset map as a folium object: a pure builder, no display, no network.

One switchable layer per category (each with its own marker clustering, so switching a
category off hides its clusters too), a legend made from the categories, a search box, popups
with the details and "in our own words", and the small areas underneath, coloured by
deprivation or by a rate. Every piece of text people typed is escaped for HTML *and* for
the JavaScript template strings folium writes (backticks, ``$`` and ``\\``).

Examples
--------
>>> from coprod_helpers.area import load_area
>>> from coprod_helpers.maps.assets_map import make_asset_map
>>> m = make_asset_map([], area=load_area("demo"), colour_by="imd_decile")   # doctest: +SKIP
"""
from __future__ import annotations

import html
import json

from ..assets.model import DAYS, DAY_LABELS, STARTER_CATEGORIES

#: CSS class of the ipywidgets Text that receives map clicks ("lat, lon") in a Voilà page.
CLICK_TARGET_CLASS = "coprod-map-click-target"
#: Colours for the small areas, light (low) to dark (high); colour-blind safe (ColorBrewer YlGnBu).
AREA_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
ACCESS_WORDS = {"step_free": "step-free access", "hearing_loop": "hearing loop", "quiet_space": "quiet space",
                "interpreters": "interpreters"}


def escape_text(value) -> str:
    """Escape text for HTML that folium puts inside a JavaScript template string.

    Examples
    --------
    >>> escape_text("<img src=x onerror=alert(1)> `${x}`")
    '&lt;img src=x onerror=alert(1)&gt; &#96;&#36;{x}&#96;'
    """
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def script_json(value) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _yes(value) -> str:
    return {True: "yes", False: "no"}.get(value, "not known")


def popup_html(asset: dict, labels: dict) -> str:
    """The popup of one asset: every value escaped; the website only as an http(s) link."""
    e = escape_text
    parts = [f"<h3 class='coprod-popup-title'>{e(asset.get('name'))}</h3>"]
    cats = ", ".join(labels.get(k, k) for k in asset.get("categories") or [])
    parts.append(f"<p><strong>{e(cats)}</strong></p>")
    if (asset.get("status") or "published") != "published":
        parts.append(f"<p><em>{e(str(asset.get('status')).capitalize())}: the team has not checked it yet."
                     "</em></p>" if asset.get("status") == "proposed" else f"<p><em>{e(asset.get('status'))}</em></p>")
    if asset.get("description"):
        parts.append(f"<p>{e(asset['description'])}</p>")
    if asset.get("own_words"):
        parts.append(f"<p><strong>In our own words:</strong></p><blockquote>{e(asset['own_words'])}</blockquote>")
    rows = []
    for label, key in (("Run by", "organisation"), ("Who it is for", "for_whom"), ("Cost", "cost")):
        if asset.get(key):
            rows.append((label, asset[key]))
    if asset.get("languages"):
        rows.append(("Languages", ", ".join(asset["languages"])))
    if asset.get("referral_needed") is not None:
        rows.append(("Referral needed", _yes(asset["referral_needed"])))
    access = [w for k, w in ACCESS_WORDS.items() if asset.get(k)]
    if access:
        rows.append(("Access", ", ".join(access)))
    times = asset.get("opening_times") or {}
    if times:
        rows.append(("Open", "; ".join(f"{DAY_LABELS[d]} " + (", ".join(f"{o}-{c}" for o, c in times[d]) or "closed")
                                       for d in DAYS if d in times)))
    for label, key in (("Where", "address"), ("Postcode", "postcode"), ("Phone", "phone"),
                       ("Last checked", "last_checked")):
        if asset.get(key):
            rows.append((label, asset[key]))
    if rows:
        parts.append("<dl>" + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in rows) + "</dl>")
    website = asset.get("website") or ""
    if website.lower().startswith(("https://", "http://")):
        parts.append(f"<p><a href='{e(website)}' target='_blank' rel='noopener noreferrer'>Website</a></p>")
    if asset.get("location_is_approximate") or asset.get("hide_exact_location"):
        parts.append("<p><em>The place shown is approximate, on purpose.</em></p>")
    return "<div class='coprod-popup'>" + "".join(parts) + "</div>"


def area_values(area, colour_by):
    """``code -> number`` for colouring small areas: a deprivation column name, or a Series/dict."""
    import pandas as pd

    if colour_by is None:
        return None
    if isinstance(colour_by, str):
        return area.deprivation.set_index("code")[colour_by].astype(float)
    if isinstance(colour_by, dict):
        return pd.Series(colour_by, dtype=float)
    return pd.Series(colour_by).astype(float)


DEFAULT_LABELS = {"imd_decile": "Deprivation decile (1 = most deprived)",
                  "imd_rank": "Deprivation rank (1 = most deprived)", "imd_score": "Deprivation score"}


def _bins(values, reverse: bool):
    """Up to five quantile classes: ``(legend rows, code -> colour)``; labels give each class's real range."""
    import numpy as np

    finite = values.dropna()
    if finite.empty:
        return [], {}
    edges = np.unique(np.quantile(finite, np.linspace(0, 1, len(AREA_COLOURS) + 1)))
    n = max(len(edges) - 1, 1)
    palette = list(reversed(AREA_COLOURS)) if reverse else list(AREA_COLOURS)
    colours = [palette[i * (len(palette) - 1) // max(n - 1, 1)] for i in range(n)]
    index = np.clip(np.searchsorted(edges, finite.to_numpy(), side="right") - 1, 0, n - 1)
    mapping = {code: colours[int(i)] for code, i in zip(finite.index, index)}
    legend = []
    for i in range(n):
        members = finite.to_numpy()[index == i]
        if len(members):
            low, high = members.min(), members.max()
            legend.append((f"{low:g}" if low == high else f"{low:g} to {high:g}", colours[i]))
    return legend, mapping


def _area_title(colour_by, colour_label) -> str:
    if colour_label:
        return colour_label
    if isinstance(colour_by, str):
        return DEFAULT_LABELS.get(colour_by, colour_by)
    return "Small areas" if colour_by is None else "Rate"


def add_small_areas(m, area, *, colour_by=None, colour_label: str | None = None, reverse: bool | None = None):
    """Add the small areas as a base layer (outlines, or coloured by ``colour_by``); return the legend rows."""
    import folium

    values = area_values(area, colour_by)
    if reverse is None:  # deprivation deciles and ranks: 1 is the most deprived, so darker is lower
        reverse = isinstance(colour_by, str) and colour_by in ("imd_decile", "imd_rank")
    legend, colours = _bins(values, reverse) if values is not None else ([], {})
    small = area.small_areas[["code", "name", "geometry"]].copy()
    small["geometry"] = small.geometry.simplify(0.00005, preserve_topology=True)
    small["label"] = [escape_text(f"{n} ({c})") + (f": {escape_text(colour_label or colour_by)} "
                                                   f"{values.get(c):g}" if values is not None and c in values.index
                                                   and values.get(c) == values.get(c) else "")
                      for n, c in zip(small["name"], small["code"])]
    small["fill"] = [colours.get(c, "#ffffff") for c in small["code"]]
    folium.GeoJson(
        small[["code", "label", "fill", "geometry"]].to_json(), name=escape_text(_area_title(colour_by, colour_label)),
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#555555", "weight": 0.6,
                                  "fillOpacity": 0.55 if colours else 0.05},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False), control=True, show=True,
    ).add_to(m)
    return legend


def _legend_html(rows, title, area_legend, area_title) -> str:
    e = escape_text
    items = "".join(f"<li><span class='coprod-swatch' style='background:{colour}'></span>{e(label)}</li>"
                    for label, colour in rows)
    block = f"<div class='coprod-legend' role='region' aria-label='Legend'><strong>{e(title)}</strong><ul>{items}</ul>"
    if area_legend:
        block += (f"<strong>{e(area_title)}</strong><ul>" + "".join(
            f"<li><span class='coprod-swatch coprod-square' style='background:{c}'></span>{e(label)}</li>"
            for label, c in area_legend) + "</ul>")
    return block + "</div>"


def make_asset_map(assets, *, area=None, m=None, categories=STARTER_CATEGORIES, colour_by=None,
                   colour_label: str | None = None, cluster: bool = True, search: bool = True,
                   click_target: bool = False, title: str = "Categories"):
    """Build the asset map.

    Parameters
    ----------
    assets : list of dict
        Assets as from :func:`coprod_helpers.assets.register.list_assets` or shareable
        copies. Proposed ones are drawn as hollow rings.
    area : Area, optional
        Draws its small areas underneath.
    m : folium.Map, optional
        Add to this map instead of a new offline one.
    categories : list of Category
        Layers, colours and legend.
    colour_by : str, Series or dict, optional
        Colour small areas by a deprivation column (e.g. ``"imd_decile"``) or by
        ``code -> value`` (e.g. a rate from the populations step).
    click_target : bool
        Add the script that sends a clicked place to the page's labelled "place" text box
        (for adding an asset by clicking, in Voilà).

    Returns
    -------
    folium.Map
    """
    import folium
    from branca.element import Element, MacroElement
    from folium.plugins import MarkerCluster
    from jinja2 import Template

    placed = [a for a in assets if a.get("latitude") is not None and a.get("longitude") is not None]
    if m is None:
        m = _new_map(area, placed)
    area_legend = add_small_areas(m, area, colour_by=colour_by, colour_label=colour_label) if area is not None else []
    labels = {c.key: c.label for c in categories}
    groups = {}
    for cat in categories:
        group = folium.FeatureGroup(name=escape_text(cat.label), show=True).add_to(m)
        target = MarkerCluster(control=False, options={"showCoverageOnHover": False, "maxClusterRadius": 40}).add_to(
            group) if cluster else group
        groups[cat.key] = (cat, target)
    for a in placed:
        popup = popup_html(a, labels)
        proposed = a.get("status") == "proposed"
        for key in a.get("categories") or []:
            if key not in groups:
                continue
            cat, target = groups[key]
            style = (f"border:3px solid {cat.colour};background:#fff" if proposed else
                     f"background:{cat.colour};border:2px solid #fff")
            folium.Marker(
                [float(a["latitude"]), float(a["longitude"])],
                icon=folium.DivIcon(html=f"<span class='coprod-dot' style='{style}'></span>", icon_size=(16, 16),
                                    icon_anchor=(8, 8), class_name="coprod-marker"),
                popup=folium.Popup(popup, max_width=320), tooltip=escape_text(a.get("name")),
                title=str(a.get("name") or ""), alt=str(a.get("name") or ""),
            ).add_to(target)
    rows = [(c.label, c.colour) for c in categories]
    m.get_root().header.add_child(Element(MAP_CSS))
    m.get_root().html.add_child(Element(_legend_html(rows, title, area_legend, _area_title(colour_by, colour_label))))
    folium.LayerControl(collapsed=False).add_to(m)
    if search:
        names = sorted({str(a.get("name") or "") for a in placed})
        macro = MacroElement()
        macro._template = Template("{% macro script(this, kwargs) %}" + SEARCH_JS.replace("__MAP__", m.get_name())
                                   .replace("__NAMES__", script_json(names)) + "{% endmacro %}")
        m.add_child(macro)
    if click_target:
        macro = MacroElement()
        macro._template = Template("{% macro script(this, kwargs) %}" + CLICK_JS.replace("__MAP__", m.get_name())
                                   .replace("__CLASS__", CLICK_TARGET_CLASS) + "{% endmacro %}")
        m.add_child(macro)
    return m


def _new_map(area, placed):
    from .offline import make_base_map

    if area is not None:
        west, south, east, north = (float(v) for v in area.small_areas.total_bounds)
    elif placed:
        lats = [float(a["latitude"]) for a in placed]
        lons = [float(a["longitude"]) for a in placed]
        west, south, east, north = min(lons), min(lats), max(lons), max(lats)
    else:
        west, south, east, north = -0.2, 51.4, 0.1, 51.6
    m = make_base_map(location=[(south + north) / 2, (west + east) / 2], zoom_start=13)
    m.fit_bounds([[south, west], [north, east]])
    return m


MAP_CSS = """<style>
.coprod-dot{display:block;width:12px;height:12px;border-radius:50%;box-shadow:0 0 2px #000}
.coprod-marker{background:transparent;border:none}
.coprod-marker:focus .coprod-dot{outline:3px solid #000;outline-offset:2px}
.coprod-legend{position:absolute;bottom:18px;left:10px;z-index:1000;background:#fff;padding:6px 10px;
  font:13px/1.4 sans-serif;border:1px solid #777;border-radius:4px;max-height:45%;overflow:auto}
.coprod-legend ul{list-style:none;margin:2px 0 6px;padding:0}
.coprod-swatch{display:inline-block;width:12px;height:12px;border-radius:50%;margin-right:6px;vertical-align:middle}
.coprod-square{border-radius:0;border:1px solid #555}
.coprod-popup h3{margin:0 0 4px;font-size:15px} .coprod-popup dt{font-weight:bold}
.coprod-popup dd{margin:0 0 4px 0} .coprod-popup blockquote{margin:4px 0 6px 8px;font-style:italic}
.coprod-search{background:#fff;padding:4px;border:1px solid #777;border-radius:4px;font:13px sans-serif}
.coprod-search input{width:12em}
</style>"""

# Search by name: the names come in as JSON; matches are found among the map's markers
# by their title option (set by Leaflet as text, never as HTML).
SEARCH_JS = r"""
(function(){
  var map = __MAP__; var names = __NAMES__;
  var box = L.control({position: 'topleft'});
  box.onAdd = function(){
    var div = L.DomUtil.create('div', 'coprod-search');
    var label = L.DomUtil.create('label', '', div); label.textContent = 'Find by name ';
    var input = L.DomUtil.create('input', '', label); input.type = 'search';
    input.setAttribute('list', 'coprod-names'); input.setAttribute('autocomplete', 'off');
    var list = L.DomUtil.create('datalist', '', div); list.id = 'coprod-names';
    names.forEach(function(n){ var o = document.createElement('option'); o.value = n; list.appendChild(o); });
    var status = L.DomUtil.create('span', '', div); status.setAttribute('aria-live', 'polite');
    L.DomEvent.disableClickPropagation(div);
    input.addEventListener('change', function(){
      var want = input.value.trim().toLowerCase(); var found = null;
      map.eachLayer(function(layer){
        if (found || !layer.getAllChildMarkers) return;
        layer.getLayers().forEach(function(mk){
          if (!found && mk.options && (mk.options.title || '').toLowerCase().indexOf(want) >= 0) { found = [layer, mk]; }
        });
      });
      if (!found) {
        map.eachLayer(function(mk){
          if (!found && mk.options && mk.getLatLng && (mk.options.title || '').toLowerCase().indexOf(want) >= 0) { found = [null, mk]; }
        });
      }
      status.textContent = found ? '' : ' Not found';
      if (found && found[0]) { found[0].zoomToShowLayer(found[1], function(){ found[1].openPopup(); }); }
      else if (found) { map.setView(found[1].getLatLng(), 17); found[1].openPopup(); }
    });
    return div;
  };
  box.addTo(map);
})();
"""

# A click on the map writes "lat, lon" into the labelled text box of the page around the
# iframe and fires the events ipywidgets listens to, so the kernel gets the place.
CLICK_JS = r"""
(function(){
  var map = __MAP__; var pin = null;
  map.on('click', function(e){
    var text = e.latlng.lat.toFixed(6) + ', ' + e.latlng.lng.toFixed(6);
    if (pin) { map.removeLayer(pin); }
    pin = L.circleMarker(e.latlng, {radius: 9, color: '#000', weight: 3, fillOpacity: 0}).addTo(map);
    pin.bindTooltip('New place: ' + text).openTooltip();
    try {
      var doc = window.parent.document;
      var boxes = doc.querySelectorAll('.__CLASS__ input, .__CLASS__ textarea');
      boxes.forEach(function(input){
        input.value = text;
        input.dispatchEvent(new Event('input', {bubbles: true}));
        input.dispatchEvent(new Event('change', {bubbles: true}));
        input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
      });
    } catch (err) { /* not inside a Voila page: nothing to fill */ }
  });
})();
"""


LIST_CSS = ("<style>.coprod-asset-list{list-style:none;margin:0;padding:0}"
            ".coprod-asset-list li{border-bottom:1px solid #ddd;padding:4px 2px}"
            ".coprod-asset-list li:focus{outline:3px solid #ffbf47;outline-offset:1px}"
            ".coprod-asset-list .coprod-item-name{font-size:1em;margin:0}</style>")


def asset_list_html(assets, *, categories=STARTER_CATEGORIES, heading: str = "Assets on the map",
                    heading_level: int = 2) -> str:
    """An accessible HTML list of the assets (for a Voilà page next to the map): every value escaped.

    A named list (``role="list"``, ``aria-label`` = ``heading``) whose items can each take
    the keyboard focus (Tab moves from place to place, and a screen reader reads the whole
    item) and start with a heading (one level below ``heading_level``), so screen-reader
    users can also jump from name to name.
    """
    labels = {c.key: c.label for c in categories}
    e = escape_text
    item_h = f"h{min(heading_level + 1, 6)}"
    items = []
    for a in sorted(assets, key=lambda x: str(x.get("name") or "").lower()):
        cats = ", ".join(labels.get(k, k) for k in a.get("categories") or [])
        status = "" if (a.get("status") or "published") == "published" else f" ({e(a.get('status'))})"
        where = a.get("postcode") or ""
        items.append(f"<li tabindex='0'><{item_h} class='coprod-item-name'>{e(a.get('name'))}{status}</{item_h}>"
                     f"<span>{e(cats)}{' · ' + e(where) if where else ''}</span>"
                     + (f"<br><span>{e(a.get('description'))}</span>" if a.get("description") else "") + "</li>")
    h = f"h{heading_level}"
    body = (f"<ul class='coprod-asset-list' role='list' aria-label='{e(heading)}'>{''.join(items)}</ul>"
            if items else "<p>No places match.</p>")
    return (f"{LIST_CSS}<section aria-label='{e(heading)}'><{h}>{e(heading)}</{h}>"
            f"<p>{len(items)} shown.</p>{body}</section>")


def filter_assets(assets, *, categories=None, text: str = "") -> list[dict]:
    """Assets in any of ``categories`` (all when None/empty) whose name contains ``text`` (any case)."""
    wanted = set(categories or [])
    needle = (text or "").strip().lower()
    return [a for a in assets if (not wanted or wanted & set(a.get("categories") or []))
            and (not needle or needle in str(a.get("name") or "").lower())]
