"""Bad files get clear errors naming the file, row and column, and nothing is half-imported."""
import json

import pytest

from coprod_helpers.area import (ETHNIC_GROUPS, build_area, import_age_bands, import_boundaries,
                                 import_deprivation, import_ethnicity, import_postcodes, normalise_postcode)
from coprod_helpers.errors import InputError

CODES = ["E01000001", "E01000002", "E01000003"]
GLA_HEADERS = ["White British", "White Irish", "White Gypsy/Irish Traveller", "White Roma", "White Other",
               "Mixed White and Asian", "Mixed White and Black African", "Mixed White and Black Caribbean",
               "Mixed Other", "Asian Bangladeshi", "Asian Chinese", "Asian Indian", "Asian Pakistani", "Asian Other",
               "Black African", "Black Caribbean", "Black Other", "Other Arab", "Other Any other"]


def squares(n=3, x0=540_000, y0=183_000, size=500):
    return [[[x0 + i * size, y0], [x0 + (i + 1) * size, y0], [x0 + (i + 1) * size, y0 + size],
             [x0 + i * size, y0 + size], [x0 + i * size, y0]] for i in range(n)]


def write_geojson(path, rings, codes=CODES, key="LSOA21CD", crs_name=None, to_wgs84=True):
    from pyproj import Transformer

    t = Transformer.from_crs(27700, 4326, always_xy=True)
    feats = []
    for code, ring in zip(codes, rings):
        coords = [list(t.transform(x, y)) for x, y in ring] if to_wgs84 else ring
        feats.append({"type": "Feature", "properties": {key: code, key[:-2] + "NM": f"Place {code[-1]}"},
                      "geometry": {"type": "Polygon", "coordinates": [coords]}})
    data = {"type": "FeatureCollection", "features": feats}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def write_csv(path, header, rows, encoding="utf-8"):
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def iod(path, rows=None, header=("lsoa21_code", "IMD_score", "IMD_rank", "IMD_decile")):
    rows = rows or [(c, 30.5 - i, 5000 + i, 2) for i, c in enumerate(CODES)]
    return write_csv(path, header, rows)


def ethnicity(path, rows=None):
    rows = rows or [(c, 19 * 10, *[10] * 19) for c in CODES]
    return write_csv(path, ["lsoa21cd", "All usual residents", *GLA_HEADERS], rows)


def only(err) -> list:
    return err.value.problems


@pytest.fixture
def bounds(tmp_path):
    return write_geojson(tmp_path / "lsoa.geojson", squares())


# --- a good set, to compare against ---------------------------------------------------------------

def test_a_good_small_set_builds(tmp_path, bounds):
    ages = write_csv(tmp_path / "age6.csv", ["lsoa21_code", "all_usual_residents", "Aged 15 years and under",
                                             "Aged 16 to 24 years", "Aged 25 to 34 years", "Aged 35 to 49 years",
                                             "Aged 50 to 64 years", "Aged 65 years and over"],
                     [(c, 190, 40, 30, 30, 40, 30, 20) for c in CODES])
    pcs = write_csv(tmp_path / "pc.csv", ["postcode", "easting", "northing"],
                    [("e1 1aa", 540_250, 183_250), ("E1 1AB", 540_750, 183_250), ("SW1A 1AA", 529_000, 179_000)])
    area = build_area(boundaries=bounds, name="Test", deprivation=iod(tmp_path / "iod.csv"),
                      ethnicity=ethnicity(tmp_path / "eth.csv"), ages=ages, postcodes=pcs)
    assert area.codes == CODES
    assert list(area.postcodes["code"]) == ["E01000001", "E01000002"]     # the one outside is left out
    assert area.population_totals()["population"].tolist() == [190] * 3


# --- columns ----------------------------------------------------------------------------------------

def test_misnamed_deprivation_column_is_named(tmp_path):
    path = iod(tmp_path / "iod.csv", header=("lsoa21_code", "IMD_score", "IMD_rank", "IMD_decle"))
    problems = only(pytest.raises(InputError, import_deprivation, path))
    assert len(problems) == 1
    p = problems[0]
    assert p.source == "iod.csv" and p.row == 1 and "decile" in p.message.lower() and "IMD_decle" in p.fix


def test_official_imd_2019_headings_are_understood(tmp_path):
    path = write_csv(tmp_path / "File_7.csv", ["LSOA code (2011)", "LSOA name (2011)",
                                               "Index of Multiple Deprivation (IMD) Score",
                                               "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
                                               "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived "
                                               "10% of LSOAs)"], [("E01000001", "A 001A", 30.1, 4000, 2)])
    dep = import_deprivation(path)
    assert dep.attrs["code_vintage"] == "2011" and dep.iloc[0].tolist() == ["E01000001", 30.1, 4000, 2]


def test_boundaries_without_a_code_column(tmp_path):
    path = write_geojson(tmp_path / "b.geojson", squares(), key="AREAID")
    p = only(pytest.raises(InputError, import_boundaries, path))[0]
    assert p.source == "b.geojson" and "code_column" in p.fix and "AREAID" in p.fix
    assert import_boundaries(path, code_column="AREAID")["code"].tolist() == CODES


def test_missing_ethnic_group_column_is_named(tmp_path):
    path = write_csv(tmp_path / "eth.csv", ["lsoa21cd", *GLA_HEADERS[:-1]], [(c, *[1] * 18) for c in CODES])
    p = only(pytest.raises(InputError, import_ethnicity, path))[0]
    assert p.source == "eth.csv" and p.field == "Other: Any other ethnic group" and p.row == 1


# --- values -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, words", [("ten", "'ten' is not"), ("-4", "below 0"), ("", "empty"), ("2.5", "2.5")])
def test_bad_population_counts_name_row_and_column(tmp_path, value, words):
    rows = [(c, 190, *[10] * 19) for c in CODES]
    rows[1] = (CODES[1], 190, *[10] * 14, value, *[10] * 4)
    p = only(pytest.raises(InputError, import_ethnicity, ethnicity(tmp_path / "eth.csv", rows)))[0]
    assert (p.source, p.row, p.field) == ("eth.csv", 3, "Black African")
    assert words in p.message


def test_groups_that_do_not_add_up_to_the_total(tmp_path):
    rows = [(c, 190, *[10] * 19) for c in CODES]
    rows[2] = (CODES[2], 200, *[10] * 19)
    p = only(pytest.raises(InputError, import_ethnicity, ethnicity(tmp_path / "eth.csv", rows)))[0]
    assert (p.row, p.field) == (4, "All usual residents") and "190" in p.message and "200" in p.message


def test_bad_deciles_and_ranks(tmp_path):
    path = iod(tmp_path / "iod.csv", [("E01000001", 30, 0, 11), ("E01000002", "n/a", 10, 3)])
    problems = only(pytest.raises(InputError, import_deprivation, path))
    where = {(p.row, p.field) for p in problems}
    assert where == {(2, "IMD_rank"), (2, "IMD_decile"), (3, "IMD_score")}


def test_long_table_with_an_unknown_group_and_a_missing_one(tmp_path):
    header = ["Lower layer Super Output Areas Code", "Lower layer Super Output Areas",
              "Ethnic group (20 categories) Code", "Ethnic group (20 categories)", "Observation"]
    rows = [("E01000001", "A", -8, "Does not apply", 0)]
    rows += [("E01000001", "A", i + 1, f'"{g}"', 5) for i, g in enumerate(ETHNIC_GROUPS)]
    good = write_csv(tmp_path / "long.csv", header, rows)
    assert import_ethnicity(good)["population"].sum() == 95
    rows[5] = ("E01000001", "A", 5, "Martian", 5)
    p = only(pytest.raises(InputError, import_ethnicity, write_csv(tmp_path / "bad.csv", header, rows)))
    assert (p[0].row, p[0].field) == (7, "Ethnic group (20 categories)") and "Martian" in p[0].message
    rows[5] = ("E01000001", "A", 5, "Does not apply", 0)
    p = only(pytest.raises(InputError, import_ethnicity, write_csv(tmp_path / "gap.csv", header, rows)))[0]
    assert "no row for the ethnic group 'Asian: Other Asian'" in p.message and p.source == "gap.csv"


# --- codes ------------------------------------------------------------------------------------------

def test_duplicate_codes_name_both_rows(tmp_path):
    path = iod(tmp_path / "iod.csv", [("E01000001", 30, 10, 1), ("E01000002", 20, 20, 2), ("E01000001", 25, 15, 1)])
    p = only(pytest.raises(InputError, import_deprivation, path))[0]
    assert "E01000001" in p.message and "rows 2, 4" in p.message and p.field == "lsoa21_code"


def test_duplicate_codes_in_boundaries(tmp_path):
    path = write_geojson(tmp_path / "b.geojson", squares(), codes=["E01000001", "E01000001", "E01000003"])
    p = only(pytest.raises(InputError, import_boundaries, path))[0]
    assert "appears more than once" in p.message and p.field == "LSOA21CD"


def test_codes_that_do_not_match_the_boundaries(tmp_path, bounds):
    path = iod(tmp_path / "iod.csv", [("E01000001", 30, 10, 1), ("E0100002", 20, 20, 2), ("E01000003", 25, 15, 1)])
    problems = only(pytest.raises(InputError, build_area, boundaries=bounds, name="T", deprivation=path))
    assert problems[0].source == "iod.csv" and "E01000002" in problems[0].message
    stray = [p for p in problems if p.row is not None]
    assert stray[0].row == 3 and stray[0].field == "lsoa21_code" and "E0100002" in stray[0].message


def test_2011_codes_mixed_with_2021_are_explained(tmp_path, bounds):
    path = iod(tmp_path / "iod.csv", [("E01000001", 30, 10, 1), ("E01000002", 20, 20, 2), ("E01033999", 25, 15, 1)])
    problems = only(pytest.raises(InputError, build_area, boundaries=bounds, name="T", deprivation=path))
    stray = [p for p in problems if p.row == 4][0]
    assert "LSOA 2011" in stray.fix and "lookup" in stray.fix and stray.source == "iod.csv"


def test_a_2011_file_with_2021_boundaries_says_so(tmp_path, bounds):
    path = iod(tmp_path / "imd2019.csv", [("E01000001", 30, 10, 1)],
               header=("lsoa11cd", "IMDScore", "IMD_Rank", "IMD_Decile"))
    p = only(pytest.raises(InputError, build_area, boundaries=bounds, name="T", deprivation=path))[0]
    assert "LSOA 2011 codes" in p.message and "LSOA 2021" in p.message and p.field == "lsoa11cd"


# --- encodings and empty files ----------------------------------------------------------------------

def test_non_utf8_csv(tmp_path):
    path = write_csv(tmp_path / "iod.csv", ["lsoa21_code", "lsoa21_name", "IMD_score", "IMD_rank", "IMD_decile"],
                     [("E01000001", "Ashby", 3, 3, 1), ("E01000002", "Bélvedere", 3, 4, 1)], encoding="latin-1")
    p = only(pytest.raises(InputError, import_deprivation, path))[0]
    assert p.source == "iod.csv" and p.row == 3 and "UTF-8" in p.message + p.fix


def test_non_utf8_geojson(tmp_path):
    path = write_geojson(tmp_path / "b.geojson", squares())
    path.write_bytes(path.read_bytes().replace(b"Place 2", "Plàce 2".encode("latin-1")))
    p = only(pytest.raises(InputError, import_boundaries, path))[0]
    assert p.source == "b.geojson" and "UTF-8" in p.message and p.row == 1


@pytest.mark.parametrize("importer, suffix", [(import_deprivation, ".csv"), (import_ethnicity, ".csv"),
                                              (import_age_bands, ".csv"), (import_postcodes, ".csv"),
                                              (import_boundaries, ".geojson")])
def test_empty_files(tmp_path, importer, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    p = only(pytest.raises(InputError, importer, path))[0]
    assert p.source == path.name and "empty" in p.message


def test_geojson_with_no_features(tmp_path):
    path = tmp_path / "none.geojson"
    path.write_text('{"type":"FeatureCollection","features":[]}')
    assert "no shapes" in only(pytest.raises(InputError, import_boundaries, path))[0].message


# --- geometry and coordinate systems ----------------------------------------------------------------

def test_invalid_geometry_names_the_code_and_offers_make_valid(tmp_path):
    rings = squares()
    x, y = 541_000, 183_000
    rings[1] = [[x, y], [x + 500, y + 500], [x + 500, y], [x, y + 500], [x, y]]      # a bow tie
    path = write_geojson(tmp_path / "b.geojson", rings)
    p = only(pytest.raises(InputError, import_boundaries, path))[0]
    assert "E01000002" in p.message and p.row == 2 and p.field == "geometry" and "make_valid=True" in p.fix
    fixed = import_boundaries(path, make_valid=True)
    assert fixed.is_valid.all() and fixed.geom_type.isin(["Polygon", "MultiPolygon"]).all()


def test_geojson_holding_eastings_and_northings(tmp_path):
    path = write_geojson(tmp_path / "bng.geojson", squares(), to_wgs84=False)
    p = only(pytest.raises(InputError, import_boundaries, path))[0]
    assert "eastings and northings" in p.message and "EPSG:27700" in p.fix and p.source == "bng.geojson"
    good = import_boundaries(path, crs="EPSG:27700")
    assert good.crs.to_epsg() == 4326 and 51.4 < good.total_bounds[1] < 51.6


def test_shapefile_without_a_prj(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Polygon

    gdf = gpd.GeoDataFrame({"LSOA21CD": CODES}, geometry=[Polygon(r) for r in squares()], crs=27700)
    gdf.to_file(tmp_path / "b.shp")
    (tmp_path / "b.prj").unlink()
    p = only(pytest.raises(InputError, import_boundaries, tmp_path / "b.shp"))[0]
    assert "does not say which coordinate system" in p.message and "crs='EPSG:27700'" in p.fix
    assert import_boundaries(tmp_path / "b.shp", crs="EPSG:27700")["code"].tolist() == CODES


def test_shapefile_and_geopackage_in_another_crs_are_reprojected(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Polygon

    gdf = gpd.GeoDataFrame({"LSOA11CD": CODES, "LSOA11NM": ["a", "b", "c"]},
                           geometry=[Polygon(r) for r in squares()], crs=27700)
    gdf.to_file(tmp_path / "b.gpkg")
    got = import_boundaries(tmp_path / "b.gpkg")
    assert got.crs.to_epsg() == 4326 and got.attrs["code_vintage"] == "2011" and list(got["name"]) == ["a", "b", "c"]
    (tmp_path / "shp").mkdir()
    gdf.to_file(tmp_path / "shp" / "b.shp")
    (tmp_path / "shp" / "b.dbf").unlink()
    p = only(pytest.raises(InputError, import_boundaries, tmp_path / "shp" / "b.shp"))[0]
    assert ".dbf" in p.message


def test_points_are_not_boundaries(tmp_path):
    path = tmp_path / "pts.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"LSOA21CD": "E01000001"},
         "geometry": {"type": "Point", "coordinates": [0.01, 51.5]}}]}))
    p = only(pytest.raises(InputError, import_boundaries, path))[0]
    assert "Point" in p.message and "E01000001" in p.message


# --- postcodes --------------------------------------------------------------------------------------

def test_postcode_normalising():
    assert normalise_postcode("e15  4ht") == "E15 4HT" and normalise_postcode("SW1A1AA") == "SW1A 1AA"
    assert normalise_postcode("12345") is None and normalise_postcode("") is None


def test_bad_postcodes_and_swapped_coordinates(tmp_path):
    path = write_csv(tmp_path / "pc.csv", ["pcds", "lat", "long"],
                     [("E15 4HT", 51.54, 0.0), ("NOT A CODE", 51.5, 0.0), ("E15 4HU", 0.01, 51.5)])
    problems = only(pytest.raises(InputError, import_postcodes, path))
    assert {(p.row, p.field) for p in problems} == {(3, "pcds"), (4, "lat")}
    assert any("swapped" in p.message for p in problems)


def test_codepoint_open_without_a_header_and_onspd_no_location_rows(tmp_path):
    cp = tmp_path / "e.csv"
    cp.write_text('"E15 4HT",10,539000,184500,"E92000001","E19000003","E18000007","","E09000025","E05013911"\n'
                  '"E15 4HU",90,0,0,"E92000001","E19000003","E18000007","","E09000025","E05013911"\n')
    got = import_postcodes(cp)
    assert got["postcode"].tolist() == ["E15 4HT"] and got.attrs["without_location"] == 1
    assert 51.5 < got["latitude"].iloc[0] < 51.6
    onspd = write_csv(tmp_path / "onspd.csv", ["pcd", "lat", "long", "lsoa21"],
                      [("E154HT", 51.54, 0.0, "E01000001"), ("E154HZ", 99.999999, 0.0, "")])
    assert import_postcodes(onspd)["postcode"].tolist() == ["E15 4HT"]


def test_postcodes_for_another_place(tmp_path, bounds):
    pcs = write_csv(tmp_path / "pc.csv", ["postcode", "latitude", "longitude"], [("M1 1AA", 53.48, -2.24)])
    p = only(pytest.raises(InputError, build_area, boundaries=bounds, name="T", postcodes=pcs))[0]
    assert p.source == "pc.csv" and "inside the boundaries" in p.message


# --- nothing half-imported --------------------------------------------------------------------------

def test_every_problem_in_every_file_is_reported_and_no_area_is_returned(tmp_path, bounds):
    bad_iod = iod(tmp_path / "iod.csv", [("E01000001", 30, 10, 12)] + [(c, 1, 1, 1) for c in CODES[1:]])
    rows = [(c, 190, *[10] * 19) for c in CODES]
    rows[0] = (CODES[0], 190, -1, *[10] * 18)
    bad_eth = ethnicity(tmp_path / "eth.csv", rows)
    with pytest.raises(InputError) as err:
        build_area(boundaries=bounds, name="T", deprivation=bad_iod, ethnicity=bad_eth)
    sources = {p.source for p in err.value.problems}
    assert sources == {"iod.csv", "eth.csv"}
    assert "iod.csv, row 2, column/field 'IMD_decile'" in str(err.value)
