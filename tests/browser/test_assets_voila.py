"""The asset map page in Voilà: a participant adds a place by postcode (and by a map click),
a reviewer publishes it, the shareable file made on the page works offline, two participants
add at once, and text people typed never runs."""
from __future__ import annotations

import base64
import uuid

import pytest

from coprod_helpers.area import load_area

pytestmark = pytest.mark.browser
EVIL = "<img src=x onerror=alert(1)> `${alert(2)}` \"q' </script>"
PAGE = "04_asset_map.ipynb"
WAIT = 120_000


def _passphrase():
    from coprod_helpers import session

    value = getattr(session, "DEMO_REVIEWER_PASSPHRASE", None)
    if not value:
        pytest.skip("coprod_helpers.session does not say the demo project's reviewer passphrase")
    return value


@pytest.fixture
def asset_page(page, voila_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.goto(f"{voila_url}/voila/render/{PAGE}", timeout=WAIT)
    page.wait_for_selector("text=Add this place", timeout=WAIT)
    return page


def test_participant_adds_by_postcode_and_reviewer_publishes(asset_page, assert_accessible):
    page = asset_page
    postcode = load_area("demo").postcodes.iloc[0]["postcode"]
    page.get_by_label("Name of the place or group").fill(EVIL)
    page.get_by_label("Categories (choose one or more)").select_option(label="Peer support")
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Postcode").press("Tab")
    page.get_by_role("button", name="Add this place").click()
    page.wait_for_selector("text=is on the map as proposed", timeout=WAIT)
    # shown as text in the message, the list next to the map, and the map's popup markup
    assert page.get_by_text(EVIL, exact=False).count() >= 1
    assert page.locator("img[src=x]").count() == 0
    page.get_by_label("Reviewer passphrase").fill(_passphrase())
    page.get_by_role("button", name="Unlock reviewing").click()
    page.wait_for_selector("text=Reviewing is unlocked", timeout=WAIT)
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_selector("text=Published.", timeout=WAIT)
    frame = page.frame_locator("iframe").first
    frame.locator(".leaflet-container").wait_for(timeout=WAIT)
    # the map is redrawn after a change (a new iframe): wait until its Leaflet has loaded
    page.wait_for_function("() => Array.from(document.querySelectorAll('iframe'))"
                           ".some(f => f.contentWindow && typeof f.contentWindow.L === 'object')", timeout=WAIT)
    page.wait_for_timeout(1000)
    assert page.dialogs == []
    assert_accessible(page)


def test_click_on_map_fills_the_place(asset_page):
    page = asset_page
    frame = page.frame_locator("iframe").first
    frame.locator(".leaflet-container").wait_for(timeout=WAIT)
    box = frame.locator(".leaflet-container").bounding_box()
    frame.locator(".leaflet-container").click(position={"x": box["width"] * 0.55, "y": box["height"] * 0.5})
    place = page.get_by_label("Or the place clicked on the map (latitude, longitude)")
    page.wait_for_function("() => { const i = document.querySelector('.coprod-map-click-target input');"
                           " return i && i.value.includes(','); }", timeout=10_000)
    lat, lon = (float(v) for v in place.input_value().split(","))
    west, south, east, north = load_area("demo").small_areas.total_bounds
    assert south - 0.05 < lat < north + 0.05 and west - 0.05 < lon < east + 0.05
    page.get_by_label("Name of the place or group").fill("Bench by the river")
    page.get_by_label("Categories (choose one or more)").select_option(label="Green space")
    page.get_by_role("button", name="Add this place").click()
    page.wait_for_selector("text=is on the map as proposed", timeout=WAIT)


def _add_place(page, name: str, postcode: str, category: str = "Peer support") -> None:
    page.get_by_label("Name of the place or group").fill(name)
    page.get_by_label("Categories (choose one or more)").select_option(label=category)
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Postcode").press("Tab")
    page.get_by_role("button", name="Add this place").click()


def _offline(page):
    """Refuse every request that is not a local file; record dialogs."""
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    return dialogs


def test_whole_chain_to_the_shared_file(asset_page, browser, tmp_path):
    """Add by postcode, publish, download the shareable map from the page, open it from a file offline."""
    page = asset_page
    name = f"Chain Cafe {uuid.uuid4().hex[:6]} & <b>friends</b>"
    _add_place(page, name, load_area("demo").postcodes.iloc[4]["postcode"])
    page.wait_for_selector(f"text=Thank you. '{name}' is on the map as proposed", timeout=WAIT)
    page.get_by_label("Reviewer passphrase").fill(_passphrase())
    page.get_by_role("button", name="Unlock reviewing").click()
    page.wait_for_selector("text=Reviewing is unlocked", timeout=WAIT)
    page.get_by_label("Asset", exact=True).select_option(label=f"{name} (proposed)")
    page.locator("h4", has_text=name).wait_for(timeout=WAIT)
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_selector("text=Published.", timeout=WAIT)
    page.get_by_role("button", name="Shareable map (HTML)").click()
    link = page.locator("a[download$='.html']")
    link.wait_for(timeout=WAIT)
    href = link.get_attribute("href")
    assert href.startswith("data:text/html;base64,")
    path = tmp_path / "shared.html"
    path.write_bytes(base64.b64decode(href.split(",", 1)[1]))

    context = browser.new_context()
    try:
        shared = context.new_page()
        dialogs = _offline(shared)
        shared.goto(path.as_uri())
        shared.wait_for_selector("body[data-map-ready=yes]", state="attached", timeout=30_000)
        assert shared.evaluate("typeof window.L") == "object"
        assert shared.evaluate("typeof L.markerClusterGroup") == "function"
        shared.get_by_label("Search by name").fill(name)
        shared.wait_for_function("document.querySelector('#count').textContent.startsWith('Showing 1 ')")
        assert shared.locator("#list li .coprod-name").inner_text() == name
        assert shared.locator("#list b").count() == 0
        assert shared.locator(".leaflet-marker-icon").count() > 0
        shared.wait_for_timeout(500)
        assert dialogs == [] and page.dialogs == []
    finally:
        context.close()


def test_two_participants_add_at_once(browser, voila_url, voila_store_url):
    from coprod_helpers.assets.register import list_assets
    from coprod_helpers.session import DEMO_PROJECT_ID
    from coprod_helpers.store import open_store

    contexts = [browser.new_context() for _ in range(2)]
    try:
        pages = [c.new_page() for c in contexts]
        for p in pages:
            p.goto(f"{voila_url}/voila/render/{PAGE}", timeout=WAIT)
        for p in pages:
            p.wait_for_selector("text=Add this place", timeout=WAIT)
        tag = uuid.uuid4().hex[:6]
        names = [f"Together {tag} {n}" for n in ("one", "two")]
        postcodes = load_area("demo").postcodes["postcode"]
        for i, p in enumerate(pages):  # fill both, then press both buttons one straight after the other
            p.get_by_label("Name of the place or group").fill(names[i])
            p.get_by_label("Categories (choose one or more)").select_option(label="Food support")
            p.get_by_label("Postcode").fill(postcodes.iloc[10 + i])
            p.get_by_label("Postcode").press("Tab")
        for p in pages:
            p.get_by_role("button", name="Add this place").click(no_wait_after=True)
        for p, name in zip(pages, names):
            p.wait_for_selector(f"text=Thank you. '{name}' is on the map as proposed", timeout=WAIT)
        store = open_store(voila_store_url)
        try:
            saved = {a["name"] for a in list_assets(store, DEMO_PROJECT_ID)}
        finally:
            store.dispose()
        assert set(names) <= saved
        for p in pages:  # each page's list shows both once its map is refreshed
            p.get_by_role("button", name="Refresh the map").click()
            for name in names:
                p.locator(".coprod-asset-list li", has_text=name).wait_for(timeout=WAIT)
    finally:
        for c in contexts:
            c.close()
