"""Snippets (redacted before storing), themes, coding, counts; votes and decisions; plain words."""
import threading

import pytest

from coprod_helpers.errors import InputError
from coprod_helpers.people import Person
from coprod_helpers.populations import feedback, plain_words, prioritising


def test_snippet_is_redacted_before_it_is_stored(store, project, person):
    rec = feedback.add_snippet(store, project.id, by=person, text="Ring Jo on 07700 900123 or jo@example.org",
                               source="Interview", population="Young Black men", date="06/02/2025",
                               consent_to_quote="yes", names=["Jo"])
    stored = store.get(rec.id).data
    assert stored["text"] == "Ring [name removed] on [phone number removed] or [e-mail removed]"
    assert stored["date"] == "2025-02-06" and stored["consent_to_quote"] is True and stored["source"] == "interview"
    assert "07700" not in str(store.history(rec.id))


@pytest.mark.parametrize("fields,field", [({"text": ""}, "text"), ({"source": "radio"}, "source"),
                                          ({"date": "soon"}, "date"), ({"consent_to_quote": "maybe"}, "consent_to_quote")])
def test_bad_snippets_are_refused(store, project, person, fields, field):
    ok = {"text": "It helped", "source": "survey", "population": "A", "date": "2025-01-01", "consent_to_quote": "no"}
    with pytest.raises(InputError) as err:
        feedback.add_snippet(store, project.id, by=person, **{**ok, **fields})
    assert err.value.problems[0].field == field


def test_import_survey_text_all_or_nothing(store, project, person):
    bad = b"source,population,date,consent_to_quote,text\nsurvey,A,2025-01-02,yes,Fine\nsurvey,A,2025-01-03,yes,\n"
    with pytest.raises(InputError) as err:
        feedback.import_snippets(store, project.id, bad, "survey.csv", by=person)
    assert err.value.problems[0].row == 3
    assert store.records(project.id, kind="snippet") == []
    good = b"comment,population\nCall 020 7946 0018 please,A\n=HYPERLINK(1),B\n"
    ids = feedback.import_snippets(store, project.id, good, "survey.csv", by=person)
    texts = feedback.snippets_table(store, project.id)["text"].tolist()
    assert len(ids) == 2 and "Call [phone number removed] please" in texts


def test_themes_coding_by_several_people_and_counts(store, project, person, staff):
    s1 = feedback.add_snippet(store, project.id, by=person, text="Police came", source="interview", population="A",
                              consent_to_quote=True)
    s2 = feedback.add_snippet(store, project.id, by=person, text="No interpreter", source="survey", population="B")
    fear = feedback.add_theme(store, project.id, "Fear of police", by=person)
    lang = feedback.add_theme(store, project.id, "Language", by=staff)
    with pytest.raises(InputError):
        feedback.add_theme(store, project.id, "fear of POLICE", by=staff)
    feedback.code_snippet(store, project.id, s1.id, [fear.id, lang.id], by=person)
    feedback.code_snippet(store, project.id, s1.id, [fear.id], by=staff)
    feedback.code_snippet(store, project.id, s2.id, [lang.id], by=staff)
    by_pop = feedback.theme_counts(store, project.id)
    assert by_pop.loc["Fear of police", "A"] == 1  # two coders, one snippet: counted once
    assert by_pop.loc["Language", "Total"] == 2
    feedback.code_snippet(store, project.id, s1.id, [fear.id], by=person)  # takes Language off for Ade
    assert feedback.theme_counts(store, project.id).loc["Language", "Total"] == 1
    assert feedback.theme_counts(store, project.id, by="source").loc["Language", "survey"] == 1
    assert feedback.top_themes(store, project.id, "A") == [("Fear of police", 1)]
    assert feedback.quotes_with_consent(store, project.id) == ["Police came"]


def test_dot_voting_from_several_people_at_once_and_a_decision(store, project, person, staff, reviewer_key):
    rnd = prioritising.start_round(store, project.id, question="Who first?", options=["A", "B", "C"], dots=3, by=staff)
    voters = [Person(f"P{i}", "lived_experience") for i in range(6)]
    errors = []

    def vote(p, i):
        try:
            prioritising.cast_vote(store, project.id, rnd.id, by=p, dots={"A": 2, "B": 1} if i % 2 else {"C": 3},
                                   reason="It matters")
        except Exception as exc:  # pragma: no cover - shown on failure
            errors.append(exc)

    threads = [threading.Thread(target=vote, args=(p, i)) for i, p in enumerate(voters)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors
    tally = prioritising.vote_tally(store, project.id, rnd.id)
    assert tally.set_index("option")["points"].to_dict() == {"C": 9, "A": 6, "B": 3}
    with pytest.raises(InputError, match="dots"):
        prioritising.cast_vote(store, project.id, rnd.id, by=person, dots={"A": 4})
    prioritising.cast_vote(store, project.id, rnd.id, by=voters[0], dots={"A": 1})  # changes P0's vote
    assert prioritising.vote_tally(store, project.id, rnd.id).set_index("option")["points"]["C"] == 6
    with pytest.raises(InputError, match="why"):
        prioritising.record_decision(store, project.id, rnd.id, chosen=["C"], reason="", by=staff)
    d = prioritising.record_decision(store, project.id, rnd.id, chosen=["C", "A"], reason="Biggest gap", by=staff)
    assert d.data["took_part"] == {"Person with lived experience": 6}
    assert prioritising.latest_decision(store, project.id).id == d.id
    with pytest.raises(InputError, match="closed"):
        prioritising.cast_vote(store, project.id, rnd.id, by=person, dots={"A": 1})


def test_ranking_uses_a_borda_count(store, project, person, staff):
    rnd = prioritising.start_round(store, project.id, question="", options=["A", "B", "C"], method="ranking", by=staff)
    prioritising.cast_vote(store, project.id, rnd.id, by=person, ranking=["B", "A"])
    prioritising.cast_vote(store, project.id, rnd.id, by=staff, ranking=["A", "C", "B"])
    assert prioritising.vote_tally(store, project.id, rnd.id).set_index("option")["points"].to_dict() == {"A": 5, "B": 4, "C": 2}
    with pytest.raises(InputError, match="twice"):
        prioritising.cast_vote(store, project.id, rnd.id, by=person, ranking=["A", "A"])
    with pytest.raises(InputError):
        prioritising.start_round(store, project.id, question="", options=["A"], by=staff)


def test_plain_words():
    s = plain_words.describe_gap("X", "Y", 2.5, 0.8, 7.0, action="be referred")
    assert "2.5 times as likely" in s and "cannot be sure" in s
    assert "40% less likely" in plain_words.describe_gap("X", "Y", 0.6, 0.5, 0.7)
    assert "about as likely" in plain_words.describe_gap("X", "Y", 1.0, 0.9, 1.1)
    assert "very sure" in plain_words.describe_gap("X", "Y", 3, 2, 4, level=0.998)
    assert "no events" in plain_words.describe_gap("X", "Y", float("nan"), float("nan"), float("nan"))
    assert "25 fewer" in plain_words.describe_excess("X", 25.2, 10, 40, reference="Y")
    assert "higher in more deprived" in plain_words.describe_inequality({"sii": 50, "sii_lower": 6, "sii_upper": 90, "rii": 1.7})
