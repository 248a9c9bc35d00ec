"""The fictional demo borough and its records in data/demo."""
import re

import numpy as np
import pandas as pd
import pytest

from coprod_helpers.area import ETHNIC_GROUPS, load_area, make_demo_area, normalise_postcode
from coprod_helpers.area.demo import write_demo_data
from coprod_helpers.config import DEMO_DIR

DEMO_FILES = {"area.json", "small_areas.geojson", "population_by_ethnicity.csv", "population_by_age.csv",
              "deprivation.csv", "postcodes.csv", "assets.csv", "service_counts.csv", "feedback.csv",
              "measure_series.csv"}


@pytest.fixture(scope="module")
def area():
    return load_area("demo")


@pytest.fixture(scope="module")
def records():
    return {name: pd.read_csv(DEMO_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in ("assets", "service_counts", "feedback", "measure_series")}


def test_regenerating_gives_the_committed_files_byte_for_byte(tmp_path):
    write_demo_data(tmp_path)
    made = {p.name for p in tmp_path.iterdir()}
    assert made == DEMO_FILES
    for name in sorted(DEMO_FILES):
        assert (tmp_path / name).read_bytes() == (DEMO_DIR / name).read_bytes(), (
            f"{name} differs: run 'python -m coprod_helpers.area.demo' and commit data/demo")


def test_make_demo_area_is_pure_and_repeatable():
    a, b = make_demo_area(seed=7), make_demo_area(seed=7)
    assert a.population_by_ethnicity.equals(b.population_by_ethnicity)
    assert a.small_areas.geom_equals(b.small_areas).all()
    assert not make_demo_area(seed=8).population_by_age.equals(a.population_by_age)


def test_demo_folder_is_small():
    total = sum(p.stat().st_size for p in DEMO_DIR.iterdir())
    assert {p.name for p in DEMO_DIR.iterdir()} == DEMO_FILES
    assert total < 1.5e6


def test_demo_is_clearly_fictional(area):
    assert all(re.fullmatch(r"Z01\d{6}", c) for c in area.codes)       # real ONS codes never start with Z
    assert area.code.startswith("Z")
    assert all(p.startswith("QV") for p in area.postcodes["postcode"])   # no real postcode starts with Q
    readme = (DEMO_DIR.parent / "README.md").read_text(encoding="utf-8")
    assert "fictional" in readme.lower() and "never copied" in readme.lower()


def test_small_areas_look_like_a_borough(area):
    sa = area.small_areas
    assert 100 <= len(sa) <= 200
    assert sa.is_valid.all() and set(sa.geom_type) == {"Polygon"}
    minx, miny, maxx, maxy = sa.total_bounds
    assert -3 < minx < maxx < 0 and 52 < miny < maxy < 53.5            # inland England
    metric = sa.to_crs(27700)
    union = metric.union_all()
    assert union.geom_type == "Polygon"                                  # one borough, no gaps
    assert abs(union.area - metric.area.sum()) < 1.0                     # and no overlaps
    assert sa["name"].is_unique and sa["name"].str.startswith("Riverside Vale ").all()


def test_populations_are_plausible(area):
    totals = area.population_totals()["population"]
    assert 1200 <= totals.mean() <= 1800 and totals.min() >= 1000
    eth = area.population_by_ethnicity.groupby("ethnic_group")["population"].sum()
    assert (eth > 0).all() and set(eth.index) == set(ETHNIC_GROUPS)
    assert eth.idxmax() == "White: British"
    ages = area.population_by_age.pivot(index="code", columns="age_band", values="population")
    assert (ages.sum(axis=1) == totals.to_numpy()).all()
    # Communities live in different places, as in a real borough.
    share = area.population_by_ethnicity.pivot(index="code", columns="ethnic_group", values="population")
    share = share.div(share.sum(axis=1), axis=0)
    assert share["Black: African"].max() > 3 * share["Black: African"].min()


def test_deprivation_has_spatial_structure(area):
    dep = area.deprivation.set_index("code").reindex(area.codes)
    assert set(dep["imd_decile"]) <= set(range(1, 11)) and dep["imd_rank"].is_unique
    assert (dep.sort_values("imd_score", ascending=False)["imd_rank"].diff().dropna() > 0).all()
    metric = area.small_areas.to_crs(27700)
    xy = np.column_stack([metric.centroid.x, metric.centroid.y])
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    w = ((d > 0) & (d < 900)).astype(float)
    z = dep["imd_score"].to_numpy() - dep["imd_score"].mean()
    morans_i = len(z) / w.sum() * (z @ w @ z) / (z @ z)
    assert morans_i > 0.3                                                 # neighbours are alike


def test_postcodes_fall_in_their_small_area(area):
    pcs = area.postcodes
    assert 300 <= len(pcs) <= 600 and pcs["postcode"].is_unique
    assert all(normalise_postcode(p) == p for p in pcs["postcode"])
    assert set(pcs["code"]) == set(area.codes)                            # every small area has one
    geoms = area.small_areas.set_index("code").geometry
    import shapely
    inside = shapely.contains_xy(geoms.reindex(pcs["code"]).values, pcs["longitude"], pcs["latitude"])
    assert inside.all()


def test_assets_follow_the_brief(records, area):
    assets = records["assets"]
    assert list(assets.columns) == [
        "name", "categories", "description", "own_words", "postcode", "latitude", "longitude", "website", "phone",
        "for_whom", "languages", "cost", "referral_needed", "step_free", "hearing_loop", "quiet_space",
        "interpreters", "opening_times", "hide_exact_location", "last_checked", "status"]
    assert 50 <= len(assets) <= 70 and assets["name"].is_unique
    cats = {c for cell in assets["categories"] for c in cell.split(";")}
    assert len(cats) >= 10
    assert 2 <= (assets["hide_exact_location"] == "yes").sum() <= 6
    assert 2 <= (assets["status"] == "proposed").sum() <= 8
    assert set(assets["status"]) == {"published", "proposed"}
    assert set(assets["postcode"]) <= set(area.postcodes["postcode"])
    day = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d-\d\d:\d\d"
    assert assets["opening_times"].str.fullmatch(rf"{day}(; {day})*").all()
    assert pd.to_datetime(assets["last_checked"], format="%Y-%m-%d").notna().all()
    assert assets["website"].map(lambda w: w == "" or w.startswith("https://example.org/")).all()
    assert assets["phone"].map(lambda p: p == "" or p.startswith("01632 960")).all()   # Ofcom drama range


def test_service_counts_show_the_built_in_inequality(records, area):
    sc = records["service_counts"]
    assert list(sc.columns) == ["measure", "period", "group_type", "group", "events", "population"]
    assert set(sc["group_type"]) == {"ethnicity", "age_band", "sex", "imd_decile", "small_area"}
    assert set(sc.loc[sc["group_type"] == "small_area", "group"]) == set(area.small_areas["code"])
    assert "Not stated" in set(sc["group"])
    assert (sc.loc[sc["group"] == "Not stated", "population"] == "").all()
    sc = sc.assign(events=sc["events"].astype(int))
    # Every breakdown counts the same events.
    totals = sc.groupby(["measure", "period", "group_type"])["events"].sum().unstack()
    assert (totals.nunique(axis=1) == 1).all()
    det = sc[(sc["measure"] == "Mental Health Act detentions") & (sc["group_type"] == "ethnicity")
             & (sc["group"] != "Not stated")]
    det = det.assign(population=det["population"].astype(int)).groupby("group")[["events", "population"]].sum()
    rate = det["events"] / det["population"]
    black = det.loc[det.index.str.startswith("Black")].sum()
    ratio = (black["events"] / black["population"]) / rate["White: British"]
    assert 2.5 < ratio < 6
    eth_pop = area.population_by_ethnicity.groupby("ethnic_group")["population"].sum()
    assert (det["population"] / 2 == eth_pop.reindex(det.index)).all()    # two periods


def test_feedback_has_consent_and_things_to_redact(records):
    fb = records["feedback"]
    assert list(fb.columns) == ["source", "population", "date", "consent_to_quote", "text"]
    assert 30 <= len(fb) <= 60
    assert set(fb["source"]) == {"interview", "focus group", "survey", "drop-in", "staff"}
    assert set(fb["consent_to_quote"]) == {"yes", "no"}
    assert fb["text"].str.contains("07700 900123").sum() == 1
    assert fb["text"].str.contains("name@example.org").sum() == 1
    assert pd.to_datetime(fb["date"], format="%Y-%m-%d").notna().all()


def test_measure_series_shifts_after_the_change(records):
    ms = records["measure_series"]
    assert list(ms.columns) == ["measure", "month", "group", "numerator", "denominator"]
    assert ms["month"].str.fullmatch(r"\d{4}-\d\d-01").all()
    assert ms.groupby(["measure", "group"])["month"].nunique().min() >= 24
    assert 2 <= ms["group"].nunique() <= 3
    ms = ms.assign(numerator=ms["numerator"].astype(int), denominator=ms["denominator"].astype(int))
    assert (ms["numerator"] <= ms["denominator"]).all()
    fu = ms[(ms["measure"].str.startswith("Follow-up")) & (ms["group"] == "Black African and Caribbean")]
    before = fu[fu["month"] < "2024-07-01"]
    after = fu[fu["month"] >= "2024-07-01"]
    p0 = before["numerator"].sum() / before["denominator"].sum()
    p1 = after["numerator"].sum() / after["denominator"].sum()
    assert p1 - p0 > 0.1
