"""Checking what people type into planning forms, with messages they can act on.

A :class:`FormCheck` reads one form (a dict), collects every problem it finds and raises a
single :class:`~coprod_helpers.errors.InputError` at the end, so a page can show all of them
at once and nothing is saved until the whole form is right.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from ..errors import Problem, collect

MAX_TEXT = 4000
MAX_MONEY = Decimal("100000")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(value) -> date | None:
    """A :class:`datetime.date` from a date, an ISO string or ``DD/MM/YYYY``; None when empty.

    Raises ValueError when the text is not a real date.

    Examples
    --------
    >>> parse_date("2025-03-01"), parse_date("01/03/2025")
    (datetime.date(2025, 3, 1), datetime.date(2025, 3, 1))
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    uk = _UK_DATE.match(text)
    if uk:
        day, month, year = (int(g) for g in uk.groups())
        return date(year, month, day)
    return date.fromisoformat(text[:10])


def parse_money(value) -> Decimal | None:
    """A non-negative amount of money with at most 2 decimal places, or None when empty.

    A leading pound sign and thousands commas are allowed. Raises ValueError with a
    plain-words reason otherwise.

    Examples
    --------
    >>> parse_money("£1,250.5")
    Decimal('1250.50')
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("is not an amount of money")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("is not an amount of money")
        value = repr(value)
    text = str(value).strip().replace("£", "", 1).strip()
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?", text):
        text = text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("is not an amount of money") from None
    if not amount.is_finite():
        raise ValueError("is not an amount of money")
    if amount < 0:
        raise ValueError("is below zero")
    if amount > MAX_MONEY:
        raise ValueError(f"is more than £{MAX_MONEY:,}")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("has more than 2 decimal places (pence)")
    return amount.quantize(Decimal("0.01"))


def money_text(amount: Decimal | None) -> str:
    """``Decimal('12.5')`` -> ``'£12.50'``; None -> ``'£0.00'``."""
    return f"£{(amount or Decimal('0')):,.2f}"


class FormCheck:
    """Reads the fields of one form and collects the problems.

    Parameters
    ----------
    form : dict
        What was typed, by field name.
    source : str
        The form's name as people see it, used in messages ("Action plan").
    row : int, optional
        For imports: the row number as a person counts it.
    """

    def __init__(self, form: dict | None, source: str, row: int | None = None):
        self.form = dict(form or {})
        self.source = source
        self.row = row
        self.problems: list[Problem] = []

    def problem(self, field: str, message: str, fix: str = "") -> None:
        self.problems.append(Problem(message, fix=fix, source=self.source, row=self.row, field=field))

    def text(self, field: str, label: str, *, required: bool = True, max_len: int = MAX_TEXT) -> str:
        value = self.form.get(field)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.problem(field, f"'{label}' is empty.", "Please fill it in.")
        elif len(text) > max_len:
            self.problem(field, f"'{label}' is longer than {max_len} characters.", "Please shorten it.")
        return text

    def choice(self, field: str, label: str, options, *, default=None) -> str | None:
        value = self.form.get(field, default)
        if value in (None, "") and default is not None:
            value = default
        if value not in options:
            shown = ", ".join(str(options[o]) if isinstance(options, dict) else str(o) for o in options)
            self.problem(field, f"'{label}' must be one of: {shown}.", "Please choose one from the list.")
            return None
        return value

    def date(self, field: str, label: str, *, required: bool = True) -> date | None:
        try:
            value = parse_date(self.form.get(field))
        except (ValueError, TypeError):
            self.problem(field, f"'{label}' is not a date we can read.", "Please use a date like 2025-03-31.")
            return None
        if value is None and required:
            self.problem(field, f"'{label}' is empty.", "Please give a date, like 2025-03-31.")
        return value

    def dates_in_order(self, start: date | None, end: date | None, start_label: str, end_label: str,
                       end_field: str) -> None:
        if start and end and end < start:
            self.problem(end_field, f"'{end_label}' ({end}) is before '{start_label}' ({start}).",
                         "Please check the dates: the end cannot come before the start.")

    def money(self, field: str, label: str, *, required: bool = False) -> Decimal:
        try:
            value = parse_money(self.form.get(field))
        except ValueError as err:
            self.problem(field, f"'{label}' {err}.", "Please type an amount like 12.50 (pounds and pence).")
            return Decimal("0.00")
        if value is None:
            if required:
                self.problem(field, f"'{label}' is empty.", "Please type an amount like 12.50 (0 if none).")
            return Decimal("0.00")
        return value

    def number(self, field: str, label: str, *, maximum: float = 10_000, required: bool = False) -> Decimal:
        """A non-negative number with at most 2 decimals (hours, sessions)."""
        raw = self.form.get(field)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.problem(field, f"'{label}' is empty.", "Please type a number (0 if none).")
            return Decimal("0")
        try:
            value = parse_money(raw)
        except ValueError as err:
            reason = str(err).replace("is not an amount of money", "is not a number")
            self.problem(field, f"'{label}' {reason}.", "Please type a number like 2 or 1.5.")
            return Decimal("0")
        if value > Decimal(str(maximum)):
            self.problem(field, f"'{label}' is more than {maximum}.", "Please check the number.")
        return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()

    def rating(self, field: str, label: str, low: int, high: int, *, required: bool = True) -> int | None:
        raw = self.form.get(field)
        if raw is None or raw == "":
            if required:
                self.problem(field, f"'{label}' has no rating.", f"Please choose a rating from {low} to {high}.")
            return None
        if isinstance(raw, bool) or not (isinstance(raw, int) or (isinstance(raw, str) and raw.strip().isdigit())):
            self.problem(field, f"'{label}' must be a whole number from {low} to {high}.", "Please choose one.")
            return None
        value = int(raw)
        if not low <= value <= high:
            self.problem(field, f"'{label}' is {value}, outside {low} to {high}.",
                         f"Please choose a rating from {low} to {high}.")
            return None
        return value

    def flag(self, field: str) -> bool:
        value = self.form.get(field, False)
        if isinstance(value, str):
            return value.strip().lower() in {"yes", "true", "1", "y"}
        return bool(value)

    def text_list(self, field: str, label: str, *, required: bool = False, max_len: int = 500) -> list[str]:
        """A list of short texts, from a list or from text with one item per line."""
        raw = self.form.get(field) or []
        items = raw.splitlines() if isinstance(raw, str) else list(raw)
        items = [str(i).strip() for i in items if str(i).strip()]
        if required and not items:
            self.problem(field, f"'{label}' is empty.", "Please add at least one.")
        for item in items:
            if len(item) > max_len:
                self.problem(field, f"An item in '{label}' is longer than {max_len} characters.", "Please shorten it.")
        return items

    def finish(self) -> None:
        """Raise one InputError listing every problem, if there were any."""
        collect(self.problems)
