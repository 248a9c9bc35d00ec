"""The asset register on the project store: add, review, edit, comment, undo.

Record kinds used: ``"asset"`` (one per asset), ``"asset_comment"`` (``about_id`` = the asset)
and ``"asset_categories"`` (one per project: the group's list of categories).

New assets are "proposed". Reviewers (holding the team's key, see
:meth:`~coprod_helpers.store.Store.unlock`) publish, decline with a reason, archive, edit
published assets and undo changes. Every change is a new version in the store's history.

Examples
--------
>>> from coprod_helpers.store import open_store                      # doctest: +SKIP
>>> rec = add_asset(store, pid, {"name": "Tea and Talk", "categories": "Peer support",
...                              "postcode": "E15 3LT"}, by=person, area=area)   # doctest: +SKIP
>>> publish_asset(store, rec.id, by=reviewer_person, reviewer=key)       # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError, PermissionDenied
from .model import STARTER_CATEGORIES, Category, asset_from_record, make_category_key, validate_asset

ASSET = "asset"
COMMENT = "asset_comment"
CATEGORIES = "asset_categories"
MAX_COMMENT = 1000
MAX_REASON = 500


# -- categories --------------------------------------------------------------------------
def load_categories(store, project_id: str) -> list[Category]:
    """The project's categories (the starter set until the group changes it)."""
    recs = store.records(project_id, CATEGORIES)
    if not recs:
        return list(STARTER_CATEGORIES)
    return [Category(**c) for c in recs[-1].data["categories"]]


def save_categories(store, project_id: str, categories, *, by, reviewer) -> list[Category]:
    """Replace the project's category list (reviewers only). Items are Category or labels."""
    store.require_reviewer(project_id, reviewer)
    clean: list[Category] = []
    for item in categories:
        cat = item if isinstance(item, Category) else Category(make_category_key(str(item)), str(item).strip())
        if not cat.label.strip() or len(cat.label) > 60:
            raise InputError(f"The category '{cat.label}' needs a name of 1 to 60 characters.", field="categories")
        if cat.key in {c.key for c in clean}:
            raise InputError(f"The category '{cat.label}' is in the list twice.", field="categories")
        clean.append(cat)
    data = {"categories": [c.to_dict() for c in clean]}
    recs = store.records(project_id, CATEGORIES)
    if recs:
        store.update(recs[-1].id, data, by=by, note="categories changed")
    else:
        store.add(project_id, CATEGORIES, data, by=by)
    return clean


def add_category(store, project_id: str, label: str, *, by, reviewer, colour: str = "#555555") -> Category:
    """Add one category to the project's list (reviewers only)."""
    current = load_categories(store, project_id)
    new = Category(make_category_key(label), label.strip(), colour)
    save_categories(store, project_id, [*current, new], by=by, reviewer=reviewer)
    return new


# -- assets ------------------------------------------------------------------------------
def add_asset(store, project_id: str, data: dict, *, by, area=None, categories=None, publish_with=None):
    """Check ``data`` and save it as a proposed asset (or published, given a reviewer key).

    Parameters
    ----------
    data : dict
        Asset fields (see :data:`~coprod_helpers.assets.model.ASSET_FIELDS`).
    by : Person
        Who is adding it.
    area : Area, optional
        For postcode lookup and place checks.
    categories : list of Category, optional
        Defaults to the project's list.
    publish_with : ReviewerKey, optional
        Publish straight away (reviewers only).

    Returns
    -------
    Record
    """
    categories = categories if categories is not None else load_categories(store, project_id)
    clean = validate_asset(data, categories=categories, area=area)
    status = "published" if publish_with is not None else "proposed"
    return store.add(project_id, ASSET, clean, by=by, status=status, reviewer=publish_with)


#: Another name for :func:`add_asset`: new contributions are proposals.
propose_asset = add_asset


def _asset(store, asset_id: str, include_deleted=False):
    rec = store.get(asset_id, include_deleted=include_deleted)
    if rec.kind != ASSET:
        raise InputError("That record is not an asset.", field="asset")
    return rec


def edit_asset(store, asset_id: str, changes: dict, *, by, area=None, categories=None, reviewer=None,
               expected_version: int | None = None, note: str | None = None):
    """Change some fields of an asset, keeping the earlier version.

    Proposed assets may be edited by anyone taking part; published, declined and archived
    ones only by reviewers (others can leave a comment instead).
    """
    rec = _asset(store, asset_id)
    if (rec.status or "proposed") != "proposed":
        if not store.is_reviewer(rec.project_id, reviewer):
            raise PermissionDenied("Only the team's reviewers can change an asset once it has been reviewed. "
                                   "You can leave a comment on it instead.")
    categories = categories if categories is not None else load_categories(store, rec.project_id)
    merged = {**rec.data, **changes}
    if "postcode" in changes and changes["postcode"] != rec.data.get("postcode") and not (
            "latitude" in changes and "longitude" in changes):
        merged["latitude"] = merged["longitude"] = None  # a new postcode means a new place
    clean = validate_asset(merged, categories=categories, area=area)
    return store.update(asset_id, clean, by=by, expected_version=expected_version, note=note)


def publish_asset(store, asset_id: str, *, by, reviewer, note: str | None = None):
    """Publish an asset so that it shows on shared maps and exports (reviewers only)."""
    _asset(store, asset_id)
    return store.set_status(asset_id, "published", by=by, reviewer=reviewer, note=note or "published")


def decline_asset(store, asset_id: str, reason: str, *, by, reviewer):
    """Decline a proposed asset, saying why (reviewers only). The reason is kept in the history."""
    reason = (reason or "").strip()
    if not reason:
        raise InputError("Please say why it is declined.", field="reason",
                         fix="For example 'already on the map as Stratford Library' or 'closed in 2023'.")
    if len(reason) > MAX_REASON:
        raise InputError(f"The reason is longer than {MAX_REASON} characters.", field="reason",
                         fix="Please shorten it.")
    _asset(store, asset_id)
    return store.set_status(asset_id, "declined", by=by, reviewer=reviewer, note=f"declined: {reason}")


def archive_asset(store, asset_id: str, *, by, reviewer, reason: str | None = None):
    """Take an asset off the map but keep it (for example when it has closed). Reviewers only."""
    _asset(store, asset_id)
    return store.set_status(asset_id, "archived", by=by, reviewer=reviewer,
                            note=f"archived: {reason}" if reason else "archived")


def undo_last_change(store, asset_id: str, *, by, reviewer):
    """Go back to the version before the latest change (reviewers only). The undo is itself a version."""
    history = store.history(asset_id)
    if len(history) < 2:
        raise InputError("There is no earlier version to go back to.", field="asset")
    return store.restore(asset_id, history[-2].version, by=by, reviewer=reviewer,
                         note=f"undid version {history[-1].version} ({history[-1].action})")


def decline_reason(store, asset_id: str) -> str | None:
    """The reason given when the asset was last declined, if it is declined."""
    for v in reversed(store.history(asset_id)):
        if v.status == "declined" and v.note and v.note.startswith("declined: "):
            return v.note[len("declined: "):]
    return None


@dataclass(frozen=True)
class HistoryLine:
    version: int
    action: str
    status: str | None
    when: str
    who: str
    role: str
    note: str | None


def asset_history(store, asset_id: str) -> list[HistoryLine]:
    """Every version of an asset, oldest first, in a form easy to show."""
    return [HistoryLine(v.version, v.action, v.status or "proposed", v.changed_at.isoformat(timespec="minutes"),
                        v.changed_by, v.changed_role, v.note) for v in store.history(asset_id)]


def list_assets(store, project_id: str, status=None) -> list[dict]:
    """Assets as flat dicts (fields, ``id``, ``status``, who added them and when).

    ``status`` may be one status, a list, or None for all. Assets saved without a status
    count as proposed.
    """
    wanted = None if status is None else ({status} if isinstance(status, str) else set(status))
    out = [asset_from_record(r) for r in store.records(project_id, ASSET)]
    return [a for a in out if wanted is None or a["status"] in wanted]


def published_assets(store, project_id: str) -> list[dict]:
    """The assets that may be shown on shared maps and exports."""
    return list_assets(store, project_id, "published")


def review_queue(store, project_id: str) -> list[dict]:
    """Proposed assets, oldest first, each with ``possible_duplicates`` (ids and names) for reviewers."""
    from .duplicates import find_duplicates

    everything = list_assets(store, project_id, ["proposed", "published"])
    pairs = find_duplicates(everything)
    names = {a["id"]: a["name"] for a in everything}
    queue = []
    for a in everything:
        if a["status"] != "proposed":
            continue
        others = [(p.second if p.first == a["id"] else p.first, p.score, p.distance_m) for p in pairs
                  if a["id"] in (p.first, p.second)]
        a["possible_duplicates"] = [{"id": o, "name": names[o], "score": s, "distance_m": d} for o, s, d in others]
        queue.append(a)
    return queue


# -- comments ----------------------------------------------------------------------------
def comment_on_asset(store, project_id: str, asset_id: str, text: str, *, by):
    """Leave a comment on an asset (for example "this has closed"). Anyone taking part may."""
    text = (text or "").strip()
    if not text:
        raise InputError("The comment is empty.", field="comment", fix="Type what you would like the team to know.")
    if len(text) > MAX_COMMENT:
        raise InputError(f"The comment is longer than {MAX_COMMENT} characters.", field="comment",
                         fix="Please shorten it.")
    asset = _asset(store, asset_id)
    if asset.project_id != project_id:
        raise InputError("That asset belongs to another project.", field="asset")
    return store.add(project_id, COMMENT, {"text": text}, by=by, about_id=asset_id)


def asset_comments(store, project_id: str, asset_id: str) -> list[dict]:
    """Comments on an asset, oldest first: ``text, by, role, when``."""
    return [{"id": r.id, "text": r.data["text"], "by": r.created_by, "role": r.created_role,
             "when": r.created_at.isoformat(timespec="minutes")}
            for r in store.records(project_id, COMMENT, about_id=asset_id)]
