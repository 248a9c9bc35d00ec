"""Gaps said in plain words, for workshop pages and summaries.

The sentences avoid statistical terms: a confidence interval becomes "we are fairly sure the
real figure is between ... and ...", and an interval that includes "no difference" is said as
"we cannot be sure there is a real difference".
"""
from __future__ import annotations

import math

import pandas as pd

SURE_WORDS = {0.95: "fairly sure", 0.998: "very sure"}


def _sure(level: float) -> str:
    return SURE_WORDS.get(round(level, 3), f"{level:.0%} sure")


def _times(x: float) -> str:
    return f"{x:.1f}" if x < 10 else f"{x:.0f}"


def describe_gap(group: str, reference: str, ratio: float, lower: float, upper: float, *,
                 action: str = "have this happen", level: float = 0.95) -> str:
    """One sentence about a rate ratio.

    Parameters
    ----------
    action : str
        What happens, as it fits "... as likely as ... to <action>", e.g. "be detained".

    Examples
    --------
    >>> describe_gap("Black Caribbean", "White British", 3.6, 3.4, 3.8, action="be detained")
    'People in the Black Caribbean group are 3.6 times as likely as people in the White British group to be detained. We are fairly sure the real figure is between 3.4 and 3.8 times.'
    """
    if ratio is None or not math.isfinite(ratio):
        return (f"We cannot compare the {group} group with the {reference} group: "
                "there are no events to compare with.")
    if 0.95 <= ratio <= 1.05:
        head = f"People in the {group} group are about as likely as people in the {reference} group to {action}."
    elif ratio > 1:
        head = (f"People in the {group} group are {_times(ratio)} times as likely as people in the "
                f"{reference} group to {action}.")
    else:
        head = (f"People in the {group} group are {round((1 - ratio) * 100):.0f}% less likely than people in the "
                f"{reference} group to {action}.")
    if lower is None or upper is None or not (math.isfinite(lower) and math.isfinite(upper)):
        return head + " The numbers are too small to say how sure we are."
    if lower <= 1 <= upper:
        return head + (" But the numbers are small enough that we cannot be sure there is a real difference "
                       f"(it could be anything from {_times(lower)} to {_times(upper)} times).")
    return head + f" We are {_sure(level)} the real figure is between {_times(lower)} and {_times(upper)} times."


def describe_rate(group: str, value: float, lower: float, upper: float, *, per: float = 100_000,
                  action: str = "had this happen", kind: str = "rate") -> str:
    """A rate in words: "About 245 in every 100,000 people in the X group were detained (between 233 and 258)."

    Examples
    --------
    >>> describe_rate("Black Caribbean", 245.07, 232.9, 257.7, action="were detained")
    'About 245 in every 100,000 people in the Black Caribbean group were detained (we are fairly sure it is between 233 and 258).'
    """
    if kind == "proportion":
        return (f"About {value:.0f}% of people in the {group} group {action} "
                f"(we are fairly sure it is between {lower:.0f}% and {upper:.0f}%).")
    digits = 0 if value >= 10 else 1
    return (f"About {value:,.{digits}f} in every {per:,.0f} people in the {group} group {action} "
            f"(we are fairly sure it is between {lower:,.{digits}f} and {upper:,.{digits}f}).")


def describe_excess(group: str, excess: float, lower: float, upper: float, *, reference: str,
                    events_word: str = "events") -> str:
    """The gap as a number of events: the concrete figure a SMART aim can use."""
    if excess <= 0:
        return f"The {group} group has no more {events_word} than it would at the {reference} group's rate."
    return (f"If the {group} group had the same rate as the {reference} group, there would be about "
            f"{excess:,.0f} fewer {events_word} (somewhere between {max(lower, 0):,.0f} and {upper:,.0f}).")


def describe_gaps(table: pd.DataFrame, *, action: str = "have this happen", level: float = 0.95) -> list[str]:
    """A sentence for every group in a table from :func:`~coprod_helpers.populations.gaps.compare_groups`.

    Rows hidden by disclosure control (``"*"``) get a sentence saying the numbers are too small to share.
    """
    out = []
    for row in table.itertuples(index=False):
        if row.group == row.reference:
            continue
        if isinstance(row.ratio, str):
            out.append(f"The numbers for the {row.group} group are too small to share.")
            continue
        out.append(describe_gap(row.group, row.reference, float(row.ratio), float(row.ratio_lower),
                                float(row.ratio_upper), action=action, level=level))
    return out


def describe_inequality(sii: dict, *, per_words: str = "per 100,000 people") -> str:
    """The SII/RII in words (higher in more deprived areas when positive)."""
    gap, lo, hi = sii["sii"], sii["sii_lower"], sii["sii_upper"]
    where = "more" if gap > 0 else "less"
    text = (f"Going from the least to the most deprived areas, the rate changes by about {abs(gap):,.0f} {per_words}; "
            f"it is higher in {where} deprived areas.")
    if lo <= 0 <= hi:
        return text + " But we cannot be sure this pattern is real: the numbers are small."
    if math.isfinite(sii.get("rii", math.nan)) and sii["rii"] > 0:
        text += f" The most deprived end has about {_times(sii['rii'] if gap > 0 else 1 / sii['rii'])} times the rate of the other end."
    return text
