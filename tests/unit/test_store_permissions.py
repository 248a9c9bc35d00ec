"""Who can do what: review actions need a key that only the team's passphrase unlocks."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coprod_helpers.errors import PermissionDenied
from coprod_helpers.people import Person
from coprod_helpers.store import ReviewerKey, open_store
from coprod_helpers.store import schema

ADE = Person("Ade", "lived_experience")
SAM = Person("Sam", "staff")
PASSPHRASE = "team passphrase 1"


@pytest.fixture
def team(backend_store):
    project = backend_store.create_project("Access for young men", by=SAM, reviewer_passphrase=PASSPHRASE)
    return backend_store, project, backend_store.unlock(project.id, PASSPHRASE)


def _privileged_actions(store, project, record):
    """Every action that changes what others see, as a participant's page would call it."""
    return {
        "publish": lambda k: store.set_status(record.id, "published", by=ADE, reviewer=k),
        "decline": lambda k: store.set_status(record.id, "declined", by=ADE, reviewer=k),
        "archive": lambda k: store.set_status(record.id, "archived", by=ADE, reviewer=k),
        "add published": lambda k: store.add(project.id, "asset", {}, by=ADE, status="published", reviewer=k),
        "import published": lambda k: store.add_many(project.id, "asset", [{}], by=ADE, status="published",
                                                     reviewer=k),
        "delete": lambda k: store.delete(record.id, by=ADE, reviewer=k),
        "restore": lambda k: store.restore(record.id, 1, by=ADE, reviewer=k),
        "settings": lambda k: store.update_project_settings(project.id, {"public": True}, reviewer=k),
        "passphrase": lambda k: store.set_reviewer_passphrase(project.id, "a takeover phrase", reviewer=k),
    }


def _snapshot(store, project, record):
    return (store.get_project(project.id), store.history(record.id),
            len(store.records(project.id, include_deleted=True)))


@pytest.mark.parametrize("forged", ["none", "made_up", "other_project", "relabelled"])
def test_participant_page_cannot_do_reviewer_actions(team, forged):
    store, project, key = team
    other = store.create_project("Other team", by=SAM, reviewer_passphrase="other team phrase")
    other_key = store.unlock(other.id, "other team phrase")
    record = store.add(project.id, "asset", {"name": "Cafe"}, by=ADE, status="submitted")
    bad_key = {"none": None, "made_up": ReviewerKey(project_id=project.id), "other_project": other_key,
               "relabelled": dataclasses.replace(other_key, project_id=project.id)}[forged]
    before = _snapshot(store, project, record)
    for name, action in _privileged_actions(store, project, record).items():
        with pytest.raises(PermissionDenied, match="reviewer"):
            action(bad_key)
        assert _snapshot(store, project, record) == before, f"{name} changed something without a key"
    assert store.unlock(project.id, PASSPHRASE)  # the real passphrase still works


def test_reviewer_key_allows_each_action(team):
    store, project, key = team
    record = store.add(project.id, "asset", {"name": "Cafe"}, by=ADE)
    actions = _privileged_actions(store, project, record)
    for name in ["publish", "decline", "archive", "add published", "import published", "delete", "restore",
                 "settings"]:
        actions[name](key)
    assert store.get_project(project.id).settings == {"public": True}
    assert [v.action for v in store.history(record.id)] == ["add", "status", "status", "status", "delete",
                                                           "restore"]
    new_key = actions["passphrase"](key)
    assert store.is_reviewer(project.id, new_key)


def test_unpublishing_also_needs_a_key(team):
    store, project, key = team
    record = store.add(project.id, "asset", {}, by=ADE, status="published", reviewer=key)
    with pytest.raises(PermissionDenied):
        store.set_status(record.id, "submitted", by=ADE)
    store.set_status(record.id, "submitted", by=ADE, reviewer=key)
    store.set_status(record.id, "draft", by=ADE)  # ordinary statuses need no key


def test_wrong_passphrase_is_refused(team):
    store, project, _ = team
    for wrong in ["team passphrase 2", "", "TEAM PASSPHRASE 1", PASSPHRASE + " "]:
        with pytest.raises(PermissionDenied, match="not the team's reviewer passphrase"):
            store.unlock(project.id, wrong)
    with pytest.raises(PermissionDenied):
        store.unlock("no-such-project", PASSPHRASE)


def test_key_for_one_project_does_not_work_on_another(team):
    store, project, key = team
    other = store.create_project("Other team", by=SAM, reviewer_passphrase=PASSPHRASE)
    rec = store.add(other.id, "asset", {}, by=ADE)
    assert store.is_reviewer(project.id, key) and not store.is_reviewer(other.id, key)
    with pytest.raises(PermissionDenied):
        store.delete(rec.id, by=ADE, reviewer=key)
    with pytest.raises(PermissionDenied):
        store.update_project_settings(other.id, {"x": 1}, reviewer=key)


def test_changing_the_passphrase_retires_old_keys(team):
    store, project, key = team
    second = store.unlock(project.id, PASSPHRASE)
    new_key = store.set_reviewer_passphrase(project.id, "a brand new phrase", reviewer=key)
    assert not store.is_reviewer(project.id, key) and not store.is_reviewer(project.id, second)
    assert store.is_reviewer(project.id, new_key)
    with pytest.raises(PermissionDenied):
        store.unlock(project.id, PASSPHRASE)
    assert store.is_reviewer(project.id, store.unlock(project.id, "a brand new phrase"))


def test_hash_is_salted(team):
    store, project, _ = team
    other = store.create_project("Other team", by=SAM, reviewer_passphrase=PASSPHRASE)
    with store.engine.connect() as conn:
        hashes = dict(conn.execute(schema.projects.select().with_only_columns(
            schema.projects.c.id, schema.projects.c.reviewer_hash)).all())
    assert hashes[project.id] != hashes[other.id]
    assert all(h.startswith("scrypt$") and PASSPHRASE not in h for h in hashes.values())


def test_passphrase_text_is_nowhere_in_the_database_file(tmp_path):
    path = tmp_path / "store.sqlite"
    secret = "Purple Giraffe Umbrella 42"
    store = open_store(f"sqlite:///{path}")
    try:
        project = store.create_project("Secrets", by=SAM, reviewer_passphrase=secret)
        key = store.unlock(project.id, secret)
        store.set_reviewer_passphrase(project.id, secret + " again", reviewer=key)
        with pytest.raises(PermissionDenied):
            store.unlock(project.id, secret)
        files = [p for p in Path(tmp_path).iterdir() if p.name.startswith("store.sqlite")]
        assert any(p.name.endswith("-wal") for p in files)  # look in the journal too, before checkpoint
        for needle in (secret, secret.lower(), "Giraffe Umbrella"):
            for candidate in (needle.encode("utf-8"), needle.encode("utf-16-le")):
                assert all(candidate not in p.read_bytes() for p in files)
    finally:
        store.dispose()
    assert secret.encode() not in path.read_bytes()
