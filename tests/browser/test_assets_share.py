"""The exported asset map opened from a file in Chromium with the network blocked."""
from __future__ import annotations

import pytest

from coprod_helpers.assets.importers import check_asset_rows, read_asset_rows
from coprod_helpers.assets.model import STARTER_CATEGORIES
from coprod_helpers.config import DEMO_DIR
from coprod_helpers.maps.share_html import export_map_html

EVIL = "<img src=x onerror=alert(1)> \"q' `b` ${alert(2)} </script><script>alert(3)</script>"
pytestmark = pytest.mark.browser


@pytest.fixture
def shared_file(tmp_path, demo_area):
    rows, _ = read_asset_rows(DEMO_DIR / "assets.csv")
    assets = check_asset_rows(rows, categories=STARTER_CATEGORIES, area=demo_area)
    for i, a in enumerate(assets):
        a.update(id=str(i), status="published")
    assets[0].update(name=EVIL, description=EVIL, own_words=EVIL)
    path = tmp_path / "assets.html"
    export_map_html(assets, path, area=demo_area, title="Places that help " + EVIL, colour_by="imd_decile",
                    sources=[EVIL])
    return path, assets


@pytest.fixture
def offline_page(page):
    """The page with every request that is not a local file refused, and any dialog recorded."""
    dialogs, requested = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            requested.append(r.request.url)
            r.abort()
    page.route("**/*", route)
    page.dialogs, page.requested = dialogs, requested
    return page


def test_exported_map_works_offline_and_runs_nothing(offline_page, shared_file, assert_accessible):
    page = offline_page
    path, assets = shared_file
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-map-ready=yes]", state="attached", timeout=30_000)
    assert page.evaluate("typeof window.L") == "object"
    assert page.evaluate("typeof L.markerClusterGroup") == "function"
    assert page.locator("#list li").count() == len(assets)
    assert page.locator(".leaflet-marker-icon").count() > 0  # clusters or markers drawn
    assert "only the small-area outlines" in page.locator("#tiles-note").inner_text()
    assert all("tile.openstreetmap.org" in url for url in page.requested)  # nothing else was asked for
    # the typed text shows as text in the title, the list, the details and the popup
    assert EVIL in page.locator("h1").inner_text()
    name = page.get_by_role("button", name=EVIL, exact=True)
    name.focus()
    page.keyboard.press("Enter")
    assert name.get_attribute("aria-expanded") == "true"
    page.get_by_role("button", name=f"Show {EVIL} on the map").click()
    page.wait_for_selector(".leaflet-popup-content h3", timeout=10_000)
    assert page.locator(".leaflet-popup-content h3").inner_text() == EVIL
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert_accessible(page)


def test_search_and_category_filters(offline_page, shared_file):
    page = offline_page
    path, assets = shared_file
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-map-ready=yes]", state="attached", timeout=30_000)
    page.get_by_label("Search by name").fill("library")
    page.wait_for_function("document.querySelector('#count').textContent.startsWith('Showing ' + "
                           f"{sum('library' in a['name'].lower() for a in assets)})")
    page.get_by_label("Search by name").fill("")
    for label in [c.label for c in STARTER_CATEGORIES if c.key != "library"]:
        page.get_by_label(label, exact=True).uncheck()
    expected = sum("library" in a["categories"] for a in assets)
    page.wait_for_function(f"document.querySelector('#count').textContent.startsWith('Showing {expected} of')")
    assert page.locator("#list li").count() == expected


def test_print_lists_every_place_of_the_filter(offline_page, tmp_path, demo_area):
    row = demo_area.postcodes.iloc[0]
    assets = [{"id": str(i), "name": f"Place {i:03d}", "categories": ["library" if i % 3 else "green_space"],
               "latitude": row["latitude"], "longitude": row["longitude"], "status": "published"}
              for i in range(150)]
    path = tmp_path / "many.html"
    export_map_html(assets, path, area=demo_area, title="Many places")
    page = offline_page
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-map-ready=yes]", state="attached", timeout=30_000)
    assert page.locator("#list li").count() == 100 and page.locator("#more").is_visible()
    page.emulate_media(media="print")
    page.wait_for_function("document.querySelectorAll('#list li').length > 100", timeout=10_000)
    assert page.locator("#list li").count() == 150
    assert not page.locator("#more").is_visible()
    assert page.locator("#list li").nth(149).is_visible()
    page.emulate_media(media="screen")
    page.get_by_label("Green space", exact=True).uncheck()  # the current filter is what prints
    page.wait_for_function("document.querySelectorAll('#list li').length === 100")
    page.emulate_media(media="print")
    page.wait_for_function(f"document.querySelectorAll('#list li').length === {sum(1 for i in range(150) if i % 3)}")
    assert page.dialogs == []
