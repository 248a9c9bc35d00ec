"""The Area model, load_area and save_area."""
import subprocess
import sys

import pytest

from coprod_helpers.area import AGE_BANDS, ETHNIC_GROUPS, Area, load_area, save_area
from coprod_helpers.area.groups import broad_ethnic_group, match_age_band, match_ethnic_group
from coprod_helpers.area.model import check_area
from coprod_helpers.errors import InputError


@pytest.fixture(scope="module")
def demo():
    return load_area("demo")


def test_demo_area_has_the_documented_shape(demo):
    assert isinstance(demo, Area)
    assert demo.is_fictional and "fictional" in demo.name.lower()
    assert demo.code == "Z09000001"
    assert demo.attributions and "fictional" in demo.attributions[0]
    assert list(demo.small_areas.columns) == ["code", "name", "geometry"]
    assert demo.small_areas.crs.to_epsg() == 4326
    assert list(demo.population_by_ethnicity.columns) == ["code", "ethnic_group", "population"]
    assert list(demo.population_by_age.columns) == ["code", "age_band", "population"]
    assert list(demo.deprivation.columns) == ["code", "imd_score", "imd_rank", "imd_decile"]
    assert list(demo.postcodes.columns) == ["postcode", "latitude", "longitude", "code"]
    assert set(demo.population_by_ethnicity["ethnic_group"]) == set(ETHNIC_GROUPS)
    assert set(demo.population_by_age["age_band"]) == set(AGE_BANDS)
    assert str(demo.population_by_ethnicity["population"].dtype) == "int64"
    assert str(demo.deprivation["imd_decile"].dtype) == "int64"


def test_load_area_returns_independent_copies(demo):
    again = load_area("demo")
    again.small_areas.loc[0, "name"] = "changed"
    again.population_by_age.loc[0, "population"] = -1
    fresh = load_area("demo")
    assert fresh.small_areas.loc[0, "name"] != "changed"
    assert fresh.population_by_age.loc[0, "population"] >= 0


def test_population_totals_sum_the_groups(demo):
    totals = demo.population_totals()
    assert list(totals.columns) == ["code", "population"]
    assert list(totals["code"]) == demo.codes
    assert totals["population"].sum() == demo.population_by_ethnicity["population"].sum()
    by_age = demo.population_by_age.groupby("code")["population"].sum()
    assert (totals.set_index("code")["population"] == by_age.reindex(demo.codes)).all()


def test_save_and_load_round_trip(demo, tmp_path):
    folder = save_area(demo, tmp_path / "area")
    back = load_area(folder)
    assert back.name == demo.name and back.is_fictional and back.attributions == demo.attributions
    assert back.codes == demo.codes
    assert back.population_by_ethnicity.equals(demo.population_by_ethnicity)
    assert back.population_by_age.equals(demo.population_by_age)
    assert back.deprivation.equals(demo.deprivation)
    assert back.postcodes.equals(demo.postcodes)
    assert back.small_areas.geom_equals(demo.small_areas).all()


def test_saving_twice_gives_the_same_bytes(demo, tmp_path):
    save_area(demo, tmp_path / "a")
    save_area(demo, tmp_path / "b")
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


def test_load_area_names_a_missing_file(tmp_path):
    (tmp_path / "area.json").write_text("{}")
    with pytest.raises(InputError) as err:
        load_area(tmp_path)
    assert "small_areas.geojson" in str(err.value)
    assert str(tmp_path) in err.value.problems[0].source


def test_check_area_finds_parts_that_disagree(demo):
    broken = demo.copy()
    broken.population_by_age = broken.population_by_age.iloc[:-1]
    broken.postcodes.loc[0, "code"] = "Z01999999"
    with pytest.raises(InputError) as err:
        check_area(broken, source="test")
    text = str(err.value)
    assert "population_by_age" in text and "Z01999999" in text


def test_importing_the_package_loads_no_heavy_library():
    code = ("import sys, coprod_helpers, coprod_helpers.area as a; "
            "from coprod_helpers.area import Area, ETHNIC_GROUPS; "
            "print(sorted(m for m in ('geopandas', 'shapely', 'pyproj', 'folium') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("label, expected", [
    ("Asian, Asian British or Asian Welsh: Bangladeshi", "Asian: Bangladeshi"),
    ("Black Caribbean", "Black: Caribbean"),
    ("White: English, Welsh, Scottish, Northern Irish or British", "White: British"),
    ("White Gypsy/Irish Traveller", "White: Gypsy or Irish Traveller"),
    ("Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups", "Mixed: Other Mixed"),
    ("Other ethnic group: Any other ethnic group", "Other: Any other ethnic group"),
    ("Ethnic group: Black, Black British, Black Welsh, Caribbean or African: African", "Black: African"),
    ("Other: Arab", "Other: Arab"),
    ("Does not apply", None),
    ("Asian, Asian British or Asian Welsh", None),
])
def test_ethnic_group_spellings(label, expected):
    assert match_ethnic_group(label) == expected


def test_age_band_spellings_and_broad_groups():
    assert [match_age_band(x) for x in ("Aged 15 years and under", "Aged 65 years and over", "35-49")] == \
        ["0-15", "65+", "35-49"]
    assert {broad_ethnic_group(g) for g in ETHNIC_GROUPS} == {"Asian", "Black", "Mixed", "White", "Other"}
