"""The form a participant uses to add a place to the asset map (by postcode or a map click).

It also holds the one builder of the asset boxes (:func:`make_asset_boxes`, from
:data:`ASSET_BOXES`) and the two conversions between boxes and asset fields
(:func:`form_values`, :func:`asset_data`), which the reviewers' edit form reuses.
"""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..assets import register
from ..assets.duplicates import duplicates_of
from ..assets.model import DAY_LABELS, DAYS, format_opening_times, parse_opening_times
from ..errors import InputError, Problem
from ..maps.assets_map import CLICK_TARGET_CLASS
from .asset_base import STYLE, WIDE, AssetPanelBase
from .common import check_box

YES_NO = [("Not known", None), ("Yes", True), ("No", False)]
DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
             "sat": "Saturday", "sun": "Sunday"}

#: Every box of the asset forms: name -> (label, kind, placeholder). Both forms are built from this.
#: Kinds: text, area (several lines), yes_no (not known / yes / no), tick, categories, days.
#: No label may contain another's words that the browser tests look for (e.g. "Postcode").
ASSET_BOXES = {
    "name": ("Name of the place or group", "text", ""),
    "categories": ("Categories (choose one or more)", "categories", ""),
    "description": ("What it is", "area", ""),
    "own_words": ("In our own words: why it matters", "area", ""),
    "organisation": ("Run by (organisation)", "text", ""),
    "for_whom": ("Who it is for", "text", "e.g. women, young people, Somali speakers"),
    "min_age": ("Youngest age (years)", "text", "e.g. 16, or leave empty"),
    "max_age": ("Oldest age (years)", "text", "e.g. 25, or leave empty"),
    "languages": ("Languages spoken", "text", "e.g. English; Bengali"),
    "cost": ("Cost", "text", "e.g. free, or £2 a session"),
    "referral": ("Referral needed?", "yes_no", ""),
    "postcode": ("Postcode", "text", "e.g. E15 3LT"),
    "place": ("Or the place clicked on the map (latitude, longitude)", "text", ""),
    "address": ("Street address", "text", "e.g. 12 High Street, Stratford"),
    "hide_exact": ("Hide the exact place when the map is shared (for sensitive places)", "tick", ""),
    "step_free": ("Step-free access", "yes_no", ""),
    "hearing_loop": ("Hearing loop", "yes_no", ""),
    "quiet_space": ("Quiet space", "yes_no", ""),
    "interpreters": ("Interpreters", "yes_no", ""),
    "opening_times": ("Opening times", "days", ""),
    "opening_notes": ("About opening times", "text", "e.g. closed on bank holidays"),
    "website": ("Website", "text", "e.g. https://www.example.org"),
    "phone": ("Phone (organisation's, not a person's)", "text", ""),
    "email": ("Email (organisation's, not a person's)", "text", "e.g. hello@example.org"),
    "contact_is_personal": ("The phone or email is a private person's (never shared)", "tick", ""),
    "last_checked": ("Last checked (date)", "text", "e.g. 2024-05-31"),
    "source": ("Where the details came from", "text", ""),
    "licence": ("Licence of those details", "text", ""),
    "external_id": ("Id in that source", "text", ""),
}

#: The boxes of an asset in groups under plain headings (the edit form shows them all).
ASSET_GROUPS = (
    ("About the place", ("name", "categories", "description", "own_words", "organisation")),
    ("Who it is for", ("for_whom", "min_age", "max_age", "languages", "cost", "referral")),
    ("Getting there and access", ("postcode", "place", "address", "hide_exact", "step_free", "hearing_loop",
                                  "quiet_space", "interpreters")),
    ("Opening times", ("opening_times", "opening_notes")),
    ("Contact (organisations only)", ("website", "phone", "email", "contact_is_personal")),
    ("Checked", ("last_checked", "source", "licence", "external_id")),
)

#: Boxes whose asset field has another name (the rest are named as the field).
_FIELD_OF_BOX = {"referral": "referral_needed", "hide_exact": "hide_exact_location"}
_PLACED_BY_POINT = ("map", "coordinates")  # location sources shown in the "place" box
_TICKS_IN_A_ROW = ("step_free", "hearing_loop", "quiet_space", "interpreters")


def parse_place(text: str) -> tuple[str | None, str | None]:
    """``"51.53, 0.01"`` -> ``("51.53", "0.01")``; empty -> ``(None, None)``."""
    text = (text or "").strip()
    if not text:
        return None, None
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    if len(parts) != 2:
        raise InputError("The place should be two numbers: latitude, longitude.", field="place",
                         fix="Click on the map, or type it like 51.5381, 0.0112.")
    return parts[0], parts[1]


class OpeningTimesBox(w.VBox):
    """Opening times day by day; ``value`` holds them as text, e.g. ``"Mon 09:00-17:00; Sat closed"``.

    A day left empty is not known. Setting ``value`` fills the days when it can be read;
    text that cannot be read is kept as it is, for the check on saving to name the problem.
    """

    value = traitlets.Unicode("")

    def __init__(self, **kwargs):
        self.days = {d: w.Text(description=DAY_NAMES[d], placeholder="e.g. 09:00-17:00, or closed", style=STYLE,
                               layout=w.Layout(width="100%", max_width="28em")) for d in DAYS}
        super().__init__(children=list(self.days.values()), **kwargs)
        self._busy = False
        for box in self.days.values():
            box.observe(lambda _: self._from_days(), "value")
        self.observe(lambda change: self._to_days(change["new"]), "value")

    def _from_days(self) -> None:
        if not self._busy:
            self._busy = True
            try:
                self.value = "; ".join(f"{DAY_LABELS[d]} {box.value.strip()}" for d, box in self.days.items()
                                       if box.value.strip())
            finally:
                self._busy = False

    def _to_days(self, text: str) -> None:
        if self._busy:
            return
        try:
            times = parse_opening_times(text)
        except InputError:
            return
        self._busy = True
        try:
            for d, box in self.days.items():
                spans = times.get(d)
                box.value = "" if spans is None else (", ".join(f"{o}-{c}" for o, c in spans) or "closed")
        finally:
            self._busy = False


def make_asset_boxes(categories) -> dict:
    """One widget per entry of :data:`ASSET_BOXES`, empty; ``categories`` are the project's."""
    boxes = {}
    for name, (label, kind, placeholder) in ASSET_BOXES.items():
        if kind in ("text", "area"):
            cls, extra = (w.Textarea, {"rows": 3}) if kind == "area" else (w.Text, {})
            # A Layout of its own for each box: hiding one must not hide the others.
            box = cls(description=label, placeholder=placeholder, style=STYLE,
                      layout=w.Layout(width=WIDE.width, max_width=WIDE.max_width), **extra)
        elif kind == "yes_no":
            box = w.Dropdown(options=YES_NO, description=label, style=STYLE)
        elif kind == "tick":
            box = check_box(description=label)
        elif kind == "categories":
            box = w.SelectMultiple(options=[(c.label, c.key) for c in categories], rows=min(len(categories), 8),
                                   description=label, style=STYLE)
        else:
            box = OpeningTimesBox()
        boxes[name] = box
    return boxes


def group_boxes(boxes: dict, names, heading: str | None = None) -> w.VBox:
    """``boxes[names]`` under a plain heading; the access yes/no boxes side by side."""
    items = [w.HTML(f"<h5 style='margin:.6em 0 .2em'>{heading}</h5>")] if heading else []
    row = [boxes[n] for n in names if n in _TICKS_IN_A_ROW]
    for n in names:
        if n in _TICKS_IN_A_ROW:
            if boxes[n] is row[0]:
                items.append(w.HBox(row, layout=w.Layout(flex_flow="row wrap")))
        else:
            if n == "opening_times":
                items.append(w.HTML("Write each day like 09:00-17:00 (or 09:00-12:00, 13:00-17:00), "
                                    "or closed; leave a day empty if it is not known."))
            items.append(boxes[n])
    return w.VBox(items)


def form_values(asset: dict) -> dict:
    """An asset's fields as the boxes show them, by box name (the inverse of :func:`asset_data`)."""
    values = {}
    for name, (_label, kind, _p) in ASSET_BOXES.items():
        value = asset.get(_FIELD_OF_BOX.get(name, name))
        if kind == "tick":
            values[name] = bool(value)
        elif kind == "yes_no":
            values[name] = value if value in (True, False) else None
        else:
            values[name] = "" if value is None else str(value)
    placed = asset.get("location_source") in _PLACED_BY_POINT and asset.get("latitude") is not None
    values.update(categories=tuple(asset.get("categories") or ()),
                  languages="; ".join(asset.get("languages") or []),
                  opening_times=format_opening_times(asset.get("opening_times") or {}),
                  place=f"{asset['latitude']}, {asset['longitude']}" if placed else "")
    return values


def asset_data(values: dict) -> dict:
    """Box values (by box name) as asset fields, ready for :func:`~coprod_helpers.assets.model.validate_asset`."""
    lat, lon = parse_place(values["place"])
    data = {_FIELD_OF_BOX.get(n, n): v for n, v in values.items() if n != "place"}
    data.update(categories=list(values["categories"]), latitude=lat, longitude=lon,
                location_source="map" if lat is not None else None)
    return data


def label_of(field: str | None) -> str | None:
    """The words on the box where an asset ``field`` is typed (or the field itself)."""
    box = {"latitude": "place", "longitude": "place", "location_source": "place"}.get(field, field)
    box = {f: b for b, f in _FIELD_OF_BOX.items()}.get(box, box)
    return ASSET_BOXES[box][0] if box in ASSET_BOXES else field


def named_by_label(err: InputError) -> InputError:
    """``err`` with each problem's field given as the words on its box."""
    return InputError([Problem(p.message, p.fix, source=p.source, row=p.row, field=label_of(p.field))
                       for p in err.problems])


class AssetForm(AssetPanelBase):
    """Add an asset: plain words, postcode or a click on the map; saved as proposed.

    The boxes are attributes named as in :data:`ASSET_BOXES` (the categories box is
    ``category_picker``); the less used ones are under "More details (optional)".
    Publishes ``added_id`` (the new record's id) after each successful save.

    Examples
    --------
    >>> form = AssetForm(store=store, project_id=pid, person=person, area=area)   # doctest: +SKIP
    >>> form.name.value, form.postcode.value = "Tea and Talk", "E15 3LT"          # doctest: +SKIP
    >>> form.category_picker.value = ("peer_support",); form.submit.click()       # doctest: +SKIP
    """

    added_id = traitlets.Unicode("")

    #: The boxes shown at once, and those under "More details (optional)".
    MAIN = ("name", "categories", "description", "own_words")
    WHERE = ("postcode", "place", "hide_exact")
    AFTER = ("for_whom", "languages", "cost", "referral", "step_free", "hearing_loop", "quiet_space",
             "interpreters", "organisation", "website", "phone")
    MORE = ("min_age", "max_age", "address", "opening_times", "opening_notes", "email")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._boxes = make_asset_boxes(register.load_categories(self.store, self.project_id))
        for name, box in self._boxes.items():
            setattr(self, "category_picker" if name == "categories" else name, box)
        self.place.add_class(CLICK_TARGET_CLASS)
        self.submit = w.Button(description="Add this place", button_style="primary")
        self.submit.on_click(lambda _: self.save())
        self.children = self._layout()

    def _layout(self) -> list:
        where = w.VBox([w.HTML("<strong>Where is it?</strong> Type the postcode, or click the place on the map."),
                        *(self._boxes[n] for n in self.WHERE)])
        more = w.Accordion(children=[group_boxes(self._boxes, self.MORE)], titles=("More details (optional)",),
                           selected_index=None)
        return [group_boxes(self._boxes, self.MAIN), where, group_boxes(self._boxes, self.AFTER), more,
                self.submit, self.message]

    def boxes(self) -> dict:
        """The form's boxes by the names :func:`form_values` uses."""
        return dict(self._boxes)

    def fill(self, values: dict) -> None:
        """Set the boxes from ``values`` (by box name, as :func:`form_values` gives them)."""
        for name, box in self._boxes.items():
            box.value = values[name]

    def data(self) -> dict:
        """What has been typed, as asset fields."""
        return asset_data({name: box.value for name, box in self._boxes.items()})

    def save(self):
        """Check and save; on success clear the form and say it awaits review."""
        def work():
            existing = register.list_assets(self.store, self.project_id, ["proposed", "published"])
            try:
                rec = register.add_asset(self.store, self.project_id, self.data(), by=self.person, area=self.area)
            except InputError as err:
                raise named_by_label(err) from None
            return rec, duplicates_of({**rec.data, "id": rec.id}, existing)

        result = self.run(work)
        if result is None:
            return None
        rec, twins = result
        names = {a["id"]: a["name"] for a in register.list_assets(self.store, self.project_id)}
        text = f"Thank you. '{rec.data['name']}' is on the map as proposed; the team will check it."
        if twins:
            other = twins[0].second if twins[0].first == rec.id else twins[0].first
            text += f"\nIt may already be there as '{names.get(other, 'another place')}': the team will look."
        self.message.show(text, "ok")
        self.fill(form_values({}))
        self.added_id = rec.id
        return rec
