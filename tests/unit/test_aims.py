"""The SMART aim checks, suggestions from the gap, and versioned drafts with comments."""
from datetime import date

import pandas as pd
import pytest

from coprod_helpers.errors import ConflictError, InputError
from coprod_helpers.measures.aims import (Aim, add_aim_comment, aim_timeline, check_aim, list_aims, load_aim,
                                          save_aim_draft, suggest_aim_from_gap, timeline_to_html, write_aim_sentence)

TODAY = date(2025, 1, 15)
GOOD = Aim("detentions under the Mental Health Act", "young Black men aged 18 to 35", 3.5, 2.0,
           "times the White British rate", "lower", "2026-06-30")


def fields(problems):
    return [p.field for p in problems]


def test_a_complete_aim_has_no_problems():
    assert check_aim(GOOD, today=TODAY) == []


def test_missing_number_date_and_population_are_named_in_plain_words():
    problems = check_aim(Aim(what="waiting times"), today=TODAY)
    assert fields(problems) == ["population", "baseline", "target", "by_date"]
    assert problems[0].message == "It does not say for whom."
    assert "no target number" in problems[2].message


def test_target_no_better_than_baseline():
    worse = Aim(**{**GOOD.to_dict(), "target": 3.5})
    [p] = check_aim(worse, today=TODAY)
    assert p.field == "target" and "no better" in p.message and "below 3.5" in p.fix
    higher = Aim(**{**GOOD.to_dict(), "direction": "higher", "baseline": 40.0, "target": 30.0})
    [p] = check_aim(higher, today=TODAY)
    assert "above 40" in p.fix


def test_date_in_the_past_and_unreadable_date():
    [p] = check_aim(Aim(**{**GOOD.to_dict(), "by_date": "2024-12-31"}), today=TODAY)
    assert "in the past" in p.message
    with pytest.raises(InputError, match="not a date"):
        check_aim(Aim(**{**GOOD.to_dict(), "by_date": "next spring"}), today=TODAY)


def test_sentence():
    assert write_aim_sentence(GOOD) == ("We aim to reduce detentions under the Mental Health Act for young Black men "
                                        "aged 18 to 35 from 3.5 to 2 times the White British rate by 30 June 2026.")
    assert write_aim_sentence(Aim("access", direction="higher")) == "We aim to increase access."


def test_suggestion_from_a_gap_dict_and_table():
    s = suggest_aim_from_gap({"group": "Black Caribbean", "ratio": 3.5, "reference": "White British"})
    assert (s["baseline"], s["target"], s["direction"]) == (3.5, 2.0, "lower")
    assert "White British" in s["unit"] and s["population"] == "Black Caribbean"
    table = pd.DataFrame({"group": ["A", "B"], "ratio": [1.2, 0.5], "excess": [3.0, -30.0],
                          "reference": ["White British"] * 2})
    low = suggest_aim_from_gap(table, group="B")
    assert low["direction"] == "higher" and low["target"] == 0.8
    fewer = suggest_aim_from_gap(table, group="A", measure="excess", share=1.0)
    assert fewer["target"] == 0 and "3 fewer" in fewer["text"]
    with pytest.raises(InputError, match="not in the gap"):
        suggest_aim_from_gap(table, group="C")
    with pytest.raises(InputError, match="no rate ratio"):
        suggest_aim_from_gap({"group": "A"})


def test_drafts_are_versioned_and_comments_remember_the_draft(store, project, person, staff):
    first = save_aim_draft(store, project.id, Aim("access", "young men"), by=staff)
    add_aim_comment(store, project.id, first.id, "Say which young men <please>", by=person)
    second = save_aim_draft(store, project.id, GOOD, by=staff, aim_id=first.id, note="after comments",
                            expected_version=1)
    assert second.version == 2 and len(list_aims(store, project.id)) == 1
    assert load_aim(store, first.id) == GOOD
    items = aim_timeline(store, first.id)
    assert [(i["type"], i["version"]) for i in items] == [("draft", 1), ("comment", 1), ("draft", 2)]
    assert items[1]["role"] == "lived_experience"
    page = timeline_to_html(items)
    assert "&lt;please&gt;" in page and "<please>" not in page
    assert "Person with lived experience" in page


def test_stale_revision_is_refused(store, project, staff):
    rec = save_aim_draft(store, project.id, Aim("access"), by=staff)
    save_aim_draft(store, project.id, Aim("access soon"), by=staff, aim_id=rec.id, expected_version=1)
    with pytest.raises(ConflictError):
        save_aim_draft(store, project.id, Aim("access later"), by=staff, aim_id=rec.id, expected_version=1)


def test_empty_draft_and_comment_are_refused(store, project, person, staff):
    with pytest.raises(InputError, match="empty draft"):
        save_aim_draft(store, project.id, Aim(), by=staff)
    rec = save_aim_draft(store, project.id, Aim("access"), by=staff)
    with pytest.raises(InputError, match="comment is empty"):
        add_aim_comment(store, project.id, rec.id, "   ", by=person)
    with pytest.raises(InputError, match="longer than"):
        add_aim_comment(store, project.id, rec.id, "x" * 2001, by=person)
    assert store.records(project.id, "aim_comment") == []
