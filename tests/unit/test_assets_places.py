"""Geocoding, coordinate checks, duplicates, privacy and gap analysis."""
from __future__ import annotations

import math

import pytest

from coprod_helpers.assets import duplicates, gaps, geocode, privacy
from coprod_helpers.errors import InputError


def test_postcode_lookup_is_offline_and_normalised(demo_area):
    row = demo_area.postcodes.iloc[3]
    lat, lon, code = geocode.geocode_postcode(row["postcode"].lower().replace(" ", ""), demo_area)
    assert (lat, lon, code) == (pytest.approx(row["latitude"]), pytest.approx(row["longitude"]), row["code"])


@pytest.mark.parametrize("text, words", [("E1", "not written like"), ("QQ9 9QQ", "not in")])
def test_bad_postcodes_say_what_is_wrong(demo_area, text, words):
    with pytest.raises(InputError, match=words) as err:
        geocode.geocode_postcode(text, demo_area)
    assert err.value.problems[0].field == "postcode"


def test_coordinate_checks(demo_area):
    lat, lon = (float(v) for v in demo_area.postcodes.iloc[0][["latitude", "longitude"]])
    assert geocode.check_point(lat, lon, demo_area) == []
    assert "swapped" in geocode.check_point(lon, lat, demo_area)[0].message
    assert "outside" in geocode.check_point(lat + 1, lon, demo_area)[0].message
    assert "swapped" in geocode.check_point(95.0, 0.01)[0].message


def test_resolve_location_prefers_coordinates(demo_area):
    row = demo_area.postcodes.iloc[0]
    fields, problems = geocode.resolve_location({"latitude": row["latitude"], "longitude": row["longitude"],
                                                 "postcode": "qq9 9qq", "location_source": "map"}, demo_area)
    assert problems == [] and fields["location_source"] == "map" and fields["postcode"] == "QQ9 9QQ"
    fields, problems = geocode.resolve_location({"latitude": "51.5"}, demo_area)
    assert problems[0].field == "longitude"
    _, problems = geocode.resolve_location({}, demo_area)
    assert "no postcode" in problems[0].message


def test_duplicates_use_names_and_distance():
    base = {"latitude": 51.5, "longitude": 0.0}
    assets = [{"id": "a", "name": "Stratford Library", **base},
              {"id": "b", "name": "The Stratford Library", "latitude": 51.5005, "longitude": 0.0},   # ~55 m
              {"id": "c", "name": "Stratford Library", "latitude": 51.52, "longitude": 0.0},          # 2 km
              {"id": "d", "name": "Food Bank", "latitude": 51.5001, "longitude": 0.0}]
    pairs = duplicates.find_duplicates(assets)
    assert [(p.first, p.second) for p in pairs] == [("a", "b")]
    assert pairs[0].distance_m == pytest.approx(55.6, abs=1)
    assert duplicates.duplicates_of({"name": "stratford library", **base}, assets[1:])[0].second == "b"


def test_duplicates_scale_with_a_spatial_index():
    import random

    rnd = random.Random(1)
    assets = [{"id": str(i), "name": f"Place {i}", "latitude": 51.5 + rnd.random() * 0.1,
               "longitude": rnd.random() * 0.1} for i in range(20_000)]
    assets.append({**assets[0], "id": "copy"})
    pairs = duplicates.find_duplicates(assets)
    assert ("0", "copy") in {(p.first, p.second) for p in pairs}


def test_hidden_place_is_never_exact():
    asset = {"id": "x", "name": "Safe house group", "latitude": 51.534784, "longitude": 0.005881,
             "postcode": "E15 3LT", "address": "1 Secret Road", "hide_exact_location": True,
             "small_area": "E01003634", "description": "Ring Jo on 07700 900123 or jo@example.org",
             "phone": "07700 900123", "contact_is_personal": True, "added_by": "Ade"}
    out = privacy.shareable_asset(asset)
    assert (out["latitude"], out["longitude"]) != (asset["latitude"], asset["longitude"])
    assert math.dist((out["latitude"], out["longitude"]), (asset["latitude"], asset["longitude"])) < 0.01
    assert out["postcode"] == "E15 3" and out["address"] is None and out["small_area"] is None
    assert out["phone"] is None and "07700" not in out["description"] and "jo@" not in out["description"]
    assert "added_by" not in out and out["location_is_approximate"] is True
    assert privacy.shareable_asset(asset)["latitude"] == out["latitude"]  # the same square every time


def test_gaps_per_small_area(demo_area):
    first, far = demo_area.small_areas.iloc[0], demo_area.small_areas.iloc[-1]
    point = first.geometry.representative_point()
    assets = [{"id": "1", "name": "Peer group", "categories": ["peer_support"], "latitude": point.y,
               "longitude": point.x},
              {"id": "2", "name": "Library", "categories": ["library"], "latitude": far.geometry.centroid.y,
               "longitude": far.geometry.centroid.x}]
    result = gaps.distance_to_nearest_asset(demo_area, assets, categories=["peer_support"])
    assert len(result) == len(demo_area.small_areas)
    assert result.loc[0, "distance_m"] < 300 and result.loc[0, "nearest_id"] == "1"
    assert (result["nearest_id"] == "1").all()
    need = gaps.need_from_deprivation(demo_area)
    listed = gaps.high_need_gaps(result, need)
    assert set(listed["code"]) <= set(need[need].index)
    assert (listed["distance_m"] > gaps.NEARBY_M).all()
    assert list(listed["distance_m"]) == sorted(listed["distance_m"], reverse=True)
    none = gaps.distance_to_nearest_asset(demo_area, assets, categories=["green_space"])
    assert none["distance_m"].isna().all()
    assert len(gaps.high_need_gaps(none, need)) == int(need.sum())


def test_high_need_from_a_rate(demo_area):
    result = gaps.distance_to_nearest_asset(demo_area, [], categories=None)
    import pandas as pd

    rate = pd.Series(range(len(demo_area.small_areas)), index=demo_area.small_areas["code"], dtype=float)
    assert len(gaps.high_need_gaps(result, rate)) == pytest.approx(len(rate) * 0.2, abs=1)
