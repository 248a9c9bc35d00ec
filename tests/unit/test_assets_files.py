"""Importing and exporting assets: bad files, all-or-nothing, every format, HSDS schema."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from coprod_helpers.assets import exporters, importers, register
from coprod_helpers.config import DEMO_DIR
from coprod_helpers.errors import InputError

HEADER = "name,categories,postcode,latitude,longitude,opening_times,last_checked\n"


@pytest.fixture
def good_row(demo_area):
    pc = demo_area.postcodes.iloc[0]
    return f"Tea and Talk,Peer support,{pc['postcode']},,,Mon 10:00-12:00,2025-01-01\n"


def test_demo_file_imports_and_flags_nothing_silently(store, project, person, demo_area):
    report = importers.import_assets(store, project.id, DEMO_DIR / "assets.csv", by=person, area=demo_area)
    assert report.count == len(register.list_assets(store, project.id, "proposed")) > 50
    again = importers.import_assets(store, project.id, DEMO_DIR / "assets.csv", by=person, area=demo_area)
    flagged = {p.first for p in again.duplicates} | {p.second for p in again.duplicates}
    assert set(again.ids) <= flagged  # every re-imported asset is flagged against its twin


def test_bad_rows_are_all_reported_and_nothing_is_saved(store, project, person, demo_area, good_row):
    pc = demo_area.postcodes.iloc[1]
    lat, lon = pc["latitude"], pc["longitude"]
    text = (HEADER + good_row
            + f",Peer support,{pc['postcode']},,,,\n"                      # row 3: empty name
            + "Club,Peer support,ZZ9 9ZZ,,,,\n"                             # row 4: unknown postcode
            + f"Club,Peer support,,{lon},{lat},,\n"                         # row 5: swapped
            + f"Club,Peer support,,{lat + 2},{lon},,\n"                     # row 6: outside
            + f"Club,Bowling,{pc['postcode']},,,,\n"                        # row 7: unknown category
            + f"Club,Peer support,{pc['postcode']},,,Mon 9-5,\n"            # row 8: bad times
            + f"Club,Peer support,{pc['postcode']},,,,yesterday\n"          # row 9: bad date
            + f"{'x' * 130},Peer support,{pc['postcode']},,,,\n")           # row 10: too long
    with pytest.raises(InputError) as err:
        importers.import_assets(store, project.id, text.encode(), "assets.csv", by=person, area=demo_area)
    where = {(p.row, p.field) for p in err.value.problems}
    assert {(3, "name"), (4, "postcode"), (5, "latitude"), (6, "latitude"), (7, "categories"),
            (8, "opening_times"), (9, "last_checked"), (10, "name")} <= where
    assert all(p.source == "assets.csv" for p in err.value.problems)
    assert "swapped" in str(err.value) and "outside" in str(err.value)
    assert register.list_assets(store, project.id) == []


def test_missing_columns_and_wrong_encoding(store, project, person, demo_area, good_row):
    with pytest.raises(InputError, match="'name' is missing"):
        importers.import_assets(store, project.id, b"title2,postcode\nx,E1 1AA\n", "a.csv", by=person,
                                area=demo_area)
    with pytest.raises(InputError, match="no 'postcode' column"):
        importers.import_assets(store, project.id, b"name,categories\nx,Library\n", "a.csv", by=person,
                                area=demo_area)
    latin1 = (HEADER + good_row.replace("Tea", "Caf\u00e9")).encode("latin-1")
    with pytest.raises(InputError, match="UTF-8"):
        importers.import_assets(store, project.id, latin1, "a.csv", by=person, area=demo_area)
    with pytest.raises(InputError, match="not valid JSON"):
        importers.import_assets(store, project.id, b"{oops", "a.geojson", by=person, area=demo_area)
    assert register.list_assets(store, project.id) == []


def test_excel_and_geojson_import(store, project, person, demo_area, good_row):
    import pandas as pd

    from coprod_helpers.exports import to_safe_xlsx

    df = pd.read_csv(io.StringIO(HEADER + good_row), dtype=str)
    xlsx = to_safe_xlsx({"Assets": df})
    assert importers.import_assets(store, project.id, xlsx, "a.xlsx", by=person, area=demo_area).count == 1
    pc = demo_area.postcodes.iloc[2]
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Vale Park"},
         "geometry": {"type": "Point", "coordinates": [pc["longitude"], pc["latitude"]]}}]}
    report = importers.import_assets(store, project.id, json.dumps(geo).encode(), "parks.geojson", by=person,
                                     area=demo_area, default_categories=["Green space"])
    assert report.rows[0]["categories"] == ["green_space"] and report.rows[0]["small_area"] == pc["code"]


@pytest.fixture
def published(store, project, person, staff, reviewer_key, demo_area):
    importers.import_assets(store, project.id, DEMO_DIR / "assets.csv", by=person, area=demo_area)
    for a in register.list_assets(store, project.id):
        register.publish_asset(store, a["id"], by=staff, reviewer=reviewer_key)
    evil = register.add_asset(store, project.id, {
        "name": "=HYPERLINK(\"http://x\")", "categories": "Peer support", "description": "<script>x</script>",
        "postcode": demo_area.postcodes.iloc[5]["postcode"], "hide_exact_location": "yes"}, by=person, area=demo_area)
    register.publish_asset(store, evil.id, by=staff, reviewer=reviewer_key)
    return register.published_assets(store, project.id)


def test_exports_carry_no_names_and_no_exact_hidden_places(published, tmp_path):
    hidden = [a for a in published if a["hide_exact_location"]]
    assert hidden
    for suffix in (".geojson", ".csv", ".xlsx", ".gpkg", ".zip"):
        path = exporters.export_assets(published, tmp_path / f"out{suffix}")
        blob = path.read_bytes()
        if suffix == ".zip":
            blob = b"".join(zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist())
        assert b"Ade" not in blob and b"lived_experience" not in blob, suffix
        if suffix in (".geojson", ".csv", ".zip"):
            for a in hidden:
                assert f"{a['latitude']:.5f}".encode() not in blob, suffix
    import geopandas as gpd

    frame = gpd.read_file(tmp_path / "out.gpkg")
    assert len(frame) == len(published) and frame.crs.to_epsg() == 4326
    assert "'=HYPERLINK" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def _hsds_validator(schema_dir, name):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = [(p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT202012))
                 for p in schema_dir.glob("*.json")]
    registry = Registry().with_resources(resources)
    schema = json.loads((schema_dir / name).read_text())
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.shared_data
def test_hsds_export_is_valid_against_the_schemas(published, shared_dir, store, project):
    from coprod_helpers.assets.hsds import TABLE_SCHEMAS, nest_services, rows_from_hsds

    schema_dir = shared_dir / "standards" / "hsds-3.0" / "schema"
    tables = exporters.to_hsds(published, categories=register.load_categories(store, project.id))
    assert {"organizations", "services", "locations", "service_at_locations", "schedules", "taxonomy_terms"} <= {
        t for t, items in tables.items() if items}
    for table, items in tables.items():
        validator = _hsds_validator(schema_dir, TABLE_SCHEMAS[table])
        for item in items:
            errors = list(validator.iter_errors(item))
            assert not errors, (table, item, errors[0].message)
    full = nest_services(tables)
    validator = _hsds_validator(schema_dir, "service.json")
    for service in full:
        errors = list(validator.iter_errors(service))
        assert not errors, errors[0].message
    # and it comes back in
    rows = rows_from_hsds(full)
    by_name = {r["name"]: r for r in rows}
    original = next(a for a in published if a["opening_times"])
    assert by_name[original["name"]]["opening_times"]


@pytest.mark.shared_data
def test_hsds_uuid_format_is_checked(shared_dir):
    validator = _hsds_validator(shared_dir / "standards" / "hsds-3.0" / "schema", "service.json")
    assert list(validator.iter_errors({"id": "not-a-uuid", "name": "x", "status": "active"}))


def test_hsds_file_imports(store, project, person, published, tmp_path, demo_area):
    path = exporters.export_assets(published[:5], tmp_path / "hsds.zip")
    full = zipfile.ZipFile(path).read("services_full.json")
    report = importers.import_assets(store, project.id, full, "services.json", by=person, area=demo_area)
    assert report.count == 5 and len(report.duplicates) >= 4


@pytest.mark.shared_data
def test_real_newham_assets_import_and_map(shared_dir, store, project, person):
    """The real Newham files, read in place, imported against the real postcode table and mapped."""
    from types import SimpleNamespace

    import geopandas as gpd
    import pandas as pd

    data = shared_dir / "data"
    small = gpd.read_file(data / "boundaries" / "newham_lsoa21.geojson").rename(
        columns={"LSOA21CD": "code", "LSOA21NM": "name"})[["code", "name", "geometry"]].to_crs(4326)
    postcodes = pd.read_csv(data / "postcodes" / "newham_postcodes_codepoint_open_2025_4.csv").rename(
        columns={"lsoa21cd_point_in_polygon": "code"})[["postcode", "latitude", "longitude", "code"]]
    newham = SimpleNamespace(name="Newham", small_areas=small, postcodes=postcodes)
    services = importers.import_assets(
        store, project.id, data / "assets" / "newham_health_and_library_services.csv", by=person, area=newham,
        category_map={"gp_practice": "NHS/council service", "pharmacy": "NHS/council service",
                      "library": "Library"})
    worship = importers.import_assets(
        store, project.id, data / "assets" / "newham_places_of_worship_osm_2019.geojson", by=person,
        area=newham, default_categories=["Faith group"], fill_missing_names="Place of worship ({religion_fclass})")
    assert (services.count, worship.count) == (128, 102)
    assets = register.list_assets(store, project.id)
    assert sum(a["small_area"] is not None for a in assets) == 230
    from coprod_helpers.maps.assets_map import make_asset_map

    m = make_asset_map(assets, area=newham, categories=register.load_categories(store, project.id))
    html = m.get_root().render()
    assert "Abbey Road Medical Practice" in html
