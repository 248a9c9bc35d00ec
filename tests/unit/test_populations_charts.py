"""Charts (inline SVG), the choropleth builder, and the shareable summary exports."""
import io

import folium
import numpy as np
import openpyxl
import pandas as pd
import pytest

from coprod_helpers.maps.choropleth import class_breaks, colour_for, make_choropleth_map
from coprod_helpers.populations import breakdowns, charts, feedback, prioritising, service_data, summary_export

CSV = b"""measure,period,group_type,group,events,population
Detentions,2024,ethnicity,White: British,120,90000
Detentions,2024,ethnicity,Black: Caribbean,40,10000
Detentions,2024,ethnicity,Black: African,3,8000
Detentions,2024,ethnicity,Asian: Indian,=cmd|' /C calc'!A0,1
Detentions,2024,ethnicity,Not stated,9,
"""


@pytest.fixture
def breakdown():
    data = service_data.load_service_data(CSV.replace(b"=cmd|' /C calc'!A0,1", b"20,15000"), "d.csv")
    return breakdowns.make_breakdown(data, "Detentions", "ethnicity")


def test_forest_plot_and_rate_chart_are_inline_svg(breakdown):
    svg = charts.make_forest_plot(breakdown.table)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'href="http' not in svg and "<script" not in svg  # nothing loaded from elsewhere
    assert "Black: Caribbean" in svg
    shared = breakdowns.make_breakdown(service_data.load_service_data(CSV.replace(b"=cmd|' /C calc'!A0,1", b"20,15000"), "d.csv"),
                                       "Detentions", "ethnicity", shareable=True)
    svg = charts.make_rate_chart(shared.table, benchmark=100)
    assert "Not shown" in svg and "Black: African" in svg


def test_bad_counts_never_reach_a_chart():
    with pytest.raises(Exception):
        service_data.load_service_data(CSV, "d.csv")


def test_choropleth_adds_a_layer_with_escaped_tooltips_and_a_key():
    import geopandas as gpd
    from shapely.geometry import box

    gdf = gpd.GeoDataFrame({"code": ["A", "B", "C"], "name": ["<b>North</b>", "South", "East"],
                            "rate": [10.0, 50.0, np.nan]}, geometry=[box(0, 51, 0.1, 51.1), box(0.1, 51, 0.2, 51.1),
                                                                  box(0.2, 51, 0.3, 51.1)], crs=4326)
    m = folium.Map(location=[51.05, 0.15], zoom_start=12, tiles=None)
    out = make_choropleth_map(gdf, "rate", m=m, label="Detentions per 100,000")
    assert out is m
    html = m.get_root().render()
    assert "\\u0026lt;b\\u0026gt;North" in html and "<b>North</b>" not in html  # escaped, then JSON-escaped
    assert "Map key" in html and "no data" in html
    assert colour_for(None, [0, 1]) == "#d9d9d9"
    assert class_breaks([1, 2, 3, 4, 5, 6], 5)[0] == 1


def test_summary_exports_hide_small_counts_names_and_formulas(store, project, person, staff, breakdown):
    s = feedback.add_snippet(store, project.id, by=person, text="=HYPERLINK(\"http://x\") Ring 07700 900123",
                             source="interview", population="Black Caribbean", consent_to_quote="yes")
    theme = feedback.add_theme(store, project.id, "Police", by=staff)
    feedback.code_snippet(store, project.id, s.id, [theme.id], by=person)
    rnd = prioritising.start_round(store, project.id, question="", options=["Black Caribbean", "Other"], by=staff)
    prioritising.cast_vote(store, project.id, rnd.id, by=person, dots={"Black Caribbean": 3})
    prioritising.record_decision(store, project.id, rnd.id, chosen=["Black Caribbean"], reason="Biggest gap", by=staff)
    summary = summary_export.build_summary([breakdown], store=store, project_id=project.id,
                                           priority_populations=["Black Caribbean"], action="be detained")
    gaps = next(iter(summary.gap_tables.values())).set_index("group")
    assert gaps.loc["Black: African", "events"] == "*"
    assert "times as likely" in gaps.loc["Black: Caribbean", "in_words"]
    html = summary_export.export_summary_html(summary)
    assert "<svg" in html and "07700" not in html and "Ade" not in html and "Sam" not in html
    assert "Person with lived experience: 1" in html and "<script" not in html
    book = openpyxl.load_workbook(io.BytesIO(summary_export.export_summary_xlsx(summary)))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in cells)
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in cells)
    assert {"Gaps 1", "Data quality", "Themes", "Priority populations", "Decision"} <= set(book.sheetnames)
