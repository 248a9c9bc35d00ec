"""The asset register: checks, review queue, history and undo, comments, categories."""
from __future__ import annotations

import pytest

from coprod_helpers.assets import register
from coprod_helpers.assets.model import (Category, format_opening_times, parse_opening_times, validate_asset)
from coprod_helpers.errors import ConflictError, InputError, PermissionDenied


@pytest.fixture
def asset_data(demo_area):
    pc = demo_area.postcodes.iloc[0]
    return {"name": "Tea and Talk", "categories": "Peer support; Community centre", "postcode": pc["postcode"],
            "own_words": "Somewhere I can just be.", "opening_times": "Mon-Wed 10:00-12:00; Sat closed",
            "step_free": "yes", "languages": "English, Somali", "last_checked": "01/02/2025"}


def test_validate_cleans_every_field(asset_data, demo_area):
    clean = validate_asset(asset_data, area=demo_area)
    assert clean["categories"] == ["peer_support", "community_centre"]
    assert clean["opening_times"]["tue"] == [["10:00", "12:00"]] and clean["opening_times"]["sat"] == []
    assert clean["step_free"] is True and clean["hearing_loop"] is None
    assert clean["languages"] == ["English", "Somali"]
    assert clean["last_checked"] == "2025-02-01"
    assert clean["location_source"] == "postcode" and clean["small_area"] == demo_area.postcodes.iloc[0]["code"]


@pytest.mark.parametrize("changes, field", [
    ({"name": "  "}, "name"),
    ({"name": "x" * 121}, "name"),
    ({"own_words": "y" * 2001}, "own_words"),
    ({"categories": "Bowling"}, "categories"),
    ({"categories": ""}, "categories"),
    ({"postcode": "NOT A PC"}, "postcode"),
    ({"postcode": "E1 1AA"}, "postcode"),
    ({"last_checked": "31/31/2024"}, "last_checked"),
    ({"last_checked": "2999-01-01"}, "last_checked"),
    ({"opening_times": "Funday 9-5"}, "opening_times"),
    ({"opening_times": "Mon 17:00-09:00"}, "opening_times"),
    ({"step_free": "perhaps"}, "step_free"),
    ({"website": "javascript:alert(1)"}, "website"),
    ({"phone": "call me"}, "phone"),
    ({"min_age": "40", "max_age": "20"}, "max_age"),
])
def test_validate_names_the_field(asset_data, demo_area, changes, field):
    with pytest.raises(InputError) as err:
        validate_asset({**asset_data, **changes}, area=demo_area)
    assert field in {p.field for p in err.value.problems}
    assert all(p.fix for p in err.value.problems)


def test_opening_times_round_trip():
    times = parse_opening_times("Monday 9:00-12:30, 13:30-17:00; Sat-Sun closed")
    assert format_opening_times(times) == "Mon 09:00-12:30, 13:30-17:00; Sat closed; Sun closed"
    assert parse_opening_times(times) == times


def test_review_flow_keeps_history_and_undo(store, project, person, staff, reviewer_key, asset_data, demo_area):
    rec = register.add_asset(store, project.id, asset_data, by=person, area=demo_area)
    assert rec.status == "proposed" and rec.created_by == "Ade"
    assert [a["id"] for a in register.review_queue(store, project.id)] == [rec.id]
    with pytest.raises(PermissionDenied):
        register.publish_asset(store, rec.id, by=person, reviewer=None)
    register.publish_asset(store, rec.id, by=staff, reviewer=reviewer_key)
    assert [a["id"] for a in register.published_assets(store, project.id)] == [rec.id]
    assert register.review_queue(store, project.id) == []
    # once published, only reviewers edit; participants comment
    with pytest.raises(PermissionDenied):
        register.edit_asset(store, rec.id, {"name": "Tea & Talk"}, by=person, area=demo_area)
    register.edit_asset(store, rec.id, {"name": "Tea & Talk"}, by=staff, area=demo_area, reviewer=reviewer_key)
    register.undo_last_change(store, rec.id, by=staff, reviewer=reviewer_key)
    assert store.get(rec.id).data["name"] == "Tea and Talk"
    actions = [h.action for h in register.asset_history(store, rec.id)]
    assert actions == ["add", "status", "edit", "restore"]


def test_decline_needs_a_reason_and_keeps_it(store, project, person, staff, reviewer_key, asset_data, demo_area):
    rec = register.add_asset(store, project.id, asset_data, by=person, area=demo_area)
    with pytest.raises(InputError):
        register.decline_asset(store, rec.id, "  ", by=staff, reviewer=reviewer_key)
    register.decline_asset(store, rec.id, "Closed in 2023", by=staff, reviewer=reviewer_key)
    assert register.decline_reason(store, rec.id) == "Closed in 2023"
    register.undo_last_change(store, rec.id, by=staff, reviewer=reviewer_key)
    assert store.get(rec.id).status == "proposed"


def test_archive_and_stale_edit(store, project, person, staff, reviewer_key, asset_data, demo_area):
    rec = register.add_asset(store, project.id, asset_data, by=person, area=demo_area)
    register.edit_asset(store, rec.id, {"cost": "Free"}, by=person, area=demo_area, expected_version=1)
    with pytest.raises(ConflictError):
        register.edit_asset(store, rec.id, {"cost": "£2"}, by=staff, area=demo_area, expected_version=1)
    register.archive_asset(store, rec.id, by=staff, reviewer=reviewer_key, reason="closed")
    assert register.list_assets(store, project.id, "archived")[0]["id"] == rec.id


def test_edit_with_new_postcode_moves_the_place(store, project, person, asset_data, demo_area):
    rec = register.add_asset(store, project.id, asset_data, by=person, area=demo_area)
    other = demo_area.postcodes.iloc[50]
    moved = register.edit_asset(store, rec.id, {"postcode": other["postcode"]}, by=person, area=demo_area)
    assert moved.data["latitude"] == pytest.approx(other["latitude"], abs=1e-5)


def test_comments(store, project, person, staff, asset_data, demo_area):
    rec = register.add_asset(store, project.id, asset_data, by=person, area=demo_area)
    register.comment_on_asset(store, project.id, rec.id, "Opening times changed", by=staff)
    with pytest.raises(InputError):
        register.comment_on_asset(store, project.id, rec.id, " ", by=staff)
    assert [c["text"] for c in register.asset_comments(store, project.id, rec.id)] == ["Opening times changed"]


def test_categories_belong_to_the_group(store, project, person, staff, reviewer_key, asset_data, demo_area):
    assert len(register.load_categories(store, project.id)) == 11
    with pytest.raises(PermissionDenied):
        register.add_category(store, project.id, "Men's sheds", by=person, reviewer=None)
    new = register.add_category(store, project.id, "Men's sheds", by=staff, reviewer=reviewer_key)
    assert new == Category("men_s_sheds", "Men's sheds", "#555555")
    rec = register.add_asset(store, project.id, {**asset_data, "categories": "men's sheds"}, by=person,
                             area=demo_area)
    assert rec.data["categories"] == ["men_s_sheds"]


def test_review_queue_flags_duplicates(store, project, person, asset_data, demo_area):
    first = register.add_asset(store, project.id, asset_data, by=person, area=demo_area)
    second = register.add_asset(store, project.id, {**asset_data, "name": "The Tea & Talk"}, by=person,
                                area=demo_area)
    queue = {a["id"]: a for a in register.review_queue(store, project.id)}
    assert queue[second.id]["possible_duplicates"][0]["id"] == first.id
