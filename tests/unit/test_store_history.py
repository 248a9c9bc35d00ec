"""History: nothing typed in a workshop is ever lost (on SQLite and on PostgreSQL)."""
from __future__ import annotations

import math
from datetime import timezone

import pytest

from coprod_helpers.errors import ConflictError, InputError
from coprod_helpers.people import Person

ADE = Person("Ade", "lived_experience")
SAM = Person("Sam", "staff")
KEMI = Person("Kemi", "vcse")
PASSPHRASE = "team passphrase 1"


@pytest.fixture
def team(backend_store):
    """(store, project, reviewer key) on each backend."""
    project = backend_store.create_project("Access for young men", by=SAM, reviewer_passphrase=PASSPHRASE)
    return backend_store, project, backend_store.unlock(project.id, PASSPHRASE)


def test_every_change_keeps_a_version_with_who_and_when(team):
    store, project, key = team
    rec = store.add(project.id, "asset", {"name": "Drop-in"}, by=ADE, status="submitted")
    assert (rec.version, rec.created_by, rec.created_role) == (1, "Ade", "lived_experience")
    store.update(rec.id, {"name": "Youth drop-in"}, by=KEMI, expected_version=1, note="clearer name")
    store.set_status(rec.id, "published", by=SAM, reviewer=key)
    store.delete(rec.id, by=SAM, reviewer=key, note="duplicate")
    store.restore(rec.id, 2, by=SAM, reviewer=key)

    history = store.history(rec.id)
    assert [(v.version, v.action, v.changed_by, v.changed_role) for v in history] == [
        (1, "add", "Ade", "lived_experience"), (2, "edit", "Kemi", "vcse"), (3, "status", "Sam", "staff"),
        (4, "delete", "Sam", "staff"), (5, "restore", "Sam", "staff")]
    assert [v.data["name"] for v in history] == ["Drop-in", "Youth drop-in", "Youth drop-in", "Youth drop-in",
                                                "Youth drop-in"]
    assert [v.status for v in history] == ["submitted", "submitted", "published", "published", "submitted"]
    assert [v.deleted for v in history] == [False, False, False, True, False]
    assert history[1].note == "clearer name" and history[3].note == "duplicate"
    assert "restored version 2" in history[4].note
    times = [v.changed_at for v in history]
    assert times == sorted(times) and all(t.tzinfo == timezone.utc for t in times)

    now = store.get(rec.id)
    assert (now.version, now.data, now.status, now.deleted) == (5, {"name": "Youth drop-in"}, "submitted", False)
    assert (now.created_by, now.updated_by, now.updated_role) == ("Ade", "Sam", "staff")
    assert now.updated_at >= now.created_at


def test_restore_brings_back_old_data_as_a_new_version(team):
    store, project, key = team
    rec = store.add(project.id, "aim_draft", {"text": "first words", "tags": ["a"]}, by=ADE)
    store.update(rec.id, {"text": "second words"}, by=KEMI)
    store.update(rec.id, {"text": "third words"}, by=ADE)
    restored = store.restore(rec.id, 1, by=SAM, reviewer=key)
    assert restored.data == {"text": "first words", "tags": ["a"]} and restored.version == 4
    assert [v.data["text"] for v in store.history(rec.id)] == ["first words", "second words", "third words",
                                                              "first words"]
    with pytest.raises(InputError, match="Version 9"):
        store.restore(rec.id, 9, by=SAM, reviewer=key)


def test_deleted_records_are_hidden_but_listable_and_restorable(team):
    store, project, key = team
    keep = store.add(project.id, "snippet", {"text": "keep"}, by=ADE)
    gone = store.add(project.id, "snippet", {"text": "remove"}, by=ADE)
    store.delete(gone.id, by=SAM, reviewer=key)
    assert [r.id for r in store.records(project.id, "snippet")] == [keep.id]
    listed = store.records(project.id, "snippet", include_deleted=True)
    assert {r.id: r.deleted for r in listed} == {keep.id: False, gone.id: True}
    with pytest.raises(InputError):
        store.get(gone.id)
    assert store.get(gone.id, include_deleted=True).data == {"text": "remove"}
    with pytest.raises(InputError, match="removed"):
        store.update(gone.id, {"text": "edited while hidden"}, by=ADE)
    store.restore(gone.id, 1, by=SAM, reviewer=key)
    assert {r.id for r in store.records(project.id, "snippet")} == {keep.id, gone.id}


def test_stale_expected_version_raises_a_clear_conflict_and_saves_nothing(team):
    store, project, _ = team
    rec = store.add(project.id, "asset", {"name": "Cafe"}, by=ADE)
    store.update(rec.id, {"name": "Carers cafe"}, by=KEMI, expected_version=1)
    with pytest.raises(ConflictError) as caught:
        store.update(rec.id, {"name": "My version"}, by=ADE, expected_version=1)
    message = str(caught.value)
    assert "Someone else changed this" in message and "Kemi" in message and "reload" in message
    assert store.get(rec.id).data == {"name": "Carers cafe"} and len(store.history(rec.id)) == 2


def test_add_many_is_all_or_nothing(team):
    store, project, _ = team
    ids = store.add_many(project.id, "asset", [{"n": 1}, {"n": 2}], by=ADE)
    assert [store.get(i).data["n"] for i in ids] == [1, 2]
    assert all([v.action for v in store.history(i)] == ["add"] for i in ids)
    with pytest.raises(InputError):
        store.add_many(project.id, "asset", [{"n": 3}, {"n": math.nan}], by=ADE)
    with pytest.raises(InputError, match="no project"):
        store.add_many("no-such-project", "asset", [{"n": 4}], by=ADE)
    assert len(store.records(project.id, "asset")) == 2


def test_filters_by_kind_status_and_link(team):
    store, project, key = team
    asset = store.add(project.id, "asset", {"name": "Library"}, by=ADE)
    comment = store.add(project.id, "asset_comment", {"text": "Quiet room"}, by=KEMI, about_id=asset.id)
    store.add(project.id, "asset_comment", {"text": "Elsewhere"}, by=KEMI)
    store.set_status(comment.id, "published", by=SAM, reviewer=key)
    assert [r.id for r in store.records(project.id, about_id=asset.id)] == [comment.id]
    assert [r.id for r in store.records(project.id, "asset_comment", status="published")] == [comment.id]
    assert len(store.records(project.id, "asset_comment", status=["published", None])) == 1
    assert len(store.records(project.id, "asset_comment")) == 2


def test_unicode_and_nested_data_round_trip(team):
    store, project, _ = team
    data = {"text": "Café — “quiet” ☕", "tags": ["a", "b"], "n": 3, "ok": True, "nested": {"x": None}}
    rec = store.add(project.id, "snippet", data, by=ADE)
    assert store.get(rec.id).data == data and store.history(rec.id)[0].data == data


@pytest.mark.parametrize("bad", [{"when": object()}, {"score": math.nan}, ["not", "a", "dict"]])
def test_data_that_cannot_be_saved_is_refused_clearly(team, bad):
    store, project, _ = team
    with pytest.raises(InputError, match="cannot be saved|must be a dictionary"):
        store.add(project.id, "measure", bad, by=ADE)
    assert store.records(project.id) == []


def test_unknown_project_and_bad_kind_are_clear_errors(team):
    store, project, _ = team
    with pytest.raises(InputError, match="no project"):
        store.add("nope", "asset", {}, by=ADE)
    with pytest.raises(InputError, match="kind"):
        store.add(project.id, "k" * 61, {}, by=ADE)
