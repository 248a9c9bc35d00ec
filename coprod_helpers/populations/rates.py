"""Rates and proportions with confidence intervals, as used for England's public health indicators.

The methods follow the published guidance for public health profiles (Fingertips):

* counts and rates: exact Poisson limits below 10 events, Byar's approximation from 10;
* proportions: Wilson score interval;
* directly standardised rates (DSR): Dobson's method against the 2013 European Standard
  Population (ESP2013), which can be summed to any age bands, such as the six Census bands.

Every function takes numbers or arrays (NumPy / pandas) and works on whole columns at once,
so a table of 600,000 rows takes well under a second.
"""
from __future__ import annotations

import re

import numpy as np
from scipy import stats

#: Confidence levels in everyday use: 95% and the 99.8% used for funnel plots / benchmarking.
LEVELS = (0.95, 0.998)

#: Below this many events the exact Poisson interval is used; from it, Byar's method.
EXACT_BELOW = 10

#: The 2013 European Standard Population in 5-year bands (the last band is 90 and over).
ESP2013 = {
    "0-4": 5000, "5-9": 5500, "10-14": 5500, "15-19": 5500, "20-24": 6000, "25-29": 6000,
    "30-34": 6500, "35-39": 7000, "40-44": 7000, "45-49": 7000, "50-54": 7000, "55-59": 6500,
    "60-64": 6000, "65-69": 5500, "70-74": 5000, "75-79": 4000, "80-84": 2500, "85-89": 1500,
    "90+": 1000,
}

#: The six Census 2021 age bands used by the area data.
CENSUS_AGE_BANDS = ("0-15", "16-24", "25-34", "35-49", "50-64", "65+")


def z_value(level: float = 0.95) -> float:
    """The two-sided normal quantile for a confidence ``level`` (0.95 gives 1.959964)."""
    if not 0 < level < 1:
        raise ValueError(f"The confidence level must be between 0 and 1, not {level}.")
    return float(stats.norm.ppf(0.5 + level / 2))


def _as_float(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def exact_poisson_limits(events, level: float = 0.95):
    """Exact (Garwood) limits for a Poisson count, from the chi-squared distribution.

    Returns
    -------
    (lower, upper) : tuple of numpy arrays
        Limits for the expected count. The lower limit of 0 events is 0.
    """
    o = _as_float(events)
    alpha = 1 - level
    with np.errstate(invalid="ignore"):
        lower = np.where(o > 0, stats.chi2.ppf(alpha / 2, 2 * o) / 2, 0.0)
        upper = stats.chi2.ppf(1 - alpha / 2, 2 * (o + 1)) / 2
    return lower, upper


def byar_limits(events, level: float = 0.95):
    """Byar's approximation to the Poisson limits (good from about 10 events).

    Examples
    --------
    >>> lo, hi = byar_limits(100)
    >>> round(float(lo), 2), round(float(hi), 2)
    (81.36, 121.63)
    """
    o = _as_float(events)
    z = z_value(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
        o1 = o + 1
        upper = o1 * (1 - 1 / (9 * o1) + z / (3 * np.sqrt(o1))) ** 3
    lower = np.where(o > 0, lower, 0.0)
    return lower, upper


def poisson_limits(events, level: float = 0.95):
    """Limits for a count: exact Poisson below :data:`EXACT_BELOW` events, Byar's method from it.

    Only the small counts go through the chi-squared inverse, which keeps large tables fast.
    """
    o = _as_float(events)
    lower, upper = byar_limits(o, level)
    small = o < EXACT_BELOW
    if np.any(small):
        lower, upper = np.array(lower, dtype=float, ndmin=1), np.array(upper, dtype=float, ndmin=1)
        flat_small = np.broadcast_to(small, lower.shape)
        lo_s, hi_s = exact_poisson_limits(np.broadcast_to(o, lower.shape)[flat_small], level)
        lower[flat_small], upper[flat_small] = lo_s, hi_s
        if o.ndim == 0:
            lower, upper = lower[0], upper[0]
    return lower, upper


def check_counts(events, denominator, *, proportion: bool = False):
    """Raise ValueError if counts are negative, denominators not positive, or events exceed them."""
    o, n = _as_float(events), _as_float(denominator)
    if np.any(np.isnan(o)) or np.any(np.isnan(n)):
        raise ValueError("Events and denominators must be numbers (found a blank or text).")
    if np.any(o < 0):
        raise ValueError("Event counts cannot be negative.")
    if np.any(n <= 0):
        raise ValueError("Denominators must be more than zero.")
    if proportion and np.any(o > n):
        raise ValueError("For a proportion the numerator cannot be larger than the denominator.")
    return o, n


def crude_rate(events, denominator, *, per: float = 100_000, level: float = 0.95) -> dict:
    """A crude rate per ``per`` people with its confidence interval.

    Parameters
    ----------
    events, denominator : number or array
        Event counts and population (person-years). Denominators must be above zero.
    per : float
        The multiplier (100,000 by default).
    level : float
        Confidence level, e.g. 0.95 or 0.998.

    Returns
    -------
    dict of numpy arrays
        ``rate``, ``lower``, ``upper`` and ``method`` ("exact" or "byar" per row).

    Examples
    --------
    >>> r = crude_rate(5, 1000, per=1000)
    >>> round(float(r["rate"]), 3), round(float(r["lower"]), 3), round(float(r["upper"]), 3)
    (5.0, 1.623, 11.668)
    """
    o, n = check_counts(events, denominator)
    lo, hi = poisson_limits(o, level)
    return {"rate": o / n * per, "lower": lo / n * per, "upper": hi / n * per,
            "method": np.where(o < EXACT_BELOW, "exact", "byar")}


def wilson_limits(events, denominator, level: float = 0.95):
    """Wilson score limits for a proportion (as fractions between 0 and 1)."""
    o, n = check_counts(events, denominator, proportion=True)
    z = z_value(level)
    p = o / n
    centre = 2 * o + z**2
    spread = z * np.sqrt(z**2 + 4 * o * (1 - p))
    denom = 2 * (n + z**2)
    lower = np.clip((centre - spread) / denom, 0, 1)
    upper = np.clip((centre + spread) / denom, 0, 1)
    return lower, upper


def proportion(events, denominator, *, per: float = 100, level: float = 0.95) -> dict:
    """A proportion (as a percentage by default) with its Wilson score interval.

    Examples
    --------
    >>> r = proportion(0, 10)
    >>> float(r["value"]), round(float(r["upper"]), 2)
    (0.0, 27.75)
    """
    o, n = check_counts(events, denominator, proportion=True)
    lo, hi = wilson_limits(o, n, level)
    return {"value": o / n * per, "lower": lo * per, "upper": hi * per,
            "method": np.full(np.shape(o), "wilson")}


# -- age standardisation -------------------------------------------------------------------------

def parse_age_band(label: str) -> tuple[int, int]:
    """First and last whole year of an age band label such as ``"16-24"``, ``"65+"`` or ``"under 16"``.

    Open bands end at 120. Census words ("Aged 16 to 24 years", "Aged 15 years and under",
    "Aged 65 years and over") are understood too.
    """
    text = str(label).strip().lower()
    nums = [int(x) for x in re.findall(r"\d+", text)]
    if len(nums) == 2:
        return nums[0], nums[1]
    if len(nums) == 1:
        (a,) = nums
        if "+" in text or "over" in text or "plus" in text:
            return a, 120
        if "under" in text or text.startswith("<"):
            return (0, a) if "and under" in text else (0, a - 1)
        return a, a
    raise ValueError(f"'{label}' is not an age band like '16-24' or '65+'.")


def esp2013_weights(bands) -> np.ndarray:
    """ESP2013 weights summed to the given age ``bands`` (labels like ``"0-15"``, ``"65+"``).

    Each 5-year ESP band is spread evenly over its years, so bands that cut a 5-year band
    (the Census "0-15" / "16-24" split cuts 15-19) get their share. The 90+ band is kept whole.
    The bands must not overlap; weights for bands that leave out ages sum to less than 100,000.

    Examples
    --------
    >>> esp2013_weights(["0-15", "16-24", "25-34", "35-49", "50-64", "65+"]).tolist()
    [17100.0, 10400.0, 12500.0, 21000.0, 19500.0, 19500.0]
    """
    per_year = np.zeros(121)
    for label, weight in ESP2013.items():
        a, b = parse_age_band(label)
        if b == 120:
            per_year[a] += weight  # the open band is only ever taken whole
        else:
            per_year[a:b + 1] += weight / (b - a + 1)
    out, used = [], np.zeros(121, dtype=bool)
    for band in bands:
        a, b = parse_age_band(band)
        if b < 120 and a < 90 <= b:
            raise ValueError(f"The band '{band}' cuts the ESP2013 open band 90+; end it before 90 or make it open (e.g. '85+').")
        span = slice(a, 121 if b == 120 else b + 1)
        if used[span].any():
            raise ValueError(f"The age band '{band}' overlaps another band.")
        used[span] = True
        out.append(per_year[span].sum())
    return np.asarray(out)


def directly_standardised_rate(events, population, weights, *, per: float = 100_000,
                               level: float = 0.95) -> dict:
    """A directly standardised rate with Dobson's confidence interval.

    Parameters
    ----------
    events, population : array of shape (..., n_bands)
        Counts and populations by age band; the last axis is the age band, so a table of
        many groups is done at once.
    weights : array of n_bands
        Standard population weights, e.g. from :func:`esp2013_weights`.

    Returns
    -------
    dict of numpy arrays
        ``rate``, ``lower``, ``upper``, ``variance`` (of the rate per ``per``, see
        :func:`dsr_variance`), ``events`` (total) and ``reliable`` (False when the total
        is under 10 events, where the guidance advises not to publish a DSR).

    Notes
    -----
    Dobson et al. (1991): the interval for the total count O (exact Poisson under 10, Byar
    from 10) is scaled by ``sqrt(var(DSR) / O)``.
    """
    o, n = _as_float(events), _as_float(population)
    w = _as_float(weights)
    if np.any(o < 0) or np.any(n <= 0):
        raise ValueError("Events cannot be negative and populations must be above zero in every age band.")
    w_total = w.sum()
    dsr = (o / n * w).sum(axis=-1) / w_total
    var = (o * (w / n) ** 2).sum(axis=-1) / w_total**2
    total = o.sum(axis=-1)
    lo_o, hi_o = poisson_limits(total, level)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(total > 0, np.sqrt(var / total), 0.0)
    # Dobson's variance is 0 with no events; then give the crude upper limit (events spread like the population)
    upper_zero = hi_o / n.sum(axis=-1)
    lower = dsr + scale * (lo_o - total)
    upper = np.where(total > 0, dsr + scale * (hi_o - total), upper_zero)
    return {"rate": dsr * per, "lower": lower * per, "upper": upper * per, "variance": var * per**2,
            "events": total, "reliable": total >= EXACT_BELOW}


def dsr_variance(events, population, weights, *, per: float = 100_000) -> np.ndarray:
    """The variance of a directly standardised rate: ``sum(w_i**2 * O_i / n_i**2)``.

    The weights are first scaled to add up to ``per`` (as for the rate itself), so the result
    is in (rate per ``per``) squared; it is what the gap between two DSRs is worked out from
    (see :func:`~coprod_helpers.populations.gaps.dsr_ratio`).

    Parameters
    ----------
    events, population : array of shape (..., n_bands)
        Counts and populations by age band (the last axis).
    weights : array of n_bands
        Standard population weights, e.g. from :func:`esp2013_weights`.

    Examples
    --------
    >>> float(dsr_variance([10, 20], [1000, 4000], [1, 1]))
    28125.0
    """
    o, n, w = _as_float(events), _as_float(population), _as_float(weights)
    if np.any(o < 0) or np.any(n <= 0):
        raise ValueError("Events cannot be negative and populations must be above zero in every age band.")
    scaled = w / w.sum() * per
    return (scaled**2 * o / n**2).sum(axis=-1)
