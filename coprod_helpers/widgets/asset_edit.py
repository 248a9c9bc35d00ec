"""The reviewers' edit form: every editable field of an asset, filled in from it, saved as a new version."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..assets import register
from ..errors import InputError, PermissionDenied
from ..maps.assets_map import CLICK_TARGET_CLASS
from .asset_base import escape
from .asset_form import ASSET_GROUPS, AssetForm, form_values, group_boxes, named_by_label

__all__ = ["AssetEditForm", "form_values"]


class AssetEditForm(AssetForm):
    """Change a proposed or published asset (reviewers only); every save is a new version.

    Shows every box of :data:`~.asset_form.ASSET_BOXES` under the headings of
    :data:`~.asset_form.ASSET_GROUPS`. Call :meth:`load` with an asset (a dict from
    ``register.list_assets``), change the boxes, then ``submit.click()``. Only the fields
    changed are sent to :func:`~coprod_helpers.assets.register.edit_asset`, which checks the
    whole asset again with :func:`~coprod_helpers.assets.model.validate_asset`; on a problem
    the message names the box and the boxes keep what was typed. Publishes ``edited_id``
    after each save.
    """

    edited_id = traitlets.Unicode("")

    def __init__(self, **kwargs):
        self.cancel = w.Button(description="Stop editing")
        self.heading = w.HTML()
        super().__init__(**kwargs)
        # A click on the map is for adding a new place, never for moving one being edited.
        self.place.remove_class(CLICK_TARGET_CLASS)
        self.submit.description = "Save the changes"
        self.asset_id = None
        self._version = None
        self._loaded = {}

    def _layout(self) -> list:
        groups = [group_boxes(self._boxes, names, heading) for heading, names in ASSET_GROUPS]
        return [self.heading, *groups, w.HBox([self.submit, self.cancel]), self.message]

    def load(self, asset: dict) -> None:
        """Fill the boxes from ``asset`` (categories no longer in the list are left out)."""
        values = form_values(asset)
        known = {key for _label, key in self.category_picker.options}
        values["categories"] = tuple(k for k in values["categories"] if k in known)
        self.fill(values)
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
            try:
                changes = self.changes()
                if not changes:
                    raise InputError("Nothing was changed.", field="asset", fix="Change a box, or stop editing.")
                return register.edit_asset(self.store, self.asset_id, changes, by=self.person, area=self.area,
                                           reviewer=self.reviewer, expected_version=self._version,
                                           note="edited by a reviewer: " + ", ".join(sorted(changes)))
            except InputError as err:
                raise named_by_label(err) from None

        rec = self.run(work, "Saved. The earlier version is kept in the history.")
        if rec is not None:
            self._version = rec.version
            self._loaded = self.data()
            self.edited_id = ""  # so that saving the same asset twice still notifies
            self.edited_id = rec.id
        return rec
