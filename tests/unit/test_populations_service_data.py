"""Loading service data: every bad row named, nothing saved from a bad upload; breakdowns."""
import pandas as pd
import pytest

from coprod_helpers.errors import InputError
from coprod_helpers.populations import breakdowns, service_data
from coprod_helpers.populations.group_labels import match_group

GOOD = """measure,period,group_type,group,events,population
Referrals,2024,ethnicity,Black African,40,20000
Referrals,2024,ethnicity,N,0,1
Referrals,2024,ethnicity,White: British,100,90000
Referrals,2024,ethnicity,Not stated,12,
Referrals,2024,imd_decile,1,30,10000
Referrals,2024,imd_decile,2,20,10000
Referrals,2024,imd_decile,3,10,10000
"""


def problems_of(csv_text, **kwargs):
    with pytest.raises(InputError) as err:
        service_data.load_service_data(csv_text.encode(), "upload.csv", **kwargs)
    return err.value.problems


def test_good_file_is_read_with_workbook_labels():
    t = service_data.load_service_data(GOOD.replace("N,0,1", "Black: Caribbean,0,1").encode(), "ok.csv")
    assert t["group"].tolist()[:4] == ["Black: African", "Black: Caribbean", "White: British", "Not stated"]
    assert t["events"].dtype.kind == "i" and pd.isna(t["population"].iloc[3])
    assert t.columns.tolist() == list(service_data.COLUMNS)


def test_duplicate_group_after_matching_labels_is_named_with_both_rows():
    (p,) = problems_of(GOOD)  # "Black African" and "N" are both Black: African
    assert p.row == 3 and p.field == "group" and "row 2" in p.message


@pytest.mark.parametrize("bad_line,field,words", [
    ("Referrals,2024,ethnicity,Martian,5,100", "group", "not a known"),
    ("Referrals,2024,ethnicity,Asian: Indian,-3,100", "events", "negative"),
    ("Referrals,2024,ethnicity,Asian: Indian,lots,100", "events", "not a number"),
    ("Referrals,2024,ethnicity,Asian: Indian,2.5,100", "events", "whole number"),
    ("Referrals,2024,ethnicity,Asian: Indian,5,0", "population", "zero"),
    ("Referrals,2024,ethnicity,Asian: Indian,5,many", "population", "not a number"),
    ("Referrals,2024,imd_decile,11,5,100", "group", "not a known"),
    (",2024,ethnicity,Asian: Indian,5,100", "measure", "blank"),
])
def test_each_kind_of_bad_row_is_named(bad_line, field, words):
    text = "measure,period,group_type,group,events,population\nReferrals,2024,ethnicity,Asian: Chinese,5,100\n" + bad_line + "\n"
    (p,) = problems_of(text)
    assert (p.row, p.field, p.source) == (3, field, "upload.csv")
    assert words in p.message


def test_numerator_above_denominator_for_proportions_only():
    text = "measure,group_type,group,events,population,kind\nSeen in 18 weeks,sex,Female,12,10,proportion\nRate,sex,Male,12,10,rate\n"
    (p,) = problems_of(text)
    assert p.row == 2 and p.field == "events" and "larger" in p.message


def test_missing_columns_empty_files_and_odd_encodings():
    (p,) = problems_of("measure,group_type,group\nA,sex,Male\n")
    assert p.field == "events"
    with pytest.raises(InputError, match="empty"):
        service_data.load_service_data(b"", "empty.csv")
    with pytest.raises(InputError, match="no data rows"):
        service_data.load_service_data(b"measure,group_type,group,events\n", "header.csv")
    latin1 = "measure,group_type,group,events,population\nCaf\xe9 visits,sex,Female,3,10\n".encode("latin-1")
    with pytest.raises(InputError, match="UTF-8"):
        service_data.load_service_data(latin1, "latin.csv")
    utf16 = "measure,group_type,group,events,population\nCafé visits,sex,Female,3,10\n".encode("utf-16")
    assert service_data.load_service_data(utf16, "u16.csv")["measure"].iloc[0] == "Café visits"


def test_all_problems_are_listed_not_only_the_first():
    text = "measure,group_type,group,events,population\nA,sex,Male,-1,10\nA,sex,Female,x,0\n"
    assert len(problems_of(text)) == 3


def test_plus_groups_are_checked_against_the_team_list_and_populations_filled(demo_area):
    text = "measure,group_type,group,events\nA,care_leaver,yes,3\nA,care_leaver,maybe,3\n"
    (p,) = problems_of(text, groups={"care_leaver": ["yes", "no"]})
    assert p.row == 3
    filled = service_data.load_service_data(b"measure,group_type,group,events\nA,age_band,16-24,3\n", "a.csv", area=demo_area)
    assert filled["population"].iloc[0] > 0
    (p,) = problems_of("measure,group_type,group,events\nA,care_leaver,yes,3\n")
    assert p.field == "population"
    supplied = {"care_leaver": pd.DataFrame({"group": ["yes"], "population": [250]})}
    t = service_data.load_service_data(b"measure,group_type,group,events\nA,care_leaver,yes,3\n", "c.csv", denominators=supplied)
    assert t["population"].iloc[0] == 250


def test_nhs_ethnic_codes_and_words():
    assert match_group("ethnicity", "k") == "Asian: Bangladeshi"
    assert match_group("ethnicity", "Any other mixed background") == "Mixed: Other Mixed"
    assert match_group("ethnicity", "Z") == "Not stated"
    assert match_group("sex", "f") == "Female"


def test_bad_upload_saves_nothing_and_good_upload_saves_every_row(store, project, person):
    with pytest.raises(InputError):
        data = service_data.load_service_data(GOOD.encode(), "bad.csv")
        service_data.save_service_data(store, project.id, data, by=person)
    assert store.records(project.id, kind="service_data") == []
    good = service_data.load_service_data(GOOD.replace("N,0,1", "Black: Caribbean,0,1").encode(), "ok.csv")
    ids = service_data.save_service_data(store, project.id, good, by=person, source_name="ok.csv")
    assert len(ids) == len(good)
    again = service_data.save_service_data(store, project.id, good.assign(events=good["events"] + 1), by=person)
    saved = service_data.saved_service_data(store, project.id)
    assert len(again) == len(saved) == len(good)  # the later upload replaces the earlier one
    assert saved["events"].tolist() == (good["events"] + 1).tolist()


def test_breakdown_ranks_gaps_reports_quality_and_suppresses_when_shared():
    data = service_data.load_service_data(GOOD.replace("N,0,1", "Black: Caribbean,3,1000").encode(), "ok.csv")
    b = breakdowns.make_breakdown(data, "Referrals", "ethnicity")
    assert b.table["reference"].iloc[0] == "White: British"
    assert b.quality["unknown"] == 12 and b.quality["total"] == 155
    assert "Not stated" not in set(b.table["group"])
    shared = breakdowns.make_breakdown(data, "Referrals", "ethnicity", shareable=True)
    row = shared.table.set_index("group").loc["Black: Caribbean"]
    assert row["events"] == "*" and row["value"] == "*"
    dep = breakdowns.make_breakdown(data, "Referrals", "imd_decile")
    assert dep.inequality["sii"] > 0
    with pytest.raises(InputError):
        breakdowns.make_breakdown(data, "Nothing", "ethnicity")


def test_standardised_breakdown_by_census_age_bands():
    rows = []
    for g, scale in (("A", 1.0), ("B", 2.0)):
        for band, pop, ev in zip(["0-15", "16-24", "25-34", "35-49", "50-64", "65+"],
                                 [2000, 1500, 1800, 2200, 1600, 900], [2, 10, 20, 15, 8, 3]):
            rows.append({"group": g, "age_band": band, "events": ev * scale, "population": pop})
    t = breakdowns.standardised_breakdown(pd.DataFrame(rows))
    a, b = t.set_index("group")["value"]
    assert b == pytest.approx(2 * a)
    assert (t["lower"] < t["value"]).all() and (t["value"] < t["upper"]).all()
