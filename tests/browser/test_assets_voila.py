"""The asset map page in Voilà: a participant adds a place by postcode (and by a map click),
a reviewer publishes it, and text people typed never runs."""
from __future__ import annotations

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
    assert page.evaluate("() => Array.from(document.querySelectorAll('iframe'))"
                         ".some(f => f.contentWindow && typeof f.contentWindow.L === 'object')")
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
