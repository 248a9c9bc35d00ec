"""The step 4 page (app 02) without a browser: map, outside comparator, benchmark, DSRs, keeping gaps."""
from datetime import datetime, timezone

import pandas as pd
import pytest

from coprod_helpers.config import DEMO_DIR
from coprod_helpers.errors import InputError
from coprod_helpers.populations import breakdowns, gap_results, service_data
from coprod_helpers.populations.gaps import compare_groups, parse_benchmark, parse_comparator
from coprod_helpers.populations.rates import directly_standardised_rate, esp2013_weights
from coprod_helpers.widgets.population_gaps import OUTSIDE, STANDARDISE_WORDS, PopulationGapPanel, ServiceDataUploadForm
from coprod_helpers.widgets.population_map import SmallAreaMapPanel

AGES = ("0-15", "16-24", "25-34", "35-49", "50-64", "65+")


def ctx(store, project, person):
    return {"store": store, "project_id": project.id, "person": person}


def upload(form, text, name="upload.csv"):
    form.upload.value = ({"name": name, "type": "text/csv", "size": len(text),
                          "content": memoryview(text.encode()), "last_modified": datetime.now(timezone.utc)},)
    form.save.click()


def save_frame(store, project, person, frame, area=None):
    data = service_data.load_service_data(frame, "test.csv", area=area)
    service_data.save_service_data(store, project.id, data, by=person)


def demo_gaps(store, project, person, demo_area, **kwargs):
    ServiceDataUploadForm(**ctx(store, project, person), area=demo_area,
                          demo_path=DEMO_DIR / "service_counts.csv").demo.click()
    panel = PopulationGapPanel(**ctx(store, project, person), **kwargs)
    panel.measure.value = "Mental Health Act detentions"
    panel.group_type.value = "ethnicity"
    return panel


# -- 1. the small-area map ---------------------------------------------------------------------

def small_area_counts(demo_area, events=lambda i: 3 + i % 7):
    codes = list(demo_area.small_areas["code"])
    return pd.DataFrame({"measure": "Referrals", "period": "2024", "group_type": "small_area", "group": codes,
                         "events": [events(i) for i in range(len(codes))]})


def test_map_shades_deprivation_offline_by_default(store, project, person, demo_area):
    panel = SmallAreaMapPanel(**ctx(store, project, person), area=demo_area)
    assert panel.colour_by.value == "imd_decile"
    assert len(panel.values) == len(demo_area.small_areas)
    html = panel.map_view.value
    assert html.startswith("<iframe") and 'title="Map of the small areas: Deprivation decile' in html
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html  # Leaflet is inlined, nothing online
    assert "The numbers on the map" in panel.list_view.value and panel.colour_by.description


def test_map_shades_a_rate_by_small_area_and_hides_small_counts_when_shared(store, project, person, demo_area):
    save_frame(store, project, person, small_area_counts(demo_area), area=demo_area)
    panel = SmallAreaMapPanel(**ctx(store, project, person), area=demo_area)
    assert ("Referrals (rate by small area)", "Referrals") in panel.colour_by.options
    panel.colour_by.value = "Referrals"
    assert len(panel.values) == len(demo_area.small_areas)
    code = demo_area.small_areas["code"].iloc[0]
    people = demo_area.population_totals().set_index("code")["population"][code]
    assert panel.values[code] == pytest.approx(3 / people * 100_000)
    panel.shareable.value = True
    hidden = [c for i, c in enumerate(demo_area.small_areas["code"]) if 3 + i % 7 < 5]
    assert hidden and not set(hidden) & set(panel.values)
    assert "hidden: fewer than 5 events" in panel.list_view.value
    assert "hidden: fewer than 5 events" in panel.map_view.value


def test_map_escapes_names(store, project, person, demo_area):
    area = demo_area.copy() if hasattr(demo_area, "copy") else demo_area
    area.small_areas.loc[0, "name"] = "<script>alert(1)</script>"
    panel = SmallAreaMapPanel(**ctx(store, project, person), area=area)
    assert "<script>alert(1)</script>" not in panel.list_view.value
    assert "&lt;script&gt;" in panel.list_view.value


# -- 2. outside comparator and benchmark --------------------------------------------------------

def test_outside_comparator_is_typed_in_and_checked(store, project, person, demo_area):
    panel = demo_gaps(store, project, person, demo_area)
    assert panel.comparator_box.layout.display == "none"
    panel.reference.value = OUTSIDE
    assert panel.comparator_box.layout.display == ""
    panel.comparator_events.value = "lots"
    panel.comparator_population.value = "0"
    panel.show.click()
    assert 'role="alert"' in panel.message.value and "not a number" in panel.message.value
    assert "more than zero" in panel.message.value and panel.breakdown is None
    assert panel.comparator_events.value == "lots"  # what was typed is kept
    panel.comparator_name.value = "England"
    panel.comparator_events.value = "52,000"
    panel.comparator_population.value = "56,490,048"
    panel.show.click()
    t = panel.breakdown.table
    assert set(t["reference"]) == {"England"}
    expected = compare_groups(t[["group", "events", "population"]].astype({"events": float}),
                              reference="England", reference_values=(52_000, 56_490_048))
    assert t["ratio"].astype(float).tolist() == pytest.approx(expected["ratio"].tolist(), nan_ok=True)
    assert "Times as likely as England" in panel.table_view.value
    assert "England" in panel.words.value


def test_parse_comparator_and_benchmark():
    assert parse_comparator("10", "1000") == (10.0, 1000.0)
    with pytest.raises(InputError, match="whole number"):
        parse_comparator("2.5", "100")
    with pytest.raises(InputError, match="larger than the population"):
        parse_comparator("20", "10", kind="proportion")
    assert parse_benchmark("") is None and parse_benchmark("1,250.5") == 1250.5
    with pytest.raises(InputError, match="not a number"):
        parse_benchmark("about 50")


@pytest.mark.parametrize("polarity, high", [("lower_is_better", "worse"), ("higher_is_better", "better")])
def test_benchmark_is_said_better_similar_or_worse_with_the_polarity(store, project, person, demo_area, polarity, high):
    panel = demo_gaps(store, project, person, demo_area)
    panel.polarity.value = polarity
    panel.benchmark.value = "1"  # far below every rate with events
    panel.show.click()
    t = panel.breakdown.table
    sure = t[pd.to_numeric(t["lower"]) > 1]
    assert len(sure) and set(sure["against_benchmark"]) == {high}
    assert "Against the benchmark" in panel.table_view.value and "Against the benchmark of 1.0" in panel.words.value
    panel.benchmark.value = "a lot"
    panel.show.click()
    assert "not a number" in panel.message.value


def test_benchmark_is_not_compared_for_hidden_numbers():
    table = compare_groups(pd.DataFrame({"group": ["A", "B", "C"], "events": [2, 50, 60],
                                         "population": [1000, 10_000, 10_000]}))
    from coprod_helpers.populations.disclosure import suppress_breakdown

    shared = breakdowns.add_benchmark(suppress_breakdown(table), 100.0)
    assert shared.loc[shared["group"] == "A", "against_benchmark"].item() == "not compared"


# -- 3. age-standardised rates ---------------------------------------------------------------------

def age_file(rows):
    head = "measure,period,group_type,group,age_band,events,population\n"
    return head + "".join(",".join(map(str, r)) + "\n" for r in rows)


def test_upload_accepts_an_age_band_column_and_names_a_bad_band(store, project, person, demo_area):
    form = ServiceDataUploadForm(**ctx(store, project, person), area=demo_area)
    upload(form, age_file([("Referrals", 2024, "sex", "Female", "16 to 24", 3, 900),
                           ("Referrals", 2024, "sex", "Female", "teenagers", 3, 900)]))
    assert "row 3" in form.message.value and "age_band" in form.message.value and "teenagers" in form.message.value
    assert not store.records(project.id, kind="service_data")
    upload(form, age_file([("Referrals", 2024, "sex", "Female", "16-24", 3, 900),
                           ("Referrals", 2024, "sex", "Female", "16-24", 4, 900)]))
    assert "appears twice" in form.message.value and "row 2" in form.message.value
    upload(form, age_file([("Referrals", 2024, "sex", "Female", "16-24", -1, 900)]))
    assert "negative" in form.message.value and not store.records(project.id, kind="service_data")
    upload(form, age_file([("Referrals", 2024, "sex", "Female", "Aged 16 to 24 years", 3, 900),
                           ("Referrals", 2024, "sex", "Female", "25-34", 4, 1000)]))
    assert form.saved == 2
    saved = service_data.saved_service_data(store, project.id)
    assert saved["age_band"].tolist() == ["16-24", "25-34"]


def test_age_band_populations_come_from_the_area_when_blank(demo_area):
    code = demo_area.small_areas["code"].iloc[0]
    data = service_data.load_service_data(age_file([("R", 2024, "small_area", code, "16-24", 2, ""),
                                                    ("R", 2024, "small_area", code, "65+", 1, "")]).encode(),
                                          "ages.csv", area=demo_area)
    by_age = demo_area.population_by_age.set_index(["code", "age_band"])["population"]
    assert data["population"].tolist() == [by_age[(code, "16-24")], by_age[(code, "65+")]]
    with pytest.raises(InputError) as err:
        service_data.load_service_data(age_file([("R", 2024, "ethnicity", "White: Irish", "16-24", 2, "")]).encode(),
                                       "ages.csv", area=demo_area)
    assert err.value.problems[0].row == 2 and err.value.problems[0].field == "population"


def test_older_saved_data_without_age_bands_still_loads(store, project, person):
    store.add(project.id, service_data.RECORD_KIND, {"measure": "R", "period": "", "group_type": "sex", "group": "Male",
                                                     "events": 3, "population": 100.0, "kind": "rate"}, by=person)
    saved = service_data.saved_service_data(store, project.id)
    assert saved["age_band"].tolist() == [None]


def test_panel_shows_age_standardised_rates_with_denominators_from_the_area(store, project, person, demo_area):
    rows = []
    for decile in ("1", "10"):
        for i, band in enumerate(AGES):
            rows.append(("Referrals", 2024, "imd_decile", decile, band, 5 + 3 * i + (10 if decile == "1" else 0), ""))
    form = ServiceDataUploadForm(**ctx(store, project, person), area=demo_area)
    upload(form, age_file(rows))
    assert form.saved == 12, form.message.value
    panel = PopulationGapPanel(**ctx(store, project, person))
    panel.measure.value = "Referrals"
    panel.group_type.value = "imd_decile"
    assert panel.standardise.description == STANDARDISE_WORDS and not panel.standardise.disabled
    panel.standardise.value = True
    panel.show.click()
    dsr = panel.standardised
    assert dsr is not None and list(dsr["group"]) == ["1", "10"]
    # check one group against the formula directly
    pop = service_data.area_age_denominators(demo_area, "imd_decile")
    events = [r[5] for r in rows[:6]]
    expected = directly_standardised_rate(events, [pop[("1", b)] for b in AGES], esp2013_weights(AGES))
    assert float(dsr["value"].iloc[0]) == pytest.approx(float(expected["rate"]), rel=1e-9)
    assert float(dsr["lower"].iloc[0]) == pytest.approx(float(expected["lower"]), rel=1e-9)
    assert "Age-standardised rate per 100,000 people" in panel.standardised_view.value
    # crude breakdown adds the age bands up: one row per decile
    assert sorted(panel.breakdown.table["group"]) == ["1", "10"]
    assert panel.breakdown.table["events"].sum() == sum(r[5] for r in rows)


def test_standardise_is_off_without_age_bands(store, project, person, demo_area):
    panel = demo_gaps(store, project, person, demo_area)
    panel.refresh()
    panel.measure.value = "Mental Health Act detentions"
    panel.group_type.value = "ethnicity"
    assert panel.standardise.disabled and not panel.standardise.value
    with pytest.raises(InputError, match="no counts by age band"):
        breakdowns.standardised_rates(panel.data, "Mental Health Act detentions", "ethnicity")


# -- 4. keeping the gaps ------------------------------------------------------------------------------

def test_keep_these_gaps_saves_the_table_shown_unsuppressed(store, project, person, demo_area):
    panel = demo_gaps(store, project, person, demo_area, shareable=True)
    panel.keep.click()
    assert "Show the gaps first" in panel.message.value and panel.kept_id == ""
    assert panel.keep.description == "Keep these gaps for the next steps"
    panel.show.click()
    assert (panel.breakdown.table["events"] == "*").any()  # shown with small numbers hidden
    panel.keep.click()
    assert panel.kept_id and "kept for the next steps" in panel.message.value
    kept = gap_results.latest_gap_results(store, project.id)
    assert kept["measure"] == "Mental Health Act detentions" and kept["split_by"] == "ethnicity"
    assert kept["polarity"] == panel.polarity.value and kept["saved_by"]
    events = {r["group"]: r["events"] for r in kept["rows"]}
    assert "*" not in events.values() and any(0 < e < 5 for e in events.values())  # analyst numbers, none hidden
    assert len(kept["rows"]) == len(panel.breakdown.table)
