"""The asset map builder and the shareable HTML, checked as objects and key rendered strings."""
from __future__ import annotations

import json
import re

import folium
import pytest

from coprod_helpers.assets.model import STARTER_CATEGORIES
from coprod_helpers.maps.assets_map import escape_text, filter_assets, make_asset_map, popup_html
from coprod_helpers.maps.share_html import export_map_html, map_data

EVIL = "<img src=x onerror=alert(1)> \"q' `b` ${alert(2)} </script><script>alert(3)</script>"


@pytest.fixture
def assets(demo_area):
    rows = demo_area.postcodes.iloc[:4]
    out = []
    for i, (key, row) in enumerate(zip(["peer_support", "library", "faith_group", "peer_support"], rows.itertuples())):
        out.append({"id": str(i), "name": f"Place {i}", "categories": [key], "latitude": row.latitude,
                    "longitude": row.longitude, "status": "published", "description": "A place",
                    "own_words": "It helps", "opening_times": {"mon": [["09:00", "17:00"]]}})
    out[0].update(name=EVIL, description=EVIL, own_words=EVIL, website="javascript:alert(4)")
    out[3].update(status="proposed", hide_exact_location=True)
    return out


def _map(assets, area, **kw):
    return make_asset_map(assets, area=area, m=folium.Map(tiles=None, location=[52.7, -1.6], zoom_start=12), **kw)


def test_one_switchable_layer_per_category_with_its_own_clusters(assets, demo_area):
    m = _map(assets, demo_area, colour_by="imd_decile")
    groups = [c for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    assert [g.layer_name for g in groups] == [escape_text(c.label) for c in STARTER_CATEGORIES]
    peer = groups[0]
    clusters = [c for c in peer._children.values() if isinstance(c, folium.plugins.MarkerCluster)]
    assert len(clusters) == 1 and len(clusters[0]._children) == 2
    html = m.get_root().render()
    assert "L.markerClusterGroup" in html and "L.control.layers" in html
    assert "coprod-legend" in html and "Deprivation decile (1 = most deprived)" in html
    assert "Find by name" in html


def test_text_is_escaped_for_html_and_js_template_strings(assets, demo_area):
    html = _map(assets, demo_area).get_root().render()
    assert "<img src=x" not in html and "<script>alert(3)" not in html
    # only ever inside double-quoted JSON strings (marker title/alt, search names), never a template string
    lines = [line for line in html.splitlines() if "${alert(2)}" in line]
    assert lines and all(line.strip().startswith(('"title"', '"alt"', "var map")) for line in lines)
    assert "javascript:alert(4)" not in html
    popup = popup_html(assets[0], {})
    assert "&lt;img" in popup and "&#96;" in popup and "&#36;{" in popup


def test_click_target_script_and_proposed_rings(assets, demo_area):
    html = _map(assets, demo_area, click_target=True).get_root().render()
    assert "coprod-map-click-target" in html and "dispatchEvent(new Event('input'" in html
    assert "border:3px solid" in html  # the proposed one is a hollow ring
    assert "approximate, on purpose" in html


def test_filter_assets(assets):
    assert [a["id"] for a in filter_assets(assets, categories=["library"])] == ["1"]
    assert [a["id"] for a in filter_assets(assets, text="place 2")] == ["2"]
    assert len(filter_assets(assets)) == 4


def test_shareable_html_is_self_contained_and_escaped(assets, demo_area, tmp_path):
    assets[3]["status"] = "published"  # a published place whose exact location is hidden
    path = tmp_path / "map.html"
    export_map_html(assets, path, area=demo_area, title=EVIL, sources=[EVIL], made_on="2025-06-01",
                    colour_by="imd_decile")
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?:", page)  # nothing from a CDN
    assert "L.markerClusterGroup" in page and "2025-06-01" in page
    assert "<img src=x" not in page and "<script>alert(3)" not in page
    data_text = page.split('<script id="coprod-data" type="application/json">')[1].split("</script>")[0]
    data = json.loads(data_text)
    assert data["assets"][0][2] == EVIL  # kept as text, escaped only for the page
    assert "OpenStreetMap" in page and "fictional" in page
    approx = data["assets"][3]
    assert approx[9] == 1 and (approx[0], approx[1]) != (round(assets[3]["latitude"], 5),
                                                         round(assets[3]["longitude"], 5))


def test_map_data_is_compact(demo_area):
    many = [{"id": str(i), "name": f"P{i}", "categories": ["library"], "latitude": 52.73, "longitude": -1.6}
            for i in range(10_000)]
    size = len(json.dumps(map_data(many, categories=STARTER_CATEGORIES)))
    assert size < 600_000


def test_map_sets_max_zoom_on_the_map_so_clusters_work_without_tiles(demo_area):
    # Without tiles, Leaflet.markercluster throws "Map has no maxZoom specified" unless the map has it.
    from coprod_helpers.maps.offline import make_base_map

    html = make_base_map(street_tiles=False).get_root().render()
    options = html[html.find("L.map("):]
    assert '"maxZoom": 18' in options[:800]


def test_a_plain_folium_map_inlines_with_no_link_left_to_a_cdn():
    from coprod_helpers.maps.offline import inline_offline_assets

    page = inline_offline_assets(folium.Map(tiles=None).get_root().render())
    assert "<script src=" not in page and '<link rel="stylesheet" href=' not in page
    assert "L.map(" in page
