"""Step 7: a co-produced SMART aim, drafted, commented on and revised.

A SMART aim says what will improve, for whom, from what baseline to what target, and by
when. :func:`check_aim` says in plain words what a draft is missing. Drafts live on the
project store as one ``"aim_draft"`` record whose versions are the drafts; comments from
people who represent the population are ``"aim_comment"`` records about it, each noting
which draft it was about. :func:`aim_timeline` shows drafts and comments together.
"""
from __future__ import annotations

import html
from dataclasses import asdict, dataclass, fields
from datetime import date

from ..errors import InputError, Problem

AIM_KIND = "aim_draft"
COMMENT_KIND = "aim_comment"
MAX_COMMENT = 2000
#: By default a suggested target closes this share of the gap (a ratio of 3.5 becomes 2.0).
DEFAULT_SHARE_OF_GAP = 0.6


@dataclass
class Aim:
    """A SMART aim (or a first rough draft of one).

    Parameters
    ----------
    what : str
        What will improve, e.g. "detentions under the Mental Health Act".
    population : str
        For whom, e.g. "young Black men aged 18 to 35 in the borough".
    baseline, target : float, optional
        Where we start and where we aim to be, in ``unit``.
    unit : str
        For example "times the rate for White British residents" or "detentions a year".
    direction : {"lower", "higher"}
        Which way is better.
    by_date : str, optional
        ISO date ("2026-03-31") by when.
    why : str
        Why it matters, in the population's words.
    """

    what: str = ""
    population: str = ""
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    direction: str = "lower"
    by_date: str | None = None
    why: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> "Aim":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_dict(self) -> dict:
        return asdict(self)


def _number(value):
    return f"{value:,.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def _parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"'{value}' is not a date the workbook can read.", field="by_date",
                         fix="Use the date picker, or write it as year-month-day, e.g. 2026-03-31.") from None


def check_aim(aim: Aim, *, today: date | None = None) -> list[Problem]:
    """What a draft aim is missing, in plain words (an empty list means it is SMART enough).

    Examples
    --------
    >>> [p.message for p in check_aim(Aim(what="waiting times", population="young men"))]
    ['There is no starting number (baseline).', 'There is no target number.', 'There is no date to reach the target by.']
    """
    today = today or date.today()
    out = []
    if not aim.what.strip():
        out.append(Problem("It does not say what will get better.", field="what",
                           fix="Say what will change, for example 'waiting times for a first appointment'."))
    if not aim.population.strip():
        out.append(Problem("It does not say for whom.", field="population",
                           fix="Name the population, for example 'young Black men aged 18 to 35'."))
    if aim.baseline is None:
        out.append(Problem("There is no starting number (baseline).", field="baseline",
                           fix="Say where things are now; the populations step may have this number."))
    if aim.target is None:
        out.append(Problem("There is no target number.", field="target",
                           fix="Say where you want to get to. Aim high, but keep it possible."))
    if aim.direction not in ("lower", "higher"):
        out.append(Problem("It does not say whether lower or higher is better.", field="direction",
                           fix="Choose 'lower' or 'higher'."))
    elif aim.baseline is not None and aim.target is not None:
        better = aim.target < aim.baseline if aim.direction == "lower" else aim.target > aim.baseline
        if not better:
            want = "below" if aim.direction == "lower" else "above"
            out.append(Problem("The target is no better than the starting point.", field="target",
                               fix=f"Lower is better here, so the target should be {want} {_number(aim.baseline)}."
                               if aim.direction == "lower" else
                               f"Higher is better here, so the target should be {want} {_number(aim.baseline)}."))
    when = _parse_date(aim.by_date)
    if when is None:
        out.append(Problem("There is no date to reach the target by.", field="by_date",
                           fix="Pick a date, for example 18 months from now."))
    elif when <= today:
        out.append(Problem(f"The date ({when:%d %B %Y}) is in the past.", field="by_date",
                           fix="Pick a date in the future."))
    return out


def write_aim_sentence(aim: Aim) -> str:
    """The aim as one sentence, leaving out what is not filled in yet.

    Examples
    --------
    >>> write_aim_sentence(Aim("detentions", "young Black men", 3.5, 2.0,
    ...                        "times the White British rate", "lower", "2026-03-31"))
    'We aim to reduce detentions for young Black men from 3.5 to 2 times the White British rate by 31 March 2026.'
    """
    verb = "reduce" if aim.direction == "lower" else "increase"
    text = f"We aim to {verb} {aim.what.strip() or '(what?)'}"
    if aim.population.strip():
        text += f" for {aim.population.strip()}"
    if aim.baseline is not None:
        text += f" from {_number(aim.baseline)}"
    if aim.target is not None:
        text += f" to {_number(aim.target)}"
    if aim.unit.strip() and (aim.baseline is not None or aim.target is not None):
        text += f" {aim.unit.strip()}"
    when = _parse_date(aim.by_date)
    if when:
        text += f" by {when.day} {when:%B %Y}"
    return text + "."


def suggest_aim_from_gap(gap, *, group: str | None = None, share: float = DEFAULT_SHARE_OF_GAP,
                         measure: str = "ratio") -> dict:
    """Suggest a baseline and target from the populations step's gap results.

    Parameters
    ----------
    gap : dict or pandas.DataFrame
        A row (or table) from :func:`coprod_helpers.populations.gaps.compare_groups`, with
        ``group``, ``ratio`` and ``excess`` (and ``reference``) where known.
    group : str, optional
        Which row of a table; the first row (the biggest gap after ``rank_gaps``) by default.
    share : float
        The share of the gap the target would close.
    measure : {"ratio", "excess"}
        Close the rate ratio towards 1, or have N fewer events.

    Returns
    -------
    dict
        ``population``, ``baseline``, ``target``, ``unit``, ``direction`` and ``text``.

    Examples
    --------
    >>> s = suggest_aim_from_gap({"group": "Black African", "ratio": 3.5, "reference": "White British"})
    >>> s["baseline"], s["target"]
    (3.5, 2.0)
    >>> suggest_aim_from_gap({"group": "Black African", "excess": 40}, measure="excess")["text"]
    'About 24 fewer events than now (closing 60% of the gap of 40).'
    """
    if hasattr(gap, "iloc"):
        rows = gap if group is None else gap[gap["group"].astype(str) == str(group)]
        if rows.empty:
            raise InputError(f"The group '{group}' is not in the gap results.", field="group",
                             fix="Pick one of the groups shown in the populations step.")
        gap = rows.iloc[0].to_dict()
    population = str(gap.get("group", group or ""))
    reference = gap.get("reference")
    if measure == "ratio":
        ratio = gap.get("ratio", gap.get("rate_ratio"))
        if ratio is None or not ratio == ratio:
            raise InputError("The gap results have no rate ratio for this group.", field="ratio",
                             fix="Work out the gap in the populations step first, or type the numbers yourself.")
        ratio = round(float(ratio), 1)
        higher = ratio < 1
        target = round(ratio + (1 - ratio) * share, 1)
        unit = f"times the rate for {reference}" if reference else "times the rate for the comparison group"
        text = (f"Close the gap from {_number(ratio)} to {_number(target)} {unit} "
                f"(1 would mean no gap).")
        return {"population": population, "baseline": ratio, "target": target, "unit": unit,
                "direction": "higher" if higher else "lower", "text": text}
    if measure == "excess":
        excess = gap.get("excess")
        if excess is None or not excess == excess:
            raise InputError("The gap results have no excess events for this group.", field="excess",
                             fix="Work out the gap in the populations step first, or type the numbers yourself.")
        fewer = round(abs(float(excess)) * share)
        return {"population": population, "baseline": round(abs(float(excess))), "target": round(abs(float(excess))) - fewer,
                "unit": "more events than at the comparison rate", "direction": "lower",
                "text": f"About {fewer} fewer events than now (closing {share:.0%} of the gap of {_number(round(abs(float(excess))))})."}
    raise InputError(f"'{measure}' is not a way to set a target.", field="measure", fix="Use 'ratio' or 'excess'.")


def _validate_for_saving(aim: Aim) -> None:
    if not (aim.what.strip() or aim.population.strip()):
        raise InputError("An empty draft cannot be saved.", field="what",
                         fix="Write at least what you want to improve; the rest can come later.")
    _parse_date(aim.by_date)
    if aim.direction not in ("lower", "higher"):
        raise InputError("Choose whether lower or higher is better.", field="direction", fix="Pick 'lower' or 'higher'.")


def save_aim_draft(store, project_id: str, aim: Aim, *, by, aim_id: str | None = None, note: str | None = None,
                   expected_version: int | None = None):
    """Save a first draft (``aim_id`` None) or a revision (a new version of the same record).

    Drafts with gaps can be saved: a rough first aim is a fine start. Returns the Record.
    """
    _validate_for_saving(aim)
    data = {**aim.to_dict(), "sentence": write_aim_sentence(aim)}
    if aim_id is None:
        return store.add(project_id, AIM_KIND, data, by=by)
    return store.update(aim_id, data, by=by, expected_version=expected_version, note=note)


def list_aims(store, project_id: str) -> list:
    """The project's aims (current drafts), oldest first."""
    return store.records(project_id, AIM_KIND)


def load_aim(store, aim_id: str) -> Aim:
    return Aim.from_dict(store.get(aim_id).data)


def add_aim_comment(store, project_id: str, aim_id: str, text: str, *, by):
    """Comment on the current draft of an aim; the comment remembers which draft it read."""
    text = (text or "").strip()
    if not text:
        raise InputError("The comment is empty.", field="comment", fix="Type what you think of this draft.")
    if len(text) > MAX_COMMENT:
        raise InputError(f"The comment is longer than {MAX_COMMENT} characters.", field="comment",
                         fix="Please shorten it, or split it into two comments.")
    aim = store.get(aim_id)
    if aim.kind != AIM_KIND or aim.project_id != project_id:
        raise InputError("That aim is not in this project.", field="aim", fix="Pick an aim from the list.")
    return store.add(project_id, COMMENT_KIND, {"text": text, "draft_version": aim.version}, by=by, about_id=aim_id)


def aim_timeline(store, aim_id: str) -> list[dict]:
    """Every draft and comment for an aim, oldest first.

    Each item has ``type`` ("draft" or "comment"), ``when``, ``who``, ``role``,
    ``version`` (the draft it is or the draft it was about) and ``text``.
    """
    aim = store.get(aim_id)
    items = [{"type": "draft", "when": v.changed_at, "who": v.changed_by, "role": v.changed_role,
              "version": v.version, "text": v.data.get("sentence", ""), "note": v.note or ""}
             for v in store.history(aim_id) if v.action in ("add", "edit", "restore")]
    items += [{"type": "comment", "when": c.created_at, "who": c.created_by, "role": c.created_role,
               "version": c.data.get("draft_version"), "text": c.data.get("text", ""), "note": ""}
              for c in store.records(aim.project_id, COMMENT_KIND, about_id=aim_id)]
    return sorted(items, key=lambda i: (i["when"], i["type"] == "comment"))


def timeline_to_html(items: list[dict]) -> str:
    """The timeline as escaped HTML (a list), for pages and exports."""
    from ..people import ROLES

    rows = []
    for i in items:
        role = html.escape(ROLES.get(i["role"], i["role"] or ""), quote=True)
        who = html.escape(i["who"] or "", quote=True)
        when = i["when"].strftime("%d %b %Y %H:%M") if i["when"] else ""
        head = (f"Draft {i['version']}" if i["type"] == "draft" else f"Comment on draft {i['version']}")
        rows.append(f'<li class="aim-{i["type"]}"><strong>{head}</strong> by {who} ({role}), {when}:'
                    f'<br>{html.escape(i["text"], quote=True)}</li>')
    return '<ol class="aim-timeline">' + "".join(rows) + "</ol>"
