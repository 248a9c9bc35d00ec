"""Importing the real Newham open files in ../shared/data, in place (never copied)."""
import os
from pathlib import Path

import pytest

from coprod_helpers.area import (build_area, import_age_bands, import_boundaries, import_deprivation,
                                 import_ethnicity, import_postcodes, load_area, save_area)
from coprod_helpers.errors import InputError

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def _shared_dir():
    """Fallback until tests/conftest.py provides ``shared_dir``: skip locally, fail in CI."""
    path = Path(os.environ.get("COPROD_SHARED_DIR", "/work/shared"))
    if not (path / "data").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"The shared data folder {path} is missing in CI.")
        pytest.skip(f"The shared data folder {path} is not here.")
    return path


@pytest.fixture(scope="module")
def data(_shared_dir):
    return _shared_dir / "data"


@pytest.fixture(scope="module")
def newham(data):
    return build_area(boundaries=data / "boundaries/newham_lsoa21.geojson", name="Newham",
                      deprivation=data / "deprivation/iod2025_lsoa21_newham.csv",
                      ethnicity=data / "census/ts021_ethnic_group_lsoa21_newham.csv",
                      ages=data / "census/age6_usual_residents_lsoa21_newham.csv",
                      postcodes=data / "postcodes/newham_postcodes_codepoint_open_2025_4.csv")


def test_all_185_lsoas_load_with_their_decile_and_ts021_total(newham, data):
    import pandas as pd

    assert len(newham.small_areas) == 185 and newham.code == "E09000025" and not newham.is_fictional
    assert newham.small_areas.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = newham.small_areas.total_bounds
    assert -0.1 < minx < maxx < 0.15 and 51.48 < miny < maxy < 51.58
    dep = newham.deprivation.set_index("code")
    iod = pd.read_csv(data / "deprivation/iod2025_lsoa21_newham.csv").set_index("lsoa21_code")
    assert set(dep.index) == set(newham.codes)
    assert (dep["imd_decile"] == iod.loc[dep.index, "IMD_decile"]).all()
    ts021 = pd.read_csv(data / "census/ts021_ethnic_group_lsoa21_newham.csv").set_index("lsoa21cd")
    totals = newham.population_totals().set_index("code")["population"]
    assert (totals == ts021.loc[totals.index, "All usual residents"]).all()
    assert totals.sum() == 350_990
    ages = newham.population_by_age.groupby("code")["population"].sum()
    assert ages.sum() == 351_005                      # a separate Census table, perturbed separately
    assert any("Open Government Licence" in a for a in newham.attributions)


def test_postcodes_load_and_geocode(newham, data):
    import pandas as pd

    pcs = newham.postcodes.set_index("postcode")
    assert len(pcs) == 4356
    source = pd.read_csv(data / "postcodes/newham_postcodes_codepoint_open_2025_4.csv").set_index("postcode")
    # Our eastings/northings -> WGS84 agrees with the published lat/long, and with its LSOA.
    assert (pcs["latitude"] - source.loc[pcs.index, "latitude"]).abs().max() < 1e-5
    assert (pcs["longitude"] - source.loc[pcs.index, "longitude"]).abs().max() < 1e-5
    agree = (pcs["code"] == source.loc[pcs.index, "lsoa21cd_point_in_polygon"]).mean()
    assert agree > 0.99
    assert set(pcs["code"]) <= set(newham.codes)


def test_the_2011_boundaries_and_imd_2019_load(data):
    area = build_area(boundaries=data / "boundaries/newham_lsoa11.geojson", name="Newham (LSOA 2011)",
                      deprivation=data / "deprivation/imd2019_lsoa11_newham.csv")
    assert len(area.small_areas) == 164
    assert area.deprivation["imd_decile"].between(1, 10).all() and len(area.deprivation) == 164


def test_imd_2019_with_the_2021_boundaries_says_how_to_fix_it(data):
    with pytest.raises(InputError) as err:
        build_area(boundaries=data / "boundaries/newham_lsoa21.geojson", name="Newham",
                   deprivation=data / "deprivation/imd2019_lsoa11_newham.csv")
    problem = err.value.problems[0]
    assert problem.source == "imd2019_lsoa11_newham.csv" and problem.field == "lsoa11cd"
    assert "LSOA 2011" in problem.message and "LSOA 2021" in problem.message
    assert "lookup" in problem.fix


def test_national_and_london_tables_are_cut_to_the_boundaries(data):
    area = build_area(boundaries=data / "boundaries/newham_lsoa21.geojson", name="Newham",
                      deprivation=data / "deprivation/iod2025_lsoa21_england.csv",
                      ethnicity=data / "census/ts021_ethnic_group_lsoa21_london.csv")
    assert len(area.deprivation) == 185 and area.population_by_ethnicity["code"].nunique() == 185


def test_the_long_local_authority_table_reads_but_is_not_small_areas(data):
    eth = import_ethnicity(data / "census/ts021_ethnic_group_20cat_ltla_england_wales.csv")
    assert eth.attrs["geography"] == "local authority"
    newham = eth[eth["code"] == "E09000025"].set_index("ethnic_group")["population"]
    assert len(newham) == 19 and newham["Asian: Bangladeshi"] == 55677
    assert newham.sum() == 351_030                   # LA table: perturbed apart from the LSOA one
    with pytest.raises(InputError) as err:
        build_area(boundaries=data / "boundaries/newham_lsoa21.geojson", name="Newham", ethnicity=eth)
    assert "local authorities" in str(err.value)


def test_each_importer_alone(data):
    assert len(import_boundaries(data / "boundaries/newham_lsoa11.geojson")) == 164
    assert import_deprivation(data / "deprivation/imd2019_lsoa11_newham.csv").attrs["code_vintage"] == "2011"
    assert len(import_age_bands(data / "census/age6_usual_residents_lsoa21_newham.csv")) == 185 * 6
    assert len(import_postcodes(data / "postcodes/newham_postcodes_codepoint_open_2025_4.csv")) == 4356


def test_a_real_area_saves_outside_the_repo_and_loads_back(newham, tmp_path):
    back = load_area(save_area(newham, tmp_path / "newham"))
    assert back.codes == newham.codes and back.attributions == newham.attributions
    assert back.deprivation.equals(newham.deprivation)
    assert back.small_areas.is_valid.all()
