"""Choosing populations together: voting rounds, votes and the team's recorded decision.

Records in the store:

* ``priority_round``: question, options (the populations), method (``dots`` or ``ranking``), dots each;
* ``vote``: one record per vote (``about_id`` = the round), so several people can vote at the
  same time from their own pages without overwriting each other. If someone votes again, their
  latest vote counts (earlier ones stay in the history);
* ``priority_decision``: chosen populations, the reason, and who took part (by role).
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from ..errors import InputError
from ..people import ROLES

METHODS = {"dots": "Dot voting: spread your dots over the groups you think matter most",
           "ranking": "Ranking: put the groups in order, most important first"}
MAX_REASON = 1000


def start_round(store, project_id: str, *, question: str, options, method: str = "dots", dots: int = 3, by):
    """Open a round of voting on which populations to focus on."""
    opts = [str(o).strip() for o in options if str(o).strip()]
    opts = list(dict.fromkeys(opts))
    if len(opts) < 2:
        raise InputError("A vote needs at least two groups to choose between.", field="options",
                         fix="Add more groups.")
    if method not in METHODS:
        raise InputError(f"'{method}' is not a way of voting.", field="method", fix="Use 'dots' or 'ranking'.")
    if not 1 <= int(dots) <= 20:
        raise InputError("Each person should have between 1 and 20 dots.", field="dots")
    q = str(question or "").strip() or "Which groups should we focus on first?"
    return store.add(project_id, "priority_round", {"question": q, "options": opts, "method": method,
                                                     "dots": int(dots), "open": True}, by=by)


def rounds(store, project_id: str):
    """All voting rounds in the project, newest last."""
    return store.records(project_id, kind="priority_round")


def check_vote(round_rec, *, dots: dict | None = None, ranking=None, reason: str = "") -> dict:
    """Check a vote against its round and return the data to store (raises InputError)."""
    data = round_rec.data
    if not data.get("open", True):
        raise InputError("This vote has closed.", fix="Ask the facilitator if a new round is planned.")
    options = data["options"]
    reason = str(reason or "").strip()
    if len(reason) > MAX_REASON:
        raise InputError(f"The reason is longer than {MAX_REASON} characters.", field="reason", fix="Please shorten it.")
    if data["method"] == "dots":
        given = {str(k): int(v) for k, v in (dots or {}).items() if int(v or 0) != 0}
        unknown = [k for k in given if k not in options]
        if unknown:
            raise InputError(f"'{unknown[0]}' is not one of the groups in this vote.", field="dots")
        if any(v < 0 for v in given.values()):
            raise InputError("Dots cannot be negative.", field="dots")
        used = sum(given.values())
        if used == 0:
            raise InputError("Put at least one dot on a group.", field="dots")
        if used > data["dots"]:
            raise InputError(f"You used {used} dots but each person has {data['dots']}.", field="dots",
                             fix="Take some dots off.")
        return {"dots": given, "reason": reason}
    order = [str(x) for x in (ranking or []) if str(x).strip()]
    if not order:
        raise InputError("Put at least one group in your ranking.", field="ranking")
    if len(set(order)) != len(order):
        raise InputError("A group appears twice in your ranking.", field="ranking")
    unknown = [k for k in order if k not in options]
    if unknown:
        raise InputError(f"'{unknown[0]}' is not one of the groups in this vote.", field="ranking")
    return {"ranking": order, "reason": reason}


def cast_vote(store, project_id: str, round_id: str, *, by, dots: dict | None = None, ranking=None, reason: str = ""):
    """Store one person's vote as its own record (see :func:`check_vote`)."""
    round_rec = store.get(round_id)
    if round_rec.kind != "priority_round" or round_rec.project_id != project_id:
        raise InputError("That vote is not in this project.", field="round")
    data = check_vote(round_rec, dots=dots, ranking=ranking, reason=reason)
    return store.add(project_id, "vote", data, by=by, about_id=round_id)


def latest_votes(store, project_id: str, round_id: str):
    """Each person's latest vote in the round (by pseudonym and role)."""
    latest = {}
    for rec in sorted(store.records(project_id, kind="vote", about_id=round_id), key=lambda r: r.created_at):
        latest[(rec.created_by, rec.created_role)] = rec
    return list(latest.values())


def vote_tally(store, project_id: str, round_id: str) -> pd.DataFrame:
    """The tally: ``option, points, voters, reasons`` sorted by points.

    Dots count one point each. Rankings use a Borda count: with k groups, first place gets k
    points, second k - 1, and so on.
    """
    round_rec = store.get(round_id)
    options = round_rec.data["options"]
    points, voters, reasons = Counter(), Counter(), {o: [] for o in options}
    k = len(options)
    for vote in latest_votes(store, project_id, round_id):
        if "dots" in vote.data:
            scored = vote.data["dots"]
        else:
            scored = {o: k - i for i, o in enumerate(vote.data["ranking"])}
        for option, value in scored.items():
            points[option] += value
            voters[option] += 1
            if vote.data.get("reason"):
                reasons[option].append(vote.data["reason"])
    t = pd.DataFrame({"option": options, "points": [points[o] for o in options],
                      "voters": [voters[o] for o in options], "reasons": [reasons[o] for o in options]})
    return t.sort_values(["points", "voters"], ascending=False, kind="stable").reset_index(drop=True)


def who_took_part(store, project_id: str, round_id: str) -> dict[str, int]:
    """How many people of each role voted (roles only, never names)."""
    counts = Counter(v.created_role for v in latest_votes(store, project_id, round_id))
    return {ROLES.get(role, role): n for role, n in counts.items()}


def record_decision(store, project_id: str, round_id: str, *, chosen, reason: str, by, close: bool = True):
    """Record the team's decision: the populations chosen, why, and who took part (by role)."""
    round_rec = store.get(round_id)
    chosen = [str(c) for c in chosen]
    if not chosen:
        raise InputError("Choose at least one group.", field="chosen")
    unknown = [c for c in chosen if c not in round_rec.data["options"]]
    if unknown:
        raise InputError(f"'{unknown[0]}' was not one of the groups in this vote.", field="chosen")
    reason = str(reason or "").strip()
    if not reason:
        raise InputError("Please say why the team chose these groups.", field="reason",
                         fix="A sentence is enough, e.g. 'The biggest gap, and people told us it matters'.")
    tally = vote_tally(store, project_id, round_id)
    data = {"chosen": chosen, "reason": reason, "took_part": who_took_part(store, project_id, round_id),
            "tally": {r.option: int(r.points) for r in tally.itertuples()}}
    rec = store.add(project_id, "priority_decision", data, by=by, about_id=round_id)
    if close and round_rec.data.get("open", True):
        store.update(round_id, {**round_rec.data, "open": False}, by=by, expected_version=round_rec.version,
                     note="closed when the decision was recorded")
    return rec


def latest_decision(store, project_id: str):
    """The most recent decision record, or None."""
    recs = sorted(store.records(project_id, kind="priority_decision"), key=lambda r: r.created_at)
    return recs[-1] if recs else None
