"""The reviewers' edit form: the add form's fields, filled in from an asset, saved as a new version."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..assets import register
from ..assets.model import format_opening_times
from ..errors import InputError, PermissionDenied
from ..maps.assets_map import CLICK_TARGET_CLASS
from .asset_base import escape
from .asset_form import AssetForm

#: Where the place came from when the asset was placed by coordinates (shown in the "place" box).
_PLACED_BY_POINT = ("map", "coordinates")


def form_values(asset: dict) -> dict:
    """An asset's fields as the form's boxes show them (the inverse of :meth:`AssetForm.data`)."""
    def text(key):
        value = asset.get(key)
        return "" if value is None else str(value)

    placed = asset.get("location_source") in _PLACED_BY_POINT and asset.get("latitude") is not None
    return {"name": text("name"), "categories": tuple(asset.get("categories") or ()),
            "description": text("description"), "own_words": text("own_words"), "for_whom": text("for_whom"),
            "languages": "; ".join(asset.get("languages") or []), "cost": text("cost"),
            "referral": asset.get("referral_needed"), "step_free": bool(asset.get("step_free")),
            "hearing_loop": bool(asset.get("hearing_loop")), "quiet_space": bool(asset.get("quiet_space")),
            "interpreters": bool(asset.get("interpreters")),
            "opening_times": format_opening_times(asset.get("opening_times") or {}),
            "organisation": text("organisation"), "website": text("website"), "phone": text("phone"),
            "postcode": text("postcode"),
            "place": f"{asset['latitude']}, {asset['longitude']}" if placed else "",
            "hide_exact": bool(asset.get("hide_exact_location"))}


class AssetEditForm(AssetForm):
    """Change a proposed or published asset (reviewers only); every save is a new version.

    Call :meth:`load` with an asset (a dict from ``register.list_assets``), change the boxes,
    then ``submit.click()``. Only the fields changed are sent to
    :func:`~coprod_helpers.assets.register.edit_asset`, which checks the whole asset again
    with :func:`~coprod_helpers.assets.model.validate_asset`; on a problem the message names
    the field and the boxes keep what was typed. Publishes ``edited_id`` after each save.
    """

    edited_id = traitlets.Unicode("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # A click on the map is for adding a new place, never for moving one being edited.
        self.place.remove_class(CLICK_TARGET_CLASS)
        self.submit.description = "Save the changes"
        self.cancel = w.Button(description="Stop editing")
        self.heading = w.HTML()
        self.asset_id = None
        self._version = None
        self._loaded = {}
        children = list(self.children)
        children[children.index(self.submit)] = w.HBox([self.submit, self.cancel])
        self.children = [self.heading, *children]

    def boxes(self) -> dict:
        """The form's boxes by the names :func:`form_values` uses."""
        return {"name": self.name, "categories": self.category_picker, "description": self.description,
                "own_words": self.own_words, "for_whom": self.for_whom, "languages": self.languages,
                "cost": self.cost, "referral": self.referral, "step_free": self.step_free,
                "hearing_loop": self.hearing_loop, "quiet_space": self.quiet_space,
                "interpreters": self.interpreters, "opening_times": self.opening_times,
                "organisation": self.organisation, "website": self.website, "phone": self.phone,
                "postcode": self.postcode, "place": self.place, "hide_exact": self.hide_exact}

    def load(self, asset: dict) -> None:
        """Fill the boxes from ``asset`` (categories no longer in the list are left out)."""
        values = form_values(asset)
        known = {key for _label, key in self.category_picker.options}
        values["categories"] = tuple(k for k in values["categories"] if k in known)
        for key, box in self.boxes().items():
            box.value = values[key]
        self.asset_id, self._version = asset["id"], asset.get("version")
        self.heading.value = (f"<h4>Editing: {escape(asset.get('name'))} ({escape(asset.get('status'))})</h4>"
                              "<p>Change what needs changing, then save. The earlier version is kept.</p>")
        self.message.clear()
        self._loaded = self.data()

    def changes(self) -> dict:
        """The fields whose boxes differ from what was loaded."""
        now = self.data()
        return {k: v for k, v in now.items() if v != self._loaded.get(k)}

    def save(self):
        """Check and save the changes as a new version (reviewers only). Returns the record or None."""
        def work():
            if self.asset_id is None:
                raise InputError("Choose a place to edit first.", field="asset")
            if not self.store.is_reviewer(self.project_id, self.reviewer):
                raise PermissionDenied("Only the team's reviewers can edit places here. Unlock reviewing first, "
                                       "or leave a comment on the place.")
            changes = self.changes()
            if not changes:
                raise InputError("Nothing was changed.", field="asset", fix="Change a box, or stop editing.")
            return register.edit_asset(self.store, self.asset_id, changes, by=self.person, area=self.area,
                                       reviewer=self.reviewer, expected_version=self._version,
                                       note="edited by a reviewer: " + ", ".join(sorted(changes)))

        rec = self.run(work, "Saved. The earlier version is kept in the history.")
        if rec is not None:
            self._version = rec.version
            self._loaded = self.data()
            self.edited_id = ""  # so that saving the same asset twice still notifies
            self.edited_id = rec.id
        return rec

