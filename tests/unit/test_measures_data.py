"""Uploading measure data: every kind of bad input is named by row and column; nothing half-saved."""
import io

import pandas as pd
import pytest

from coprod_helpers.errors import InputError
from coprod_helpers.measures.definitions import MeasureDefinition, save_measure
from coprod_helpers.measures.measure_data import (load_demo_series, load_measure_data, read_measure_data,
                                                  save_measure_data)

GOOD = b"month,group,numerator,denominator\n2024-01-01,A,3,10\n2024-02-01,A,4,10\n2024-01-01,B,5,12\n"


def problems(source, **kw):
    with pytest.raises(InputError) as err:
        read_measure_data(source, "upload.csv", **kw)
    return [(p.row, p.field, p.message) for p in err.value.problems]


def test_good_csv_is_read_and_sorted():
    df = read_measure_data(GOOD, "upload.csv")
    assert df["group"].tolist() == ["A", "A", "B"]
    assert df["value"].tolist() == pytest.approx([0.3, 0.4, 5 / 12])
    assert df["row"].tolist() == [2, 3, 4]


def test_xlsx_upload_and_uk_dates():
    buf = io.BytesIO()
    pd.DataFrame({"Date": ["01/01/2024", "01/02/2024"], "Value": ["7", "8"]}).to_excel(buf, index=False)
    df = read_measure_data(buf.getvalue(), "upload.xlsx")
    assert df["date"].dt.month.tolist() == [1, 2] and df["value"].tolist() == [7.0, 8.0]


def test_non_numeric_and_missing_values():
    found = problems(b"date,value\n2024-01-01,3\n2024-02-01,three\n2024-03-01,\n")
    assert found == [(3, "value", "'three' is not a number."), (4, "value", "The value is missing.")]


def test_bad_and_missing_dates():
    found = problems(b"date,value\nsoon,3\n,4\n2024-03-01,5\n")
    assert [(r, f) for r, f, _ in found] == [(2, "date"), (3, "date")]
    assert "not a date" in found[0][2] and "missing" in found[1][2]


def test_dates_out_of_order_and_duplicated_within_a_group():
    found = problems(b"date,group,value\n2024-02-01,A,1\n2024-01-01,A,2\n2024-02-01,A,3\n2024-01-01,B,4\n")
    assert (3, "date") in [(r, f) for r, f, _ in found]
    assert any(r == 4 and "appears twice" in m and "row 2" in m for r, _, m in found)
    assert not any(r == 5 for r, _, _ in found)           # group B is its own series


def test_zero_denominator_and_numerator_above_denominator():
    found = problems(b"date,numerator,denominator\n2024-01-01,3,0\n2024-02-01,12,10\n2024-03-01,-1,10\n")
    assert found[0][:2] == (4, "numerator") and "below zero" in found[0][2]
    assert (2, "denominator", "The denominator is zero.") in found
    assert (3, "numerator") in [(r, f) for r, f, _ in found]
    ok = read_measure_data(b"date,numerator,denominator\n2024-01-01,12,10\n", "rates.csv",
                           numerator_may_exceed_denominator=True)
    assert ok["value"].iloc[0] == 1.2


def test_missing_columns():
    assert "no 'value' column" in problems(b"date,group\n2024-01-01,A\n")[0][2]
    assert problems(b"date,numerator\n2024-01-01,3\n")[0][1] == "denominator"
    assert problems(b"day,value\n2024-01-01,3\n")[0][1] == "date"


def test_measure_filter():
    df = read_measure_data(b"measure,date,value\nX,2024-01-01,1\nY,2024-01-01,2\n", "m.csv", measure="Y")
    assert df["value"].tolist() == [2.0]
    assert "no rows for the measure" in problems(b"measure,date,value\nX,2024-01-01,1\n", measure="Z")[0][2]


def test_demo_series_is_clean():
    df = load_demo_series("Mental Health Act detentions")
    assert df["group"].nunique() == 3 and len(df) == 90


def test_save_all_or_nothing(store, project, staff):
    m = save_measure(store, project.id, MeasureDefinition("Follow-up in 72 hours", numerator="x"), by=staff)
    ids = save_measure_data(store, project.id, m.id, read_measure_data(GOOD, "g.csv"), by=staff)
    assert len(ids) == 3
    again = read_measure_data(b"date,group,numerator,denominator\n2024-03-01,A,1,2\n2024-01-01,B,1,2\n"
                              b"2024-03-01,B,1,2\n", "more.csv")
    with pytest.raises(InputError, match="already a value for 'B' on 2024-01-01"):
        save_measure_data(store, project.id, m.id, again, by=staff)
    saved = load_measure_data(store, project.id, m.id)
    assert len(saved) == 3 and saved["numerator"].tolist() == [3, 4, 5]
