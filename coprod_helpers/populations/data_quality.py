"""Data quality shown beside every breakdown: how many records had no group recorded.

A gap between ethnic groups means little if a large share of records say "Not stated": the
missing people could belong to any group. Every breakdown carries this share with it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .disclosure import DEFAULT_THRESHOLD, MARKER
from .rates import wilson_limits

#: Labels that mean "we do not know this person's group" (matched ignoring case and spaces).
UNKNOWN_LABELS = ("not stated", "not known", "unknown", "not recorded", "prefer not to say", "missing",
                  "blank", "z", "99", "refused")


def is_unknown_label(label) -> bool:
    """True when a group label means the group was not recorded.

    Examples
    --------
    >>> is_unknown_label(" Not Stated "), is_unknown_label("Black: African")
    (True, False)
    """
    if label is None or (isinstance(label, float) and np.isnan(label)):
        return True
    key = " ".join(str(label).lower().replace("_", " ").split())
    return key in UNKNOWN_LABELS or key == ""


def unknown_share(table: pd.DataFrame, *, group_col: str = "group", count_col: str = "events",
                  level: float = 0.95, shareable: bool = False, threshold: int = DEFAULT_THRESHOLD) -> dict:
    """Share of events whose group is unknown or not stated, with a Wilson interval.

    Parameters
    ----------
    shareable : bool
        For anything shared: an unknown count from 1 up to ``threshold - 1`` is hidden (see
        :func:`shareable_quality`), as are the share, interval and total that would give it away.
    threshold : int
        The same small-count threshold the breakdown uses (default under 5).

    Returns
    -------
    dict
        ``unknown``, ``total``, ``share`` (0-1), ``lower``, ``upper`` and ``message`` in plain words,
        plus ``suppressed`` (True when the unknown count is hidden).
    """
    counts = pd.to_numeric(table[count_col], errors="coerce").fillna(0)
    unknown_rows = table[group_col].map(is_unknown_label)
    unknown = float(counts[unknown_rows].sum())
    total = float(counts.sum())
    if total <= 0:
        return {"unknown": unknown, "total": total, "share": np.nan, "lower": np.nan, "upper": np.nan,
                "suppressed": False,
                "message": "There are no events, so the share with no group recorded cannot be worked out."}
    lo, hi = wilson_limits(unknown, total, level)
    share = unknown / total
    out = {"unknown": unknown, "total": total, "share": share, "lower": float(lo), "upper": float(hi),
           "suppressed": False, "message": describe_unknown_share(share, unknown, total)}
    return shareable_quality(out, threshold=threshold) if shareable else out


def is_small_count(count, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """True for a count from 1 up to ``threshold - 1``: too small to share (zeros are shown)."""
    try:
        v = float(count)
    except (TypeError, ValueError):
        return False
    return bool(1 <= v < threshold)


def shareable_quality(quality: dict, *, threshold: int = DEFAULT_THRESHOLD, marker: str = MARKER) -> dict:
    """A copy of an :func:`unknown_share` result that is safe to share.

    When the unknown count is small (1 up to ``threshold - 1``) the count, the share, its interval
    and the total are replaced by ``marker`` (the total minus the groups shown would give the count
    away) and the message says only "fewer than ``threshold``". Larger counts and zeros are kept.
    A result already hidden is returned unchanged.
    """
    q = dict(quality)
    if q.get("suppressed") or q.get("unknown") == marker:
        q["suppressed"] = True
        return q
    if not is_small_count(q.get("unknown"), threshold):
        q.setdefault("suppressed", False)
        return q
    total = float(q["total"])
    q.update(unknown=marker, share=marker, lower=marker, upper=marker, total=marker, suppressed=True,
             message=describe_unknown_share(np.nan, q["unknown"], total, shareable=True, threshold=threshold))
    return q


def describe_unknown_share(share: float, unknown: float, total: float, *, shareable: bool = False,
                           threshold: int = DEFAULT_THRESHOLD) -> str:
    """Plain words about the share with no group recorded, with a warning above 5% and 10%.

    With ``shareable=True`` an unknown count from 1 up to ``threshold - 1`` is not given: the words
    say "fewer than ``threshold`` records", with no exact percentage or total that would reveal it.
    """
    if shareable and is_small_count(unknown, threshold):
        text = (f"Fewer than {threshold} records had no group recorded (the exact number is not shared "
                "because it is small).")
        if total > 0 and (threshold - 1) / total >= 0.10:
            text += " With so few records, take care: gaps between groups could be different from how they look."
        return text
    pct = share * 100
    text = f"{pct:.1f}% of records ({unknown:,.0f} of {total:,.0f}) had no group recorded."
    if pct >= 10:
        text += " That is a lot: gaps between groups could be bigger or smaller than they look."
    elif pct >= 5:
        text += " Take some care: gaps between groups could be a little different from how they look."
    return text


def check_breakdown(table: pd.DataFrame, *, group_col: str = "group", events_col: str = "events",
                    denominator_col: str = "population", small: int = 10) -> list[str]:
    """Plain-words notes on a breakdown: groups with few events, no denominator, or not in the data."""
    notes = []
    known = table[~table[group_col].map(is_unknown_label)]
    few = known.loc[pd.to_numeric(known[events_col], errors="coerce") < small, group_col].tolist()
    if few:
        notes.append(f"Fewer than {small} events in: {', '.join(map(str, few))}. Their rates are very uncertain.")
    if denominator_col in known:
        no_den = known.loc[pd.to_numeric(known[denominator_col], errors="coerce").fillna(0) <= 0, group_col].tolist()
        if no_den:
            notes.append(f"No population found for: {', '.join(map(str, no_den))}, so no rate can be given.")
    return notes
