"""Reviewing the asset register: publish, edit, decline with a reason, archive, undo; and comments."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..assets import register
from ..assets.model import format_opening_times
from ..errors import InputError
from .asset_base import STYLE, WIDE, AssetPanelBase, escape
from .asset_edit import AssetEditForm
from .common import check_box


def _ages(asset: dict) -> str | None:
    low, high = asset.get("min_age"), asset.get("max_age")
    if low is None and high is None:
        return None
    return f"{low} to {high}" if low is not None and high is not None else (
        f"{low} and over" if low is not None else f"up to {high}")


def asset_details_html(store, project_id: str, asset: dict, categories) -> str:
    """An escaped summary of one asset with its possible duplicates, comments and history."""
    labels = {c.key: c.label for c in categories}
    rows = [("Categories", ", ".join(labels.get(k, k) for k in asset.get("categories") or [])),
            ("Status", asset.get("status")), ("What it is", asset.get("description")),
            ("In our own words", asset.get("own_words")), ("Postcode", asset.get("postcode")),
            ("Place", f"{asset.get('latitude')}, {asset.get('longitude')}"),
            ("Hide exact place", "yes" if asset.get("hide_exact_location") else "no"),
            ("Who it is for", asset.get("for_whom")), ("Ages", _ages(asset)),
            ("Opening times", format_opening_times(asset.get("opening_times") or {})),
            ("Last checked", asset.get("last_checked")),
            ("Added by", f"{asset.get('added_by')} ({asset.get('added_role')}) on {str(asset.get('added_at'))[:16]}")]
    body = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows if v not in (None, ""))
    parts = [f"<h4>{escape(asset.get('name'))}</h4><dl>{body}</dl>"]
    twins = asset.get("possible_duplicates") or []
    if twins:
        parts.append("<p><strong>Maybe the same as:</strong> " + "; ".join(
            f"{escape(t['name'])} ({t['distance_m']:.0f} m away)" for t in twins) + "</p>")
    comments = register.asset_comments(store, project_id, asset["id"])
    if comments:
        parts.append("<p><strong>Comments</strong></p><ul>" + "".join(
            f"<li>{escape(c['text'])} <em>({escape(c['by'])}, {escape(c['when'])})</em></li>" for c in comments)
            + "</ul>")
    history = register.asset_history(store, asset["id"])
    parts.append("<details><summary>History</summary><ol>" + "".join(
        f"<li>{escape(h.when)}: {escape(h.action)} by {escape(h.who)}, now {escape(h.status)}"
        + (f" ({escape(h.note)})" if h.note else "") + "</li>" for h in history) + "</ol></details>")
    return "".join(parts)


class AssetReviewPanel(AssetPanelBase):
    """For reviewers: the queue of proposed assets, and publish / edit / decline / archive / undo.

    Needs the team's reviewer key (from the session's reviewer unlock, or ``reviewer=``);
    without it a passphrase box is shown, and no edit button. "Edit this place" opens
    :attr:`edit_form` (an :class:`~.asset_edit.AssetEditForm`) filled in from the chosen
    asset. Publishes ``changes`` (a counter) after each change, edits included.
    """

    changes = traitlets.Int(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.passphrase = w.Password(description="Reviewer passphrase", style=STYLE)
        self.unlock_button = w.Button(description="Unlock reviewing")
        self.unlock_button.on_click(lambda _: self.unlock())
        self.show_all = check_box(description="Show every asset, not only those waiting")
        self.picker = w.Dropdown(description="Asset", style=STYLE, layout=WIDE)
        self.details = w.HTML()
        self.reason = w.Text(description="Reason (needed to decline or archive)", style=STYLE, layout=WIDE)
        self.publish_button = w.Button(description="Publish", button_style="primary")
        self.decline_button = w.Button(description="Decline")
        self.archive_button = w.Button(description="Archive")
        self.undo_button = w.Button(description="Undo last change")
        self.publish_button.on_click(lambda _: self.act("publish"))
        self.decline_button.on_click(lambda _: self.act("decline"))
        self.archive_button.on_click(lambda _: self.act("archive"))
        self.undo_button.on_click(lambda _: self.act("undo"))
        self.edit_button = w.Button(description="Edit this place")
        self.edit_button.on_click(lambda _: self.start_editing())
        self.edit_form = AssetEditForm(store=self._store, project_id=self._project_id, person=self._person,
                                       session=self._session, area=self._area)
        self.edit_form.cancel.on_click(lambda _: self.stop_editing())
        self.edit_form.observe(lambda _: self._edited(), "edited_id")
        self.edit_form.layout.border = "1px solid #999"
        self.edit_form.layout.padding = "4px 8px"
        self.picker.observe(lambda _: self._picked(), "value")
        self.show_all.observe(lambda _: self.refresh(), "value")
        self.unlock_box = w.HBox([self.passphrase, self.unlock_button])
        self.children = [self.unlock_box, self.show_all, self.picker, self.details, self.reason,
                         w.HBox([self.publish_button, self.edit_button, self.decline_button, self.archive_button,
                                 self.undo_button], layout=w.Layout(flex_flow="row wrap")),
                         self.message]
        self.refresh()

    def unlock(self):
        key = self.run(lambda: self.store.unlock(self.project_id, self.passphrase.value), "Reviewing is unlocked.")
        self.passphrase.value = ""
        if key is not None:
            self.reviewer = key
            self.edit_form.reviewer = key
            self.refresh()
        return key

    def items(self) -> list[dict]:
        if self.show_all.value:
            return register.list_assets(self.store, self.project_id)
        return register.review_queue(self.store, self.project_id)

    def refresh(self) -> None:
        unlocked = self.store.is_reviewer(self.project_id, self.reviewer)
        self.unlock_box.layout.display = "none" if unlocked else None
        self.edit_button.layout.display = None if unlocked else "none"
        if not unlocked:
            self.stop_editing()
        current = self.picker.value
        self._items = {a["id"]: a for a in self.items()}
        options = [(f"{a['name']} ({a['status']})", a["id"]) for a in self._items.values()]
        self.picker.options = options or [("Nothing is waiting for review", None)]
        self.picker.value = current if current in self._items else options[0][1] if options else None
        self.show_details()

    def show_details(self) -> None:
        asset = self._items.get(self.picker.value) if hasattr(self, "_items") else None
        cats = register.load_categories(self.store, self.project_id)
        self.details.value = asset_details_html(self.store, self.project_id, asset, cats) if asset else ""

    def _picked(self) -> None:
        self.show_details()
        if self.editing and self.picker.value != self.edit_form.asset_id:
            self.stop_editing()  # the form belongs to the asset that was chosen before

    def start_editing(self):
        """Open the edit form filled in from the chosen asset (reviewers only). Returns the form or None."""
        asset = self._items.get(self.picker.value)
        if asset is None:
            self.message.show("Choose an asset first.", "problem")
            return None
        if not self.store.is_reviewer(self.project_id, self.reviewer):
            self.message.show("Only the team's reviewers can edit places here. Unlock reviewing first.", "problem")
            return None
        self.edit_form.reviewer = self.reviewer
        self.edit_form.area = self.area
        self.edit_form.load(asset)
        if not self.editing:
            self.children = [*self.children, self.edit_form]
        self.message.clear()
        return self.edit_form

    @property
    def editing(self) -> bool:
        """Whether the edit form is open (it is only on the page while it is: its boxes share the add form's labels)."""
        return self.edit_form in self.children

    def stop_editing(self) -> None:
        if self.editing:
            self.children = [c for c in self.children if c is not self.edit_form]
        self.edit_form.asset_id = None

    def _edited(self) -> None:
        if not self.edit_form.edited_id:
            return
        name = self.edit_form.name.value
        self.stop_editing()
        self.changes += 1
        self.refresh()
        self.message.show(f"Saved the changes to '{name}'. The earlier version is kept in its history.", "ok")

    def act(self, what: str):
        asset_id = self.picker.value
        if asset_id is None:
            self.message.show("Choose an asset first.", "problem")
            return None
        key, by, reason = self.reviewer, self.person, self.reason.value
        actions = {
            "publish": (lambda: register.publish_asset(self.store, asset_id, by=by, reviewer=key), "Published."),
            "decline": (lambda: register.decline_asset(self.store, asset_id, reason, by=by, reviewer=key),
                        "Declined; the reason is kept in its history."),
            "archive": (lambda: self._archive(asset_id, reason), "Archived: it is off the map but kept."),
            "undo": (lambda: register.undo_last_change(self.store, asset_id, by=by, reviewer=key),
                     "The last change was undone."),
        }
        action, words = actions[what]
        result = self.run(action, words)
        if result is not None:
            self.reason.value = ""
            self.changes += 1
            self.refresh()
        return result

    def _archive(self, asset_id, reason):
        if not reason.strip():
            raise InputError("Please say why it is archived.", field="reason", fix="For example 'closed in 2024'.")
        return register.archive_asset(self.store, asset_id, by=self.person, reviewer=self.reviewer, reason=reason)


class AssetCommentForm(AssetPanelBase):
    """Anyone taking part can comment on an asset ("this has closed", "times changed").

    Publishes ``comment_id`` after each comment saved.
    """

    comment_id = traitlets.Unicode("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.picker = w.Dropdown(description="Which place?", style=STYLE, layout=WIDE)
        self.text = w.Textarea(description="Your comment", style=STYLE, layout=WIDE, rows=3,
                               placeholder="e.g. This has closed / the opening times changed")
        self.comments = w.HTML()
        self.submit = w.Button(description="Add comment", button_style="primary")
        self.submit.on_click(lambda _: self.save())
        self.picker.observe(lambda _: self.show_comments(), "value")
        self.children = [self.picker, self.comments, self.text, self.submit, self.message]
        self.refresh()

    def refresh(self) -> None:
        current = self.picker.value
        assets = register.list_assets(self.store, self.project_id, ["proposed", "published"])
        options = [(f"{a['name']} ({a['status']})", a["id"]) for a in sorted(assets, key=lambda a: a["name"].lower())]
        self.picker.options = options or [("No places yet", None)]
        ids = [o[1] for o in options]
        self.picker.value = current if current in ids else (ids[0] if ids else None)
        self.show_comments()

    def show_comments(self) -> None:
        if self.picker.value is None:
            self.comments.value = ""
            return
        found = register.asset_comments(self.store, self.project_id, self.picker.value)
        self.comments.value = ("<ul>" + "".join(f"<li>{escape(c['text'])} <em>({escape(c['by'])})</em></li>"
                                                for c in found) + "</ul>") if found else "<p>No comments yet.</p>"

    def save(self):
        if self.picker.value is None:
            self.message.show("There is no place to comment on yet.", "problem")
            return None
        rec = self.run(lambda: register.comment_on_asset(self.store, self.project_id, self.picker.value,
                                                         self.text.value, by=self.person),
                       "Thank you: your comment is saved for the team.")
        if rec is not None:
            self.text.value = ""
            self.comment_id = rec.id
            self.show_comments()
        return rec
