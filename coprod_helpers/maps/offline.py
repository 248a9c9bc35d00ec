"""Folium maps that work with no internet.

Folium's HTML asks CDNs for Leaflet, jQuery, Bootstrap, Font Awesome and plugins. On an
NHS laptop or in a workshop room with no internet the map is then blank. Here every
script and style the map needs is taken from installed packages (``xstatic-leaflet``,
``xstatic-jquery``, ``xstatic-leaflet-markercluster``) and inlined; Leaflet's marker
images become data URIs. Anything else a map asks a CDN for is an error, so no map can
silently depend on the network.

Examples
--------
>>> from coprod_helpers.maps.offline import make_base_map, render_offline_html
>>> m = make_base_map(location=(52.2, -1.5))
>>> html = render_offline_html(m)
>>> "cdn.jsdelivr.net" in html, "L.map(" in html
(False, True)
"""
from __future__ import annotations

import base64
import functools
import html as html_lib
import os
import re
from importlib import import_module
from pathlib import Path

STREET_TILES_ENV = "COPROD_STREET_TILES"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors')
MAX_ZOOM = 18

#: The libraries a map may use, by the file name folium links to.
_ASSET_SOURCES = {
    "leaflet.js": ("xstatic.pkg.leaflet", "leaflet.js"),
    "leaflet.css": ("xstatic.pkg.leaflet", "leaflet.css"),
    "jquery": ("xstatic.pkg.jquery", "jquery.min.js"),
    "leaflet.markercluster.js": ("xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js"),
    "MarkerCluster.css": ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.css"),
    "MarkerCluster.Default.css": ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css"),
}
#: Folium defaults the workbook does not use (icon fonts and Bootstrap widgets): not loaded at all.
# plugins folium always links but the workbook never uses (matched in the lower-cased URL)
_UNUSED = ("bootstrap", "glyphicons", "awesome-markers", "awesome.rotate", "fontawesome")

_SCRIPT_SRC = re.compile(r'<script\s+src="([^"]+)"\s*>\s*</script>')
_LINK_CSS = re.compile(r'<link\s+rel="stylesheet"\s+href="([^"]+)"\s*/?>')


class OnlineAssetError(RuntimeError):
    """A map asked for a script or style that only exists online."""


def street_tiles_enabled() -> bool:
    """Whether apps add street-map tiles (they load only with internet). Tests turn them off."""
    return os.environ.get(STREET_TILES_ENV, "1") not in ("0", "false", "no")


def _package_file(package: str, filename: str) -> Path:
    return Path(import_module(package).BASE_DIR) / filename


@functools.lru_cache(maxsize=None)
def _marker_images() -> dict[str, str]:
    folder = _package_file("xstatic.pkg.leaflet", "images")
    return {p.name: "data:image/png;base64," + base64.b64encode(p.read_bytes()).decode()
            for p in folder.glob("*.png")}


@functools.lru_cache(maxsize=None)
def asset_text(key: str) -> str:
    """The text of an offline library file, e.g. ``asset_text("leaflet.js")``."""
    package, filename = _ASSET_SOURCES[key]
    text = _package_file(package, filename).read_text(encoding="utf-8")
    if filename.endswith(".css"):
        images = _marker_images()
        text = re.sub(r"url\((?:images/)?([\w-]+\.png)\)", lambda mt: f"url({images.get(mt.group(1), mt.group(0))})", text)
    return text


def _icon_fix_script() -> str:
    images = _marker_images()
    return ("<script>L.Icon.Default.imagePath='';L.Icon.Default.mergeOptions({"
            f"iconUrl:'{images['marker-icon.png']}',iconRetinaUrl:'{images['marker-icon-2x.png']}',"
            f"shadowUrl:'{images['marker-shadow.png']}'}});</script>")


def _key_for(url: str) -> str | None:
    name = url.rsplit("/", 1)[-1]
    if name.startswith("jquery"):
        return "jquery"
    return name if name in _ASSET_SOURCES else None


def inline_offline_assets(page_html: str) -> str:
    """Replace every CDN ``<script src>`` and stylesheet ``<link>`` with the inlined file.

    Raises
    ------
    OnlineAssetError
        If the page links to a library that has no offline copy here.
    """
    def script(mt):
        url = mt.group(1)
        key = _key_for(url)
        if key is None:
            if any(u in url.lower() for u in _UNUSED):
                return ""
            raise OnlineAssetError(f"No offline copy of {url}; add it to coprod_helpers.maps.offline.")
        text = asset_text(key).replace("</script", "<\\/script")
        extra = _icon_fix_script() if key == "leaflet.js" else ""
        return f"<script>/* {key} (inlined for offline use) */\n{text}</script>{extra}"

    def link(mt):
        url = mt.group(1)
        key = _key_for(url)
        if key is None:
            if any(u in url.lower() for u in _UNUSED) or url.endswith("all.min.css"):
                return ""
            raise OnlineAssetError(f"No offline copy of {url}; add it to coprod_helpers.maps.offline.")
        return f"<style>/* {key} */\n{asset_text(key)}</style>"

    return _LINK_CSS.sub(link, _SCRIPT_SRC.sub(script, page_html))


def make_base_map(*, location=(52.2, -1.5), zoom_start: int = 13, bounds=None, street_tiles: bool | None = None,
                  height: str = "100%"):
    """An empty folium map that needs no CDN: Leaflet and jQuery only, optional street tiles.

    Parameters
    ----------
    location : (lat, lon)
        The starting centre.
    bounds : [[south, west], [north, east]], optional
        Fit the view to these bounds.
    street_tiles : bool, optional
        Add OpenStreetMap tiles (shown only when there is internet). Defaults to
        :func:`street_tiles_enabled`.
    """
    import folium

    m = folium.Map(location=list(location), zoom_start=zoom_start, tiles=None, max_zoom=MAX_ZOOM,
                   height=height, control_scale=True)
    # folium gives max_zoom to the tiles only; with no tiles MarkerCluster needs it on the map itself
    m.options["maxZoom"] = MAX_ZOOM
    m.default_js = [(k, u) for k, u in folium.Map.default_js if k in ("leaflet", "jquery")]
    m.default_css = [(k, u) for k, u in folium.Map.default_css if k == "leaflet_css"]
    if street_tiles if street_tiles is not None else street_tiles_enabled():
        folium.TileLayer("OpenStreetMap", name="Street map (needs internet)", attr=OSM_ATTRIBUTION,
                         max_zoom=MAX_ZOOM, control=True).add_to(m)
    if bounds is not None:
        m.fit_bounds(bounds)
    return m


def render_offline_html(m) -> str:
    """The map's full HTML page with every library inlined."""
    return inline_offline_assets(m.get_root().render())


def map_to_iframe_html(m, *, title: str, height: int = 520) -> str:
    """HTML for showing an offline map inside a Voila page (an ``<iframe srcdoc>`` with a title)."""
    page = render_offline_html(m)
    return (f'<iframe title="{html_lib.escape(title, quote=True)}" srcdoc="{html_lib.escape(page, quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #888" loading="eager"></iframe>')
