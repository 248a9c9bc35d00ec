"""The co-production audit: how well are we living the six core values?

The six core values are Nesta's (from 'Right Here, Right Now'), as used in the
commissioning toolkit's internal audit tool (Rethink Mental Illness, section 3b). Several
people rate each value "not there / getting there / where we want to be" and say what we
need to do. Audits are repeated over time, and compared between roles: do staff and
people with lived experience see it the same way?
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from ..people import ROLES
from .fields import FormCheck
from .records import load_items, save_item

KIND = "audit_response"
SOURCE = ("The six core values of co-production are Nesta's, as set out in the co-production in "
          "commissioning toolkit (Rethink Mental Illness, 2015, section 3b).")

#: value id -> (short name, what it means in our own words)
VALUES = {
    "assets": ("Seeing people as assets",
               "People who use services are equal partners with something to give, not just receivers of care."),
    "capabilities": ("Building on what people can do",
                     "We look at what people can do, help them grow it and put it to use."),
    "mutuality": ("Give and take",
                  "Everyone gives and gets something back; responsibilities and expectations are shared."),
    "peer_support": ("Peer support and networks",
                     "People's own networks and peers work alongside professionals to share what they know."),
    "blurring": ("Blurring the lines",
                 "The line between 'professionals' and 'people who use services' fades in how we work."),
    "facilitating": ("Making things happen together",
                     "Organisations help change happen rather than doing everything themselves."),
}
RATINGS = {1: "Not there", 2: "Getting there", 3: "Where we want to be"}


@dataclass(frozen=True)
class AuditResponse:
    """One person's answers in one audit round."""

    round: str
    on: date
    person: str
    role: str
    ratings: dict = field(default_factory=dict)
    actions: dict = field(default_factory=dict)
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "AuditResponse":
        check = FormCheck(form, "Co-production audit")
        round_ = check.text("round", "Which audit (for example 'Spring 2025')", max_len=80)
        on = check.date("on", "Date")
        person = check.text("person", "Name or nickname", max_len=40)
        role = check.choice("role", "Role", ROLES)
        given = form.get("ratings") or {}
        notes = form.get("actions") or {}
        ratings, actions = {}, {}
        for key, (label, _) in VALUES.items():
            sub = FormCheck({"rating": given.get(key), "action": notes.get(key)}, "Co-production audit")
            ratings[key] = sub.rating("rating", label, 1, 3)
            actions[key] = sub.text("action", f"{label}: what we need to do", required=False, max_len=2000)
            check.problems.extend(replace(p, field=f"{key}.{p.field}") for p in sub.problems)
        unknown = set(given) - set(VALUES)
        if unknown:
            check.problem("ratings", f"Unknown value(s): {', '.join(sorted(map(str, unknown)))}.",
                          "Rate only the six core values.")
        check.finish()
        return cls(round_, on, person, role, ratings, actions)

    def to_data(self) -> dict:
        return {"round": self.round, "on": self.on.isoformat(), "person": self.person, "role": self.role,
                "ratings": dict(self.ratings), "actions": dict(self.actions)}


def save_response(store, project_id: str, form: dict, *, by) -> AuditResponse:
    """Check and save ``by``'s answers; answering the same round again updates them.

    The person and role always come from ``by``, so nobody can answer as someone else.
    """
    response = AuditResponse.from_form({**form, "person": by.pseudonym, "role": by.role})
    for old in load_responses(store, project_id):
        if old.round.casefold() == response.round.casefold() and old.person == by.pseudonym:
            response = replace(response, round=old.round, record_id=old.record_id, version=old.version)
    rec = save_item(store, project_id, KIND, response, by=by)
    return replace(response, record_id=rec.id, version=rec.version)


def load_responses(store, project_id: str) -> list[AuditResponse]:
    return load_items(store, project_id, KIND, AuditResponse)


def tabulate_responses(responses) -> pd.DataFrame:
    """Long table: round, on, person, role (label), value (name), rating (1-3), rating_label, action."""
    rows = [{"round": r.round, "on": r.on, "person": r.person, "role": ROLES[r.role], "value": VALUES[k][0],
             "rating": r.ratings[k], "rating_label": RATINGS[r.ratings[k]], "action": r.actions.get(k, "")}
            for r in responses for k in VALUES]
    return pd.DataFrame(rows, columns=["round", "on", "person", "role", "value", "rating", "rating_label",
                                       "action"])


def list_rounds(responses) -> list[str]:
    """Audit rounds, earliest first (by the first date anyone answered)."""
    first: dict[str, date] = {}
    for r in responses:
        first[r.round] = min(first.get(r.round, r.on), r.on)
    return sorted(first, key=lambda k: (first[k], k))


def compare_responses(responses, by: str = "role", round: str | None = None) -> pd.DataFrame:
    """Average rating per value for each group (``by`` = "role", "person" or "round").

    Returns a table with one row per value (in the toolkit's order) and one column per
    group; the column names carry how many people answered, e.g. ``"Staff member (n=2)"``.
    """
    if by not in ("role", "person", "round"):
        raise ValueError("by must be 'role', 'person' or 'round'")
    df = tabulate_responses(responses)
    if round is not None:
        df = df[df["round"] == round]
    order = [v[0] for v in VALUES.values()]
    if df.empty:
        return pd.DataFrame(index=pd.Index(order, name="value"))
    groups = list_rounds(responses) if by == "round" else sorted(df[by].unique(), key=str)
    out = pd.DataFrame(index=pd.Index(order, name="value"))
    for g in groups:
        part = df[df[by] == g]
        if part.empty:
            continue
        n = part[["person", "round"]].drop_duplicates().shape[0]
        out[f"{g} (n={n})"] = part.groupby("value")["rating"].mean().reindex(order).round(2)
    return out


def find_differences(responses, round: str | None = None, threshold: float = 1.0) -> list[str]:
    """Values where staff and people with lived experience (or carers) differ by ``threshold`` or more."""
    df = tabulate_responses(responses)
    if round is not None:
        df = df[df["round"] == round]
    lived = {ROLES["lived_experience"], ROLES["family_carer"]}
    out = []
    for value, part in df.groupby("value", sort=False):
        staff = part[part["role"] == ROLES["staff"]]["rating"]
        le = part[part["role"].isin(lived)]["rating"]
        if len(staff) and len(le) and abs(staff.mean() - le.mean()) >= threshold:
            out.append(f"{value}: staff average {staff.mean():.1f}, lived experience average {le.mean():.1f}")
    return out


_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]


def make_audit_chart(responses, by: str = "role", round: str | None = None, *, fmt: str = "svg"):
    """A bar chart comparing average ratings per value: inline SVG text, or PNG bytes (``fmt="png"``).

    Text in the SVG stays as text, so screen readers and searches can find it. Nothing is
    loaded from the internet.
    """
    import matplotlib
    from matplotlib.figure import Figure

    table = compare_responses(responses, by=by, round=round)
    fig = Figure(figsize=(8, 4.8))
    ax = fig.add_subplot()
    groups = list(table.columns)
    height = 0.8 / max(len(groups), 1)
    ys = range(len(table.index))
    for i, g in enumerate(groups):
        ax.barh([y - 0.4 + height * (i + 0.5) for y in ys], table[g].fillna(0), height=height, label=g.replace("$", r"\$"),
                color=_COLOURS[i % len(_COLOURS)])
    ax.set_yticks(list(ys), list(table.index))
    ax.invert_yaxis()
    ax.set_xlim(0, 3)
    ax.set_xticks([1, 2, 3], [RATINGS[k] for k in (1, 2, 3)])
    ax.set_title("Co-production audit: average rating per value" + (f" ({round})" if round else ""))
    if groups:
        ax.legend(loc="lower right", fontsize="small", title={"role": "Role", "person": "Person",
                                                              "round": "Audit"}[by])
    else:
        ax.text(1.5, 2.5, "No answers yet", ha="center")
    fig.tight_layout()
    if fmt == "png":
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=150)
        return png.getvalue()
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "audit"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]
