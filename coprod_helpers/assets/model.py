"""What an asset is: its fields, the checks on them, categories and opening times.

An asset is kept in the project store as a plain dict (see :data:`ASSET_FIELDS`). Every way
in (the workshop form, an import, an edit) goes through :func:`validate_asset`, which returns a
clean dict or raises :class:`~coprod_helpers.errors.InputError` listing every problem with the
field (and row) it was found in.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime

from ..errors import InputError, Problem

#: Statuses of an asset. New contributions start as "proposed"; reviewers set the others.
ASSET_STATUSES = ("proposed", "published", "declined", "archived")

#: Longest text accepted per field (characters).
MAX_LENGTHS = {"name": 120, "description": 2000, "own_words": 2000, "organisation": 200, "for_whom": 500,
               "cost": 200, "opening_notes": 300, "address": 300, "website": 300, "phone": 40, "email": 200,
               "source": 200, "licence": 120, "external_id": 100, "languages": 300}

TEXT_FIELDS = ("name", "description", "own_words", "organisation", "for_whom", "cost", "opening_notes",
               "address", "source", "licence", "external_id")
YES_NO_FIELDS = ("referral_needed", "step_free", "hearing_loop", "quiet_space", "interpreters",
                 "hide_exact_location", "contact_is_personal")

#: Every field an asset can have, in the order they are shown and exported.
ASSET_FIELDS = ("name", "categories", "description", "own_words", "organisation", "for_whom", "min_age",
                "max_age", "languages", "cost", "referral_needed", "step_free", "hearing_loop", "quiet_space",
                "interpreters", "opening_times", "opening_notes", "website", "phone", "email",
                "contact_is_personal", "address", "postcode", "latitude", "longitude", "small_area",
                "location_source", "hide_exact_location", "last_checked", "source", "licence", "external_id")

#: Words shown to people for each field.
FIELD_LABELS = {
    "name": "Name", "categories": "Categories", "description": "What it is", "own_words": "In our own words",
    "organisation": "Run by", "for_whom": "Who it is for", "min_age": "Youngest age", "max_age": "Oldest age",
    "languages": "Languages spoken", "cost": "Cost", "referral_needed": "Referral needed",
    "step_free": "Step-free access", "hearing_loop": "Hearing loop", "quiet_space": "Quiet space",
    "interpreters": "Interpreters", "opening_times": "Opening times", "opening_notes": "About opening times",
    "website": "Website", "phone": "Phone", "email": "Email", "contact_is_personal": "Contact is a private person",
    "address": "Address", "postcode": "Postcode", "latitude": "Latitude", "longitude": "Longitude",
    "small_area": "Small area", "location_source": "Place found from", "hide_exact_location": "Hide exact place",
    "last_checked": "Last checked", "source": "Source", "licence": "Licence", "external_id": "Source id",
}


@dataclass(frozen=True)
class Category:
    """One category of asset; the group controls the list."""

    key: str
    label: str
    colour: str = "#555555"

    def to_dict(self) -> dict:
        return asdict(self)


# Colours from Paul Tol's "muted" and "bright" schemes, chosen to stay apart for colour-blind readers.
STARTER_CATEGORIES: tuple[Category, ...] = (
    Category("peer_support", "Peer support", "#CC6677"),
    Category("faith_group", "Faith group", "#332288"),
    Category("community_centre", "Community centre", "#DDCC77"),
    Category("library", "Library", "#117733"),
    Category("green_space", "Green space", "#44AA99"),
    Category("sport_leisure", "Sport and leisure", "#88CCEE"),
    Category("arts_culture", "Arts and culture", "#AA4499"),
    Category("food_support", "Food support", "#999933"),
    Category("advice_advocacy", "Advice and advocacy", "#882255"),
    Category("vcse_service", "VCSE service", "#EE7733"),
    Category("nhs_council_service", "NHS/council service", "#0077BB"),
)

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}
_DAY_WORDS = {d: d for d in DAYS} | {
    "monday": "mon", "tuesday": "tue", "tues": "tue", "wednesday": "wed", "thursday": "thu", "thur": "thu",
    "thurs": "thu", "friday": "fri", "saturday": "sat", "sunday": "sun"}
_TIME = r"(\d{1,2})[:.](\d{2})"
_SPAN = re.compile(rf"^{_TIME}\s*[-–to]+\s*{_TIME}$")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


def make_category_key(label: str) -> str:
    """A stable key for a new category label, e.g. ``"Men's sheds" -> "men_s_sheds"``."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40] or "category"


def resolve_category(text: str, categories) -> str | None:
    """The key of the category that ``text`` names (its key or label, any case), or None."""
    wanted = _key(text)
    for c in categories:
        if wanted in (_key(c.key), _key(c.label)):
            return c.key
    return None


def split_list(value) -> list[str]:
    """Split ``"a; b, c"`` (or a list) into clean items."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[;,|]", str(value))
    return [i.strip() for i in items if i and i.strip()]


# -- opening times ---------------------------------------------------------------------------
def _hhmm(h: str, m: str) -> str | None:
    hour, minute = int(h), int(m)
    if hour == 24 and minute == 0:
        return "24:00"
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return f"{hour:02d}:{minute:02d}"
    return None


def _days_in(text: str) -> list[str] | None:
    text = text.strip().lower()
    if "-" in text or "–" in text:
        start, _, end = re.split(r"\s*([-–])\s*", text, maxsplit=1)
        a, b = _DAY_WORDS.get(start), _DAY_WORDS.get(end)
        if a is None or b is None:
            return None
        i, j = DAYS.index(a), DAYS.index(b)
        return list(DAYS[i:j + 1]) if i <= j else list(DAYS[i:] + DAYS[:j + 1])
    day = _DAY_WORDS.get(text)
    return [day] if day else None


def parse_opening_times(value) -> dict[str, list[list[str]]]:
    """Read opening times into ``{"mon": [["09:00", "17:00"]], ...}``.

    Accepts text such as ``"Mon 09:00-17:00; Tue 09:00-12:00, 13:00-17:00; Sat-Sun closed"``
    or an already structured dict. Raises :class:`InputError` (field ``opening_times``) when a
    part cannot be read.

    Examples
    --------
    >>> parse_opening_times("Mon-Tue 9:00-17:00; Sat 10:00-12:00")["tue"]
    [['09:00', '17:00']]
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    fix = "Write each day like 'Mon 09:00-17:00', separated by ';' (for example 'Mon-Fri 09:00-17:00; Sat closed')."
    if isinstance(value, dict):
        text = "; ".join(f"{d} " + (", ".join(f"{o}-{c}" for o, c in spans) if spans else "closed")
                         for d, spans in value.items())
        return parse_opening_times(text)
    result: dict[str, list[list[str]]] = {}
    for part in str(value).split(";"):
        part = part.strip()
        if not part:
            continue
        match = re.match(r"^([A-Za-z]+(?:\s*[-–]\s*[A-Za-z]+)?)\s*:?\s*(.*)$", part)
        days = _days_in(match.group(1)) if match else None
        if not days:
            raise InputError(f"'{part}' does not start with a day of the week.", fix=fix, field="opening_times")
        rest = match.group(2).strip().lower()
        spans: list[list[str]] = []
        if rest not in ("closed", ""):
            for span in rest.split(","):
                m = _SPAN.match(span.strip())
                opens = _hhmm(m.group(1), m.group(2)) if m else None
                closes = _hhmm(m.group(3), m.group(4)) if m else None
                if not (opens and closes) or closes <= opens:
                    raise InputError(f"'{span.strip()}' in '{part}' is not an opening time from earlier to later.",
                                     fix=fix, field="opening_times")
                spans.append([opens, closes])
        elif rest == "":
            raise InputError(f"'{part}' gives a day but no times.", fix=fix, field="opening_times")
        for d in days:
            result[d] = result.get(d, []) + spans
    return {d: result[d] for d in DAYS if d in result}


def format_opening_times(times: dict) -> str:
    """Write structured opening times back as text, e.g. ``"Mon 09:00-17:00; Sun closed"``."""
    parts = []
    for d in DAYS:
        if d in (times or {}):
            spans = times[d]
            parts.append(f"{DAY_LABELS[d]} " + (", ".join(f"{o}-{c}" for o, c in spans) if spans else "closed"))
    return "; ".join(parts)


# -- single values ---------------------------------------------------------------------------
def parse_yes_no(value, field: str) -> bool | None:
    """``yes/no/true/false/y/n/1/0`` to a bool; empty means "not known" (None)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("", "nan", "unknown", "not known", "?"):
        return None
    if text in ("yes", "y", "true", "1", "t"):
        return True
    if text in ("no", "n", "false", "0", "f"):
        return False
    raise InputError(f"'{value}' is not yes or no.", fix="Write yes, no, or leave it empty if not known.",
                     field=field)


def parse_date(value, field: str = "last_checked") -> str | None:
    """A date as ISO text (``YYYY-MM-DD``); accepts ``DD/MM/YYYY`` too. Not in the future."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = str(value).strip()[:19]
        day = None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y%m%d"):
            try:
                day = datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if day is None:
            raise InputError(f"'{value}' is not a date.", fix="Write it as 2024-05-31 or 31/05/2024.", field=field)
    if day > date.today():
        raise InputError(f"{day.isoformat()} is in the future.", fix="Use the date it was last checked.", field=field)
    return day.isoformat()


_URL = re.compile(r"^https?://[^\s<>\"'`]+\.[^\s<>\"'`]+$", re.I)
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,30}$")
_EMAIL = re.compile(r"^[^@\s<>\"'`]+@[^@\s<>\"'`]+\.[A-Za-z]{2,}$")


def clean_website(value) -> str | None:
    """A web address starting ``https://`` (added if missing); other schemes are refused."""
    text = (str(value).strip() if value is not None else "")
    if not text:
        return None
    if not re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I):
        text = "https://" + text
    if not _URL.match(text):
        raise InputError(f"'{value}' is not a web address.", fix="Write it like https://www.example.org.",
                         field="website")
    return text


def _number(value, field: str, low: float, high: float, fix: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise InputError(f"'{value}' is not a number.", fix=fix, field=field) from None
    if number != number or not low <= number <= high:
        raise InputError(f"{value} is not between {low:g} and {high:g}.", fix=fix, field=field)
    return number


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())


def validate_asset(raw: dict, *, categories=STARTER_CATEGORIES, area=None, source: str | None = None,
                   row: int | None = None) -> dict:
    """Check an asset and return it clean, ready for the store.

    Parameters
    ----------
    raw : dict
        Field values as typed or read from a file (text is fine for every field).
        ``categories`` may be keys or labels, as a list or ``"a; b"``.
    categories : list of Category
        The project's categories.
    area : Area, optional
        When given, postcodes are looked up in its postcode table and coordinates must be
        inside it (see :mod:`coprod_helpers.assets.geocode`).
    source, row : optional
        Where the values came from, for messages.

    Raises
    ------
    InputError
        Listing every problem found, each naming its field (and row).
    """
    from . import geocode

    problems: list[Problem] = []
    out: dict = {}

    def problem(err: InputError):
        for p in err.problems:
            problems.append(Problem(p.message, p.fix, source=source, row=row, field=p.field))

    def add(field, message, fix):
        problems.append(Problem(message, fix, source=source, row=row, field=field))

    raw = {k: (None if _blank(v) else v) for k, v in dict(raw).items()}
    for field in TEXT_FIELDS:
        text = str(raw.get(field) or "").strip()
        if len(text) > MAX_LENGTHS[field]:
            add(field, f"The text is {len(text)} characters long; the most is {MAX_LENGTHS[field]}.",
                "Please shorten it.")
        out[field] = text
    if not out["name"]:
        add("name", "The name is empty.", "Give the asset the name people know it by.")
    keys, unknown = [], []
    for item in split_list(raw.get("categories")):
        key = resolve_category(item, categories)
        (keys if key else unknown).append(key or item)
    if unknown:
        add("categories", f"Unknown categor{'y' if len(unknown) == 1 else 'ies'}: {', '.join(unknown)}.",
            "Choose from: " + ", ".join(c.label for c in categories) + " (or ask a reviewer to add one).")
    elif not keys:
        add("categories", "No category was chosen.", "Choose at least one category.")
    out["categories"] = list(dict.fromkeys(keys))
    languages = split_list(raw.get("languages"))
    if len("; ".join(languages)) > MAX_LENGTHS["languages"]:
        add("languages", "The list of languages is too long.", "Please shorten it.")
    out["languages"] = languages
    for field in ("min_age", "max_age"):
        try:
            age = _number(raw.get(field), field, 0, 120, "Write an age in whole years, or leave it empty.")
            out[field] = None if age is None else int(age)
        except InputError as err:
            problem(err)
    if out.get("min_age") is not None and out.get("max_age") is not None and out["min_age"] > out["max_age"]:
        add("max_age", "The oldest age is below the youngest age.", "Check the two ages.")
    for field in YES_NO_FIELDS:
        try:
            out[field] = parse_yes_no(raw.get(field), field)
        except InputError as err:
            problem(err)
    out["hide_exact_location"] = bool(out.get("hide_exact_location"))
    out["contact_is_personal"] = bool(out.get("contact_is_personal"))
    for field, parse in (("opening_times", parse_opening_times), ("last_checked", parse_date),
                         ("website", clean_website)):
        try:
            out[field] = parse(raw.get(field))
        except InputError as err:
            problem(err)
    for field, pattern, fix in (("phone", _PHONE, "Use digits and spaces, e.g. 020 7946 0000."),
                                ("email", _EMAIL, "Write it like name@example.org.")):
        text = str(raw.get(field) or "").strip()
        if text and not pattern.match(text):
            add(field, f"'{text}' is not a {FIELD_LABELS[field].lower()} number." if field == "phone"
                else f"'{text}' is not an email address.", fix)
        out[field] = text or None
    location, where_problems = geocode.resolve_location(raw, area)
    for p in where_problems:
        problems.append(Problem(p.message, p.fix, source=source, row=row, field=p.field))
    out.update(location)
    if problems:
        raise InputError(problems)
    return {f: out.get(f) for f in ASSET_FIELDS}


def asset_from_record(record) -> dict:
    """A flat dict of an asset record: its fields plus ``id``, ``status``, who added it and when."""
    data = dict(record.data)
    data.update(id=record.id, status=record.status or "proposed", version=record.version,
                added_by=record.created_by, added_role=record.created_role,
                added_at=record.created_at.isoformat() if record.created_at else None,
                updated_at=record.updated_at.isoformat() if record.updated_at else None)
    return data
