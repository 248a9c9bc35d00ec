"""Checks on typed input shared by every planning form: dates, money, ratings, text."""
from datetime import date
from decimal import Decimal

import pytest

from coprod_helpers.errors import InputError
from coprod_helpers.planning.fields import FormCheck, money_text, parse_date, parse_money


@pytest.mark.parametrize("text, expected", [
    ("12", Decimal("12.00")), ("12.5", Decimal("12.50")), ("£1,250.75", Decimal("1250.75")),
    (0, Decimal("0.00")), (7.25, Decimal("7.25")), (Decimal("3.10"), Decimal("3.10")), ("", None), (None, None),
])
def test_parse_money_accepts_pounds_and_pence(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("-1", "below zero"), ("12.345", "2 decimal"), ("ten pounds", "not an amount"), ("1e400", "more than"),
    (float("nan"), "not an amount"), (float("inf"), "not an amount"), (True, "not an amount"),
    ("NaN", "not an amount"), ("200000", "more than"), ("1,2", "not an amount"),
])
def test_parse_money_rejects_what_is_not_money(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_money(text)


def test_money_is_decimal_not_float():
    assert isinstance(parse_money(0.1), Decimal) and parse_money(0.1) + parse_money(0.2) == Decimal("0.30")
    assert money_text(Decimal("1234.5")) == "£1,234.50"


def test_parse_date_reads_iso_and_uk_dates():
    assert parse_date("2025-03-31") == parse_date("31/03/2025") == date(2025, 3, 31)
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("31/02/2025")


def test_form_check_collects_every_problem_with_field_names():
    check = FormCheck({"a": "", "start": "2025-05-01", "end": "2025-04-01", "r": 9, "m": "-3"}, "Test form")
    check.text("a", "Name")
    start, end = check.date("start", "Start"), check.date("end", "End")
    check.dates_in_order(start, end, "Start", "End", "end")
    check.rating("r", "Rating", 1, 3)
    check.money("m", "Amount")
    with pytest.raises(InputError) as err:
        check.finish()
    fields = [p.field for p in err.value.problems]
    assert fields == ["a", "end", "r", "m"]
    text = str(err.value)
    assert "is empty" in text and "before" in text and "outside 1 to 3" in text and "below zero" in text
    assert all(p.fix for p in err.value.problems)


def test_rating_rejects_bools_and_text():
    check = FormCheck({"r": True, "s": "two"}, "Test")
    assert check.rating("r", "R", 1, 3) is None and check.rating("s", "S", 1, 3) is None
    assert len(check.problems) == 2


def test_number_allows_decimals_but_not_negatives():
    check = FormCheck({"h": "1.5", "n": "-2"}, "Test")
    assert check.number("h", "Hours") == Decimal("1.5")
    check.number("n", "Sessions")
    assert "below zero" in check.problems[0].message


def test_whole_numbers_stay_readable():
    check = FormCheck({"h": "100", "k": "2.50"}, "Test")
    assert str(check.number("h", "Hours")) == "100" and str(check.number("k", "Hours")) == "2.5"
