"""The asset page's gaps closed: reviewers edit, GeoPackage download, colouring by a rate,
the accessible list next to the map, and the shared page's print view (no browser here)."""
from __future__ import annotations

import base64
import re
import sqlite3

import ipywidgets
import pandas as pd
import pytest

from coprod_helpers.assets import gaps, register
from coprod_helpers.assets.model import ASSET_FIELDS
from coprod_helpers.maps.assets_map import asset_list_html
from coprod_helpers.maps.share_html import HERE, export_map_html
from coprod_helpers.populations.service_data import save_service_data
from coprod_helpers.widgets.asset_edit import AssetEditForm, form_values
from coprod_helpers.widgets.asset_form import ASSET_BOXES, ASSET_GROUPS, AssetForm
from coprod_helpers.widgets.asset_map_panel import EXPORTS, RATE_PREFIX, AssetMapPanel
from coprod_helpers.widgets.asset_review import AssetReviewPanel
from coprod_helpers.widgets.common import escape

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


# -- 6. the edit form covers every editable field ------------------------------------------
#: Fields worked out when saving, never typed.
DERIVED = {"small_area", "location_source", "latitude", "longitude"}
BROWSER_LABELS = ("Name of the place or group", "Categories (choose one or more)", "Postcode",
                  "Or the place clicked on the map (latitude, longitude)", "Add this place")


def _widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _widgets(child)


def _words(widget) -> list[str]:
    """Every label and button text on a widget, as a browser would find them."""
    return [x.description for x in _widgets(widget) if isinstance(getattr(x, "description", None), str)]


@pytest.fixture
def full(store, project, person, demo_area):
    """A proposed asset with every editable field filled in."""
    row = demo_area.postcodes.iloc[3]
    return register.add_asset(store, project.id, {
        "name": "Tea and Talk", "categories": ["peer_support"], "description": "A weekly tea.",
        "own_words": "Where we meet.", "organisation": "Vale Trust", "for_whom": "Women", "min_age": 16,
        "max_age": 25, "languages": "English; Bengali", "cost": "Free", "referral_needed": True,
        "step_free": False, "hearing_loop": True, "quiet_space": None, "interpreters": True,
        "opening_times": "Mon 10:00-12:00; Sat closed", "opening_notes": "Not in August",
        "website": "https://vale.example.org", "phone": "020 7946 0000", "email": "hello@vale.example.org",
        "contact_is_personal": True, "address": "1 High Street", "postcode": row["postcode"],
        "hide_exact_location": True, "last_checked": "2024-05-31", "source": "Vale directory",
        "licence": "OGL v3", "external_id": "V-17"}, by=person, area=demo_area)


def _edit(ctx, asset_id):
    panel = _unlocked_panel(ctx)
    panel.show_all.value = True
    panel.picker.value = asset_id
    return panel, panel.start_editing()


def test_edit_form_has_a_box_for_every_editable_field_in_groups(ctx, full):
    panel, form = _edit(ctx, full.id)
    assert set(form.data()) >= set(ASSET_FIELDS) - DERIVED
    assert set(form.boxes()) == set(ASSET_BOXES) == set(AssetForm(**ctx).boxes())  # one builder for both
    headings = [h.value for h in _widgets(form) if isinstance(h, ipywidgets.HTML) and "<h5" in h.value]
    for title, _names in ASSET_GROUPS:
        assert any(f">{escape(title)}</h5>" in h for h in headings), title
    assert form.min_age.value == "16" and form.max_age.value == "25" and form.email.value == "hello@vale.example.org"
    assert form.step_free.value is False and form.quiet_space.value is None and form.referral.value is True
    assert form.opening_times.days["mon"].value == "10:00-12:00" and form.opening_times.days["sat"].value == "closed"
    assert form.opening_times.days["tue"].value == "" and form.last_checked.value == "2024-05-31"
    assert form.contact_is_personal.value is True and form.hide_exact.value is True
    assert form.changes() == {}


def test_every_editable_field_round_trips_through_the_edit_form(ctx, full, store, demo_area):
    panel, form = _edit(ctx, full.id)
    pcs = demo_area.postcodes
    point = pcs.iloc[6]
    typed = {  # box: (what is typed, what is stored)
        "name": ("Tea and Talk (Tuesdays)", {"name": "Tea and Talk (Tuesdays)"}),
        "categories": (("library", "arts_culture"), {"categories": ["library", "arts_culture"]}),
        "description": ("A tea on Tuesdays.", {"description": "A tea on Tuesdays."}),
        "own_words": (EVIL, {"own_words": EVIL}),
        "organisation": ("Vale Community Trust", {"organisation": "Vale Community Trust"}),
        "for_whom": ("Everyone", {"for_whom": "Everyone"}),
        "min_age": ("18", {"min_age": 18}), "max_age": ("30", {"max_age": 30}),
        "languages": ("Somali; English", {"languages": ["Somali", "English"]}),
        "cost": ("£1", {"cost": "£1"}), "referral": (False, {"referral_needed": False}),
        "postcode": (pcs.iloc[5]["postcode"], {"postcode": pcs.iloc[5]["postcode"]}),
        "place": (f"{point['latitude']:.6f}, {point['longitude']:.6f}",
                  {"latitude": round(point["latitude"], 6), "longitude": round(point["longitude"], 6)}),
        "address": ("2 Low Road", {"address": "2 Low Road"}), "hide_exact": (False, {"hide_exact_location": False}),
        "step_free": (True, {"step_free": True}), "hearing_loop": (False, {"hearing_loop": False}),
        "quiet_space": (True, {"quiet_space": True}), "interpreters": (None, {"interpreters": None}),
        "opening_notes": ("Also bank holidays", {"opening_notes": "Also bank holidays"}),
        "website": ("www.example.org", {"website": "https://www.example.org"}),
        "phone": ("020 7946 0001", {"phone": "020 7946 0001"}), "email": ("new@example.org", {"email": "new@example.org"}),
        "contact_is_personal": (False, {"contact_is_personal": False}),
        "last_checked": ("31/05/2025", {"last_checked": "2025-05-31"}),
        "source": ("Our walk", {"source": "Our walk"}), "licence": ("CC BY 4.0", {"licence": "CC BY 4.0"}),
        "external_id": ("W-1", {"external_id": "W-1"}),
    }
    assert set(typed) | {"opening_times"} == set(ASSET_BOXES)
    for box, (value, _stored) in typed.items():
        form.boxes()[box].value = value
    days = form.opening_times.days  # opening times are typed day by day
    days["mon"].value, days["sat"].value, days["tue"].value = "", "", "9:00-12:00, 13:00-17:00"
    form.submit.click()
    rec = store.get(full.id)
    assert rec.version == 2, form.message.value
    for _box, (_value, stored) in typed.items():
        for field, expected in stored.items():
            assert rec.data[field] == expected, field
    assert rec.data["opening_times"] == {"tue": [["09:00", "12:00"], ["13:00", "17:00"]]}
    assert rec.data["location_source"] == "map"
    note = register.asset_history(store, full.id)[-1].note
    assert all(f in note for f in ("min_age", "opening_times", "email", "last_checked", "external_id"))
    panel.show_all.value = True
    panel.picker.value = full.id
    again = panel.start_editing()  # and back into the boxes as typed
    assert again.min_age.value == "18" and again.opening_times.value == "Tue 09:00-12:00, 13:00-17:00"
    assert again.website.value == "https://www.example.org" and again.interpreters.value is None
    assert again.changes() == {}


@pytest.mark.parametrize("box, bad, label", [
    ("min_age", "sixteen", "Youngest age (years)"), ("max_age", "200", "Oldest age (years)"),
    ("last_checked", "2999-01-01", "Last checked (date)"), ("last_checked", "last week", "Last checked (date)"),
    ("email", "hello at vale", "Email (organisation's, not a person's)"), ("website", "javascript:alert(1)", "Website"),
    ("phone", "ring Sam", "Phone (organisation's, not a person's)"), ("name", "", "Name of the place or group"),
    ("place", "51.5", "Or the place clicked on the map (latitude, longitude)"),
])
def test_a_bad_value_names_its_box_and_saves_nothing(ctx, full, store, box, bad, label):
    panel, form = _edit(ctx, full.id)
    form.cost.value = "£3"  # a good change alongside is not saved either
    form.boxes()[box].value = bad
    form.submit.click()
    assert 'role="alert"' in form.message.value and escape(label) in form.message.value
    assert form.boxes()[box].value == bad and form.cost.value == "£3" and panel.editing
    assert store.get(full.id).version == 1 and store.get(full.id).data["cost"] == "Free"


def test_a_bad_opening_time_names_the_day(ctx, full, store):
    _panel, form = _edit(ctx, full.id)
    form.opening_times.days["wed"].value = "25:00-26:00"
    form.submit.click()
    assert "Opening times" in form.message.value and "Wed 25:00-26:00" in form.message.value
    assert form.opening_times.days["wed"].value == "25:00-26:00" and store.get(full.id).version == 1


def test_only_changed_fields_are_sent(ctx, full, store, monkeypatch):
    _panel, form = _edit(ctx, full.id)
    form.max_age.value = "26"
    form.opening_times.days["sun"].value = "closed"
    sent = []
    real = register.edit_asset
    monkeypatch.setattr(register, "edit_asset", lambda store, asset_id, changes, **kw: sent.append(changes)
                        or real(store, asset_id, changes, **kw))
    form.submit.click()
    assert sent == [{"max_age": "26", "opening_times": "Mon 10:00-12:00; Sat closed; Sun closed"}]
    rec = store.get(full.id)
    assert rec.data["max_age"] == 26 and rec.data["opening_times"]["sun"] == []
    assert rec.data["email"] == "hello@vale.example.org" and rec.data["last_checked"] == "2024-05-31"


def test_add_form_more_details_are_collapsed_and_saved(ctx, store, demo_area):
    form = AssetForm(**ctx)
    more = [x for x in _widgets(form) if x.__class__.__name__ == "Accordion"]
    assert len(more) == 1 and more[0].titles == ("More details (optional)",) and more[0].selected_index is None
    assert "Last checked (date)" not in _words(form)  # the reviewers' fields are for the edit form
    form.name.value = "Bench Club"
    form.category_picker.value = ("green_space",)
    form.postcode.value = demo_area.postcodes.iloc[7]["postcode"]
    form.min_age.value, form.email.value = "60", "bench@example.org"
    form.opening_times.days["thu"].value = "14:00-16:00"
    form.submit.click()
    rec = store.get(form.added_id)
    assert rec.data["min_age"] == 60 and rec.data["email"] == "bench@example.org"
    assert rec.data["opening_times"] == {"thu": [["14:00", "16:00"]]}
    assert form.min_age.value == "" and form.opening_times.days["thu"].value == ""  # cleared for the next place
    form.max_age.value = "old"
    form.submit.click()
    assert escape("Oldest age (years)") in form.message.value and form.max_age.value == "old"


def test_browser_labels_are_unique_while_the_edit_form_is_closed(ctx, full):
    page = [AssetForm(**ctx), AssetReviewPanel(**ctx)]
    words = [x for widget in page for x in _words(widget)]
    for label in BROWSER_LABELS:  # Playwright's get_by_label matches any label containing the words
        assert sum(label.lower() in x.lower() for x in words) == 1, label
    panel, form = _edit(ctx, full.id)
    assert panel.editing
    panel.stop_editing()
    assert not any("Postcode" in x for x in _words(panel))


def test_review_details_show_the_newly_editable_fields(ctx, full):
    panel, _form = _edit(ctx, full.id)
    text = panel.details.value
    assert "16 to 25" in text and "Mon 10:00-12:00; Sat closed" in text and "2024-05-31" in text
