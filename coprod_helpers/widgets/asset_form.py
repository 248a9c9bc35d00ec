"""The form a participant uses to add a place to the asset map (by postcode or a map click)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..assets import register
from ..assets.duplicates import duplicates_of
from ..errors import InputError
from ..maps.assets_map import CLICK_TARGET_CLASS
from .asset_base import STYLE, WIDE, AssetPanelBase
from .common import check_box

YES_NO = [("Not known", None), ("Yes", True), ("No", False)]


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


class AssetForm(AssetPanelBase):
    """Add an asset: plain words, postcode or a click on the map; saved as proposed.

    Publishes ``added_id`` (the new record's id) after each successful save.

    Examples
    --------
    >>> form = AssetForm(store=store, project_id=pid, person=person, area=area)   # doctest: +SKIP
    >>> form.name.value, form.postcode.value = "Tea and Talk", "E15 3LT"          # doctest: +SKIP
    >>> form.category_picker.value = ("peer_support",); form.submit.click()       # doctest: +SKIP
    """

    added_id = traitlets.Unicode("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        cats = register.load_categories(self.store, self.project_id)
        text = lambda label, **kw: w.Text(description=label, style=STYLE, layout=WIDE, **kw)  # noqa: E731
        area = lambda label, **kw: w.Textarea(description=label, style=STYLE, layout=WIDE, rows=3, **kw)  # noqa: E731
        self.name = text("Name of the place or group")
        self.category_picker = w.SelectMultiple(options=[(c.label, c.key) for c in cats], rows=min(len(cats), 8),
                                                description="Categories (choose one or more)", style=STYLE)
        self.description = area("What it is")
        self.own_words = area("In our own words: why it matters")
        self.for_whom = text("Who it is for", placeholder="e.g. women, young people, Somali speakers")
        self.languages = text("Languages spoken", placeholder="e.g. English; Bengali")
        self.cost = text("Cost", placeholder="e.g. free, or £2 a session")
        self.referral = w.Dropdown(options=YES_NO, description="Referral needed?", style=STYLE)
        self.step_free = check_box(description="Step-free access")
        self.hearing_loop = check_box(description="Hearing loop")
        self.quiet_space = check_box(description="Quiet space")
        self.interpreters = check_box(description="Interpreters")
        self.opening_times = text("Opening times", placeholder="e.g. Mon-Fri 09:00-17:00; Sat 10:00-12:00")
        self.organisation = text("Run by (organisation)")
        self.website = text("Website")
        self.phone = text("Phone (organisation's, not a person's)")
        self.postcode = text("Postcode", placeholder="e.g. E15 3LT")
        self.place = text("Or the place clicked on the map (latitude, longitude)")
        self.place.add_class(CLICK_TARGET_CLASS)
        self.hide_exact = check_box(description="Hide the exact place when the map is shared (for sensitive places)", layout=WIDE)
        self.submit = w.Button(description="Add this place", button_style="primary")
        self.submit.on_click(lambda _: self.save())
        access = w.VBox([w.HTML("<strong>Access</strong>"),
                         w.HBox([self.step_free, self.hearing_loop, self.quiet_space, self.interpreters])])
        where = w.VBox([w.HTML("<strong>Where is it?</strong> Type the postcode, or click the place on the map."),
                        self.postcode, self.place, self.hide_exact])
        self.children = [self.name, self.category_picker, self.description, self.own_words, where, self.for_whom,
                         self.languages, self.cost, self.referral, access, self.opening_times, self.organisation,
                         self.website, self.phone, self.submit, self.message]

    def data(self) -> dict:
        """What has been typed, as asset fields."""
        lat, lon = parse_place(self.place.value)
        return {"name": self.name.value, "categories": list(self.category_picker.value),
                "description": self.description.value, "own_words": self.own_words.value,
                "for_whom": self.for_whom.value, "languages": self.languages.value, "cost": self.cost.value,
                "referral_needed": self.referral.value, "step_free": self.step_free.value or None,
                "hearing_loop": self.hearing_loop.value or None, "quiet_space": self.quiet_space.value or None,
                "interpreters": self.interpreters.value or None, "opening_times": self.opening_times.value,
                "organisation": self.organisation.value, "website": self.website.value, "phone": self.phone.value,
                "postcode": self.postcode.value, "latitude": lat, "longitude": lon,
                "location_source": "map" if lat is not None else None,
                "hide_exact_location": self.hide_exact.value}

    def save(self):
        """Check and save; on success clear the form and say it awaits review."""
        def work():
            existing = register.list_assets(self.store, self.project_id, ["proposed", "published"])
            rec = register.add_asset(self.store, self.project_id, self.data(), by=self.person, area=self.area)
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
        for box in (self.name, self.description, self.own_words, self.for_whom, self.languages, self.cost,
                    self.opening_times, self.organisation, self.website, self.phone, self.postcode, self.place):
            box.value = ""
        self.category_picker.value = ()
        self.added_id = rec.id
        return rec
