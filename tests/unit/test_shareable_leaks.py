"""Shareable exports never carry small counts (data quality line, top themes) or unpublished assets."""
from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pandas as pd
import pytest

from coprod_helpers.assets import exporters
from coprod_helpers.assets.hsds import assets_to_hsds
from coprod_helpers.assets.model import STARTER_CATEGORIES
from coprod_helpers.maps.share_html import export_map_html
from coprod_helpers.populations import breakdowns, data_quality, feedback, summary_export


def _data(unknown: int = 2) -> pd.DataFrame:
    """Hand-made service data: 185 detentions with ``unknown`` of them "Not stated"."""
    groups = [("White: British", 120, 100_000), ("Black: Caribbean", 40, 8_000),
              ("Asian: Indian", 23 - unknown + 2, 9_000), ("Not stated", unknown, 0)]
    return pd.DataFrame([{"measure": "Detentions", "group_type": "ethnicity", "period": "2024", "kind": "rate",
                          "group": g, "events": e, "population": p} for g, e, p in groups])


def _cells(xlsx: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]


# 1. The unknown / not stated line -------------------------------------------------------

def test_unknown_share_hides_a_small_count_when_shareable():
    t = _data()
    assert t["events"].sum() == 185
    raw = data_quality.unknown_share(t)
    assert raw["unknown"] == 2 and "(2 of 185)" in raw["message"]  # analyst view unchanged
    shared = data_quality.unknown_share(t, shareable=True)
    assert "2 of" not in shared["message"] and "1.1%" not in shared["message"]
    assert "Fewer than 5" in shared["message"]
    assert shared["unknown"] == "*" and shared["share"] == "*" and shared["lower"] == "*" and shared["upper"] == "*"
    assert data_quality.describe_unknown_share(2 / 185, 2, 185, shareable=True).startswith("Fewer than 5")


def test_unknown_share_threshold_is_configurable_and_big_counts_are_kept():
    t = _data(unknown=7)
    assert "Fewer than 10" in data_quality.unknown_share(t, shareable=True, threshold=10)["message"]
    kept = data_quality.unknown_share(t, shareable=True)
    assert kept["unknown"] == 7 and "(7 of 185)" in kept["message"]
    assert data_quality.unknown_share(_data(unknown=0), shareable=True)["unknown"] == 0


def test_shareable_breakdown_hides_the_small_unknown_count():
    shared = breakdowns.make_breakdown(_data(), "Detentions", "ethnicity", shareable=True)
    assert "2 of 185" not in shared.quality["message"] and "Fewer than 5" in shared.quality["message"]
    assert shared.quality["unknown"] == "*"
    strict = breakdowns.make_breakdown(_data(unknown=7), "Detentions", "ethnicity", shareable=True, threshold=10)
    assert "Fewer than 10" in strict.quality["message"]
    analyst = breakdowns.make_breakdown(_data(), "Detentions", "ethnicity")
    assert analyst.quality["unknown"] == 2 and "2 of 185" in analyst.quality["message"]


@pytest.mark.parametrize("shareable", [False, True])
def test_summary_exports_hide_the_small_unknown_count(shareable):
    b = breakdowns.make_breakdown(_data(), "Detentions", "ethnicity", shareable=shareable)
    summary = summary_export.build_summary([b])
    html = summary_export.export_summary_html(summary, charts=False)
    assert "2 of 185" not in html and "1.1%" not in html and "Fewer than 5" in html
    book = openpyxl.load_workbook(io.BytesIO(summary_export.export_summary_xlsx(summary)))
    rows = list(book["Data quality"].values)
    row = dict(zip(rows[0], rows[1]))
    assert row["unknown"] == "*" and row["share_unknown"] == "*" and "2 of 185" not in row["in_words"]


# 2. Top themes per priority population --------------------------------------------------

def test_summary_top_themes_hide_small_counts(store, project, person, staff):
    police = feedback.add_theme(store, project.id, "Police", by=staff)
    waiting = feedback.add_theme(store, project.id, "Waiting", by=staff)
    for i in range(6):
        s = feedback.add_snippet(store, project.id, by=person, text=f"Story {i}", source="interview",
                                 population="Black Caribbean", consent_to_quote="no")
        feedback.code_snippet(store, project.id, s.id, [waiting.id] + ([police.id] if i < 2 else []), by=person)
    summary = summary_export.build_summary([], store=store, project_id=project.id,
                                           priority_populations=["Black Caribbean"])
    top = dict(summary.populations[0]["top_themes"])
    assert top == {"Waiting": 6, "Police": "*"}
    html = summary_export.export_summary_html(summary, charts=False)
    assert "Police (*)" in html and "Police (2)" not in html and "Waiting (6)" in html
    cells = _cells(summary_export.export_summary_xlsx(summary))
    text = " ".join(str(v) for v in cells if v is not None)
    assert "Police (*)" in text and "Police (2)" not in text
    strict = summary_export.build_summary([], store=store, project_id=project.id,
                                          priority_populations=["Black Caribbean"], threshold=10)
    assert "Waiting (*)" in summary_export.export_summary_html(strict, charts=False)


# 3. Asset exports keep only published assets -------------------------------------------

STATUSES = ("published", "proposed", "declined", "archived", None)


@pytest.fixture
def mixed_assets():
    return [{"id": f"a{i}", "name": f"Place {status}", "categories": ["library"], "latitude": 52.73 + i / 1000,
             "longitude": -1.6, "status": status, "description": "A place", "postcode": "ZZ1 1AA"}
            for i, status in enumerate(STATUSES)]


def _names_in(blob: bytes) -> set[str]:
    return {f"Place {s}" for s in STATUSES if f"Place {s}".encode() in blob}


def test_map_html_keeps_only_published(mixed_assets):
    page = export_map_html(mixed_assets, made_on="2025-06-01")
    data = json.loads(page.split('<script id="coprod-data" type="application/json">')[1].split("</script>")[0])
    assert [row[2] for row in data["assets"]] == ["Place published"]
    everything = export_map_html(mixed_assets, made_on="2025-06-01", include_unpublished=True)
    assert _names_in(everything.encode()) == {f"Place {s}" for s in STATUSES}


@pytest.mark.parametrize("kind", ["geojson", "csv", "xlsx", "hsds"])
def test_export_bytes_keeps_only_published(mixed_assets, kind):
    blob = exporters.export_bytes(mixed_assets, kind)
    if kind == "xlsx":
        blob = " ".join(str(v) for v in _cells(blob)).encode()
    elif kind == "hsds":
        z = zipfile.ZipFile(io.BytesIO(blob))
        blob = b"".join(z.read(n) for n in z.namelist())
    assert _names_in(blob) == {"Place published"}
    internal = exporters.export_bytes(mixed_assets, kind, include_unpublished=True)
    if kind == "geojson":
        assert _names_in(internal) == {f"Place {s}" for s in STATUSES}


@pytest.mark.parametrize("suffix", [".geojson", ".csv", ".xlsx", ".gpkg", ".zip"])
def test_export_assets_keeps_only_published(mixed_assets, tmp_path, suffix):
    path = exporters.export_assets(mixed_assets, tmp_path / f"out{suffix}")
    if suffix == ".gpkg":
        import geopandas as gpd

        assert gpd.read_file(path)["name"].tolist() == ["Place published"]
        everything = exporters.export_assets(mixed_assets, tmp_path / "all.gpkg", include_unpublished=True)
        assert len(gpd.read_file(everything)) == len(STATUSES)
        return
    if suffix == ".xlsx":
        blob = " ".join(str(v) for v in _cells(path.read_bytes())).encode()
    elif suffix == ".zip":
        z = zipfile.ZipFile(path)
        blob = b"".join(z.read(n) for n in z.namelist())
    else:
        blob = path.read_bytes()
    assert _names_in(blob) == {"Place published"}


def test_hsds_keeps_only_published(mixed_assets):
    for tables in (exporters.to_hsds(mixed_assets), assets_to_hsds(mixed_assets, STARTER_CATEGORIES)):
        assert [s["name"] for s in tables["services"]] == ["Place published"]
        assert [loc["name"] for loc in tables["locations"]] == ["Place published"]
    internal = exporters.to_hsds(mixed_assets, include_unpublished=True)
    assert len(internal["services"]) == len(STATUSES)
    assert len(assets_to_hsds(mixed_assets, STARTER_CATEGORIES, include_unpublished=True)["services"]) == len(STATUSES)
