"""Saving planning items to the project store and reading them back.

Every planning model is a dataclass with ``from_form(form)`` (checks and raises
InputError), ``to_data()`` (JSON for the store) and ``record_id``/``version`` filled in
when it came from the store. These two helpers are the only place planning code writes.
"""
from __future__ import annotations

from dataclasses import replace


def save_item(store, project_id: str, kind: str, item, *, by, expected_version: int | None = None):
    """Add ``item`` as a new record, or update its record when it has a ``record_id``.

    The update checks that nobody saved in between (``expected_version`` defaults to the
    version the item was read at), so one person never silently overwrites another.
    """
    data = item.to_data()
    if getattr(item, "record_id", None):
        version = item.version if expected_version is None else expected_version
        return store.update(item.record_id, data, by=by, expected_version=version)
    return store.add(project_id, kind, data, by=by)


def load_items(store, project_id: str, kind: str, model) -> list:
    """Every saved item of ``kind`` as ``model`` objects, oldest first."""
    items = []
    for rec in store.records(project_id, kind):
        item = model.from_form(rec.data)
        items.append(replace(item, record_id=rec.id, version=rec.version))
    return items
