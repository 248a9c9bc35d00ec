"""The asset page's gaps closed: reviewers edit, GeoPackage download, colouring by a rate,
the accessible list next to the map, and the shared page's print view (no browser here)."""
from __future__ import annotations

import base64
import re
import sqlite3

import pandas as pd
import pytest

from coprod_helpers.assets import gaps, register
from coprod_helpers.maps.assets_map import asset_list_html
from coprod_helpers.maps.share_html import HERE, export_map_html
from coprod_helpers.populations.service_data import save_service_data
from coprod_helpers.widgets.asset_edit import AssetEditForm, form_values
from coprod_helpers.widgets.asset_map_panel import EXPORTS, RATE_PREFIX, AssetMapPanel
from coprod_helpers.widgets.asset_review import AssetReviewPanel

EVIL = "<img src=x onerror=alert(1)> `${alert(2)}` \"q' </script>"
PASSPHRASE = "team passphrase 1"


@pytest.fixture
def ctx(store, project, staff, demo_area):
    return {"store": store, "project_id": project.id, "person": staff, "area": demo_area}


@pytest.fixture
def placed(store, project, person, demo_area):
    """One proposed and one published asset."""
    pcs = demo_area.postcodes["postcode"]
    key = store.unlock(project.id, PASSPHRASE)
    proposed = register.add_asset(store, project.id, {"name": "Tea and Talk", "categories": ["peer_support"],
                                                      "postcode": pcs.iloc[1], "languages": "English; Bengali",
                                                      "opening_times": "Mon 10:00-12:00"}, by=person, area=demo_area)
    published = register.add_asset(store, project.id, {"name": "Vale Library", "categories": ["library"],
                                                       "postcode": pcs.iloc[2]}, by=person, area=demo_area,
                                   publish_with=key)
    return proposed, published


# -- 1. reviewers edit -------------------------------------------------------------------
def _unlocked_panel(ctx):
    panel = AssetReviewPanel(**ctx)
    panel.passphrase.value = PASSPHRASE
    panel.unlock_button.click()
    return panel


def test_edit_is_for_reviewers_only(ctx, placed):
    panel = AssetReviewPanel(**ctx)
    assert panel.edit_button.layout.display == "none"
    panel.edit_button.click()
    assert "reviewers" in panel.message.value and not panel.editing
    form = AssetEditForm(**ctx)  # built directly without a key: refuses to save
    form.load({**register.list_assets(ctx["store"], ctx["project_id"], "published")[0]})
    form.name.value = "Something else"
    form.submit.click()
    assert "reviewers" in form.message.value and form.edited_id == ""


def test_reviewer_edits_a_published_asset_with_history(ctx, placed, store):
    _proposed, published = placed
    panel = _unlocked_panel(ctx)
    assert panel.edit_button.layout.display is None
    panel.show_all.value = True
    panel.picker.value = published.id
    panel.edit_button.click()
    form = panel.edit_form
    assert panel.editing and form.name.value == "Vale Library" and form.category_picker.value == ("library",)
    assert form.postcode.value == published.data["postcode"] and form.place.value == ""
    assert "coprod-map-click-target" not in form.place._dom_classes  # a map click never moves it
    form.description.value = EVIL
    form.category_picker.value = ("library", "arts_culture")
    form.submit.click()
    rec = store.get(published.id)
    assert rec.status == "published" and rec.data["description"] == EVIL
    assert rec.data["categories"] == ["library", "arts_culture"] and rec.data["latitude"] is not None
    assert panel.changes == 1 and not panel.editing and "Saved the changes" in panel.message.value
    lines = register.asset_history(store, published.id)
    assert len(lines) == 2 and "description" in (lines[-1].note or "")
    assert "&lt;img" in panel.details.value and "<img" not in panel.details.value
    panel.undo_button.click()  # an edit can be undone like any change
    assert store.get(published.id).data["description"] == ""


def test_bad_edit_names_the_field_and_keeps_what_was_typed(ctx, placed, store):
    proposed, _ = placed
    panel = _unlocked_panel(ctx)
    panel.picker.value = proposed.id
    form = panel.start_editing()
    assert form.languages.value == "English; Bengali" and form.opening_times.value == "Mon 10:00-12:00"
    form.name.value = ""
    form.postcode.value = "QQ9 9QQ"
    form.submit.click()
    text = form.message.value
    assert 'role="alert"' in text and "name" in text.lower() and "postcode" in text.lower()
    assert form.postcode.value == "QQ9 9QQ" and panel.editing and panel.changes == 0
    assert store.get(proposed.id).data["name"] == "Tea and Talk" and store.get(proposed.id).version == 1
    form.name.value = "Tea and Talk (Tuesdays)"
    form.postcode.value = ctx["area"].postcodes["postcode"].iloc[5]
    form.submit.click()
    rec = store.get(proposed.id)
    assert rec.data["name"] == "Tea and Talk (Tuesdays)" and rec.status == "proposed"
    assert rec.data["small_area"] == ctx["area"].postcodes.iloc[5]["code"]  # placed again from the new postcode


def test_nothing_changed_is_said(ctx, placed):
    panel = _unlocked_panel(ctx)
    form = panel.start_editing()
    form.submit.click()
    assert "Nothing was changed" in form.message.value


def test_form_values_round_trip(placed):
    proposed, _ = placed
    values = form_values({**proposed.data, "location_source": "map"})
    assert values["place"] == f"{proposed.data['latitude']}, {proposed.data['longitude']}"
    assert values["categories"] == ("peer_support",) and values["referral"] is None


# -- 2. GeoPackage download --------------------------------------------------------------
def test_geopackage_download(ctx, placed, tmp_path):
    panel = AssetMapPanel(**ctx)
    assert "gpkg" in EXPORTS and panel.export_buttons["gpkg"].description == "GeoPackage"
    panel.export_buttons["gpkg"].click()
    link = panel.download.value
    assert 'download="assets-' in link and ".gpkg" in link and "application/geopackage+sqlite3" in link
    data = base64.b64decode(re.search(r"base64,([^\"]+)\"", link).group(1))
    path = tmp_path / "assets.gpkg"
    path.write_bytes(data)
    import geopandas as gpd

    frame = gpd.read_file(path)
    assert list(frame["name"]) == ["Vale Library"]  # published only
    with sqlite3.connect(path) as db:
        assert db.execute("select count(*) from gpkg_contents").fetchone()[0] == 1


# -- 3. colouring by a rate from the populations step ------------------------------------
def _service_rows(demo_area):
    codes = list(demo_area.small_areas["code"][:3])
    return pd.DataFrame({"measure": ["Referrals"] * 3 + ["Referrals"], "period": ["2024"] * 4,
                         "group_type": ["small_area"] * 3 + ["ethnicity"], "group": [*codes, "White British"],
                         "events": [3, 10, 0, 40], "population": [1500.0, 2000.0, 1000.0, 9000.0],
                         "kind": ["rate"] * 4})


def test_small_area_rates_is_a_pure_function(demo_area):
    rates = gaps.small_area_rates(_service_rows(demo_area))
    assert list(rates) == ["Referrals 2024: rate per 100,000"]
    series = rates["Referrals 2024: rate per 100,000"]
    codes = list(demo_area.small_areas["code"][:3])
    assert series.to_dict() == {codes[0]: 200.0, codes[1]: 500.0, codes[2]: 0.0}
    assert gaps.small_area_rates(pd.DataFrame(columns=["measure", "group_type"])) == {}
    no_pop = _service_rows(demo_area).assign(population=float("nan"))
    assert gaps.small_area_rates(no_pop) == {}


def test_map_panel_offers_saved_rates(ctx, placed, store, project, staff, demo_area):
    plain = AssetMapPanel(**ctx)
    assert [v for _, v in plain.colour_by.options] == [None, "imd_decile"]
    save_service_data(store, project.id, _service_rows(demo_area), by=staff)
    panel = AssetMapPanel(**ctx)
    value = RATE_PREFIX + "Referrals 2024: rate per 100,000"
    assert value in [v for _, v in panel.colour_by.options]
    panel.colour_by.value = value
    assert panel._colour().loc[demo_area.small_areas["code"].iloc[1]] == 500.0
    assert "Referrals 2024: rate per 100,000" in panel.map_view.value
    plain.refresh_button.click()  # reads the rates again
    assert value in [v for _, v in plain.colour_by.options] and plain.colour_by.value is None
    page = panel.export_bytes("html").decode("utf-8")
    assert "Small areas: Referrals 2024: rate per 100,000" in page


def test_rates_given_win(ctx, placed, demo_area):
    panel = AssetMapPanel(rates={"Made up": {demo_area.small_areas["code"].iloc[0]: 1.0}}, **ctx)
    assert [label for label, _ in panel.colour_by.options][-1] == "Made up"


# -- 4. the list next to the map ---------------------------------------------------------
def test_list_is_named_focusable_and_escaped(ctx, placed):
    text = asset_list_html([{"name": EVIL, "categories": ["library"], "status": "proposed", "postcode": "E15 3LT",
                             "description": EVIL}, {"name": "Alpha", "categories": ["peer_support"]}],
                           heading="Places on the map")
    assert "role='list' aria-label='Places on the map'" in text
    assert text.count("<li tabindex='0'>") == 2
    assert re.search(r"<li tabindex='0'><h3 class='coprod-item-name'>Alpha</h3>", text)
    assert "<img" not in text and "&lt;img" in text and "&#96;" in text and "</script>" not in text
    assert "li:focus" in text  # a visible focus outline
    assert "No places match" in asset_list_html([])
    panel = AssetMapPanel(**ctx)
    assert panel.list_view.value.count("tabindex='0'") == 2


# -- 5. the shared page printed -----------------------------------------------------------
def test_print_lists_every_place_of_the_filter(demo_area):
    js = (HERE / "share_html.js").read_text(encoding="utf-8")
    assert 'var end = printing ? visible.length' in js
    assert 'addEventListener("beforeprint"' in js and 'matchMedia("print")' in js
    row = demo_area.postcodes.iloc[0]
    assets = [{"id": str(i), "name": f"Place {i}", "categories": ["library"], "latitude": row.latitude,
               "longitude": row.longitude, "status": "published"} for i in range(150)]
    page = export_map_html(assets, area=demo_area)
    assert "var end = printing ? visible.length" in page
    assert re.search(r"@media print \{[^}]*\}[^@]*#more[^}]*display: none", page, re.S)
