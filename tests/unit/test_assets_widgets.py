"""The asset widgets without a browser: set values, click, check the store and the traitlets."""
from __future__ import annotations

import pytest

from coprod_helpers.assets import register
from coprod_helpers.widgets.asset_form import AssetForm, parse_place
from coprod_helpers.widgets.asset_review import AssetCommentForm, AssetReviewPanel

EVIL = "<img src=x onerror=alert(1)> `${alert(2)}` \"q' </script>"


@pytest.fixture
def ctx(store, project, person, demo_area):
    return {"store": store, "project_id": project.id, "person": person, "area": demo_area}


def test_participant_adds_by_postcode_and_keeps_text_on_error(ctx, demo_area, store, project):
    form = AssetForm(**ctx)
    form.name.value = "Tea and Talk"
    form.postcode.value = "QQ9 9QQ"
    form.submit.click()
    assert "postcode" in form.message.value.lower() and 'role="alert"' in form.message.value
    assert form.name.value == "Tea and Talk" and form.added_id == ""
    form.postcode.value = demo_area.postcodes.iloc[0]["postcode"]
    form.category_picker.value = ("peer_support",)
    form.submit.click()
    assert form.added_id
    rec = store.get(form.added_id)
    assert rec.status == "proposed" and rec.created_by == "Ade" and rec.data["location_source"] == "postcode"
    assert form.name.value == "" and "proposed" in form.message.value


def test_participant_adds_by_map_click(ctx, demo_area, store):
    form = AssetForm(**ctx)
    row = demo_area.postcodes.iloc[7]
    form.name.value = EVIL
    form.category_picker.value = ("library",)
    form.place.value = f"{row['latitude']:.6f}, {row['longitude']:.6f}"
    assert "coprod-map-click-target" in form.place._dom_classes
    form.submit.click()
    rec = store.get(form.added_id)
    assert rec.data["location_source"] == "map" and rec.data["small_area"] == row["code"]
    assert "<img" not in form.message.value and "&lt;img" in form.message.value


def test_place_parsing():
    assert parse_place(" 51.5, 0.01 ") == ("51.5", "0.01")
    assert parse_place("") == (None, None)
    with pytest.raises(Exception):
        parse_place("51.5")


def test_reviewer_unlocks_publishes_declines_and_undoes(ctx, store, project, staff, demo_area):
    form = AssetForm(**ctx)
    for name in ("Tea and Talk", EVIL):
        form.name.value = name
        form.category_picker.value = ("peer_support",)
        form.postcode.value = demo_area.postcodes.iloc[3]["postcode"]
        form.submit.click()
    panel = AssetReviewPanel(store=store, project_id=project.id, person=staff, area=demo_area)
    assert "&lt;img" in panel.details.value or "Tea" in panel.details.value
    assert "<img" not in panel.details.value
    panel.publish_button.click()
    assert "reviewers" in panel.message.value
    panel.passphrase.value = "wrong one here"
    panel.unlock_button.click()
    assert "not the team" in panel.message.value
    panel.passphrase.value = "team passphrase 1"
    panel.unlock_button.click()
    first = panel.picker.value
    panel.publish_button.click()
    assert store.get(first).status == "published" and panel.changes == 1
    second = panel.picker.value
    panel.decline_button.click()
    assert "say why" in panel.message.value and store.get(second).status == "proposed"
    panel.reason.value = "Same as Tea and Talk"
    panel.decline_button.click()
    assert register.decline_reason(store, second) == "Same as Tea and Talk"
    panel.show_all.value = True
    panel.picker.value = second
    panel.undo_button.click()
    assert store.get(second).status == "proposed"


def test_comments_on_others_assets(ctx, store, project, staff, demo_area):
    form = AssetForm(**ctx)
    form.name.value = "Vale Library"
    form.category_picker.value = ("library",)
    form.postcode.value = demo_area.postcodes.iloc[2]["postcode"]
    form.submit.click()
    comments = AssetCommentForm(store=store, project_id=project.id, person=staff)
    comments.text.value = ""
    comments.submit.click()
    assert "empty" in comments.message.value
    comments.text.value = EVIL
    comments.submit.click()
    assert comments.comment_id
    assert "&lt;img" in comments.comments.value and "<img" not in comments.comments.value
