"""Inequality across deprivation: the slope and relative indices of inequality (SII / RII).

Method (as in the public health profiles' guidance): order the deciles or quintiles from most
to least deprived, give each the midpoint of its share of the cumulative population (0 = most
deprived end, 1 = least deprived end), and fit a straight line to the rates by least squares
weighted by population. Here:

* ``sii`` = fitted value at the most deprived end minus fitted value at the least deprived end
  (positive: higher in more deprived areas);
* ``rii`` = fitted value at the most deprived end divided by the value at the least deprived end.

Confidence intervals are by simulation (the method the guidance uses): each group's value is
drawn many times from a normal distribution whose spread comes from its own confidence interval
(Byar/exact for rates, Wilson for proportions), the line refitted, and the 2.5th and 97.5th
percentiles taken. The random seed is fixed so results repeat. ``method="analytic"`` gives the
weighted-least-squares standard error of the slope instead (no interval for the RII then).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .rates import crude_rate, proportion, z_value


def rank_midpoints(population) -> np.ndarray:
    """Cumulative-population midpoints (0 to 1) for groups already ordered most to least deprived."""
    n = np.asarray(population, float)
    share = n / n.sum()
    return np.cumsum(share) - share / 2


def _fit(x, y, w):
    """Weighted least squares of y on x along the last axis; returns (intercept, slope)."""
    w = w / w.sum()
    xm = (w * x).sum()
    ym = (w * y).sum(axis=-1)
    slope = (w * (x - xm) * (y - ym[..., None])).sum(axis=-1) / (w * (x - xm) ** 2).sum()
    return ym - slope * xm, slope


def slope_index_of_inequality(events, population, *, order=None, kind: str = "rate", per: float = 100_000,
                              level: float = 0.95, method: str = "simulation", n_sims: int = 10_000,
                              seed: int = 2013) -> dict:
    """SII and RII across deprivation groups, with confidence intervals.

    Parameters
    ----------
    events, population : array-like
        Counts and denominators per deprivation group.
    order : array-like, optional
        Deprivation decile/quintile of each group (1 = most deprived). Groups are sorted by it.
    kind : {"rate", "proportion"}
    method : {"simulation", "analytic"}
        How the intervals are found (see the module notes).

    Returns
    -------
    dict
        ``sii``, ``sii_lower``, ``sii_upper``, ``rii``, ``rii_lower``, ``rii_upper``, ``method``.

    Examples
    --------
    >>> r = slope_index_of_inequality([60, 50, 40, 30, 20], [1000] * 5, per=1000)
    >>> round(r["sii"], 1), round(r["rii"], 2)
    (50.0, 4.33)
    """
    o, n = np.asarray(events, float), np.asarray(population, float)
    if order is not None:
        idx = np.argsort(np.asarray(order, float), kind="stable")
        o, n = o[idx], n[idx]
    if len(o) < 3:
        raise ValueError("The SII needs at least three deprivation groups.")
    if kind == "rate":
        r = crude_rate(o, n, per=per, level=level)
        value, lo, hi = r["rate"], r["lower"], r["upper"]
    else:
        r = proportion(o, n, per=per, level=level)
        value, lo, hi = r["value"], r["lower"], r["upper"]
    x = rank_midpoints(n)
    a, b = _fit(x, value, n)
    most, least = a, a + b
    out = {"sii": float(most - least), "rii": float(most / least) if least > 0 else np.nan,
           "method": method, "level": level}
    z = z_value(level)
    if method == "analytic":
        w = n / n.sum()
        resid = value - (a + b * x)
        dof = len(x) - 2
        sigma2 = (w * resid**2).sum() / dof * len(x)
        xm = (w * x).sum()
        se = np.sqrt(sigma2 / (len(x) * (w * (x - xm) ** 2).sum()))
        out.update(sii_lower=out["sii"] - z * se, sii_upper=out["sii"] + z * se,
                   rii_lower=np.nan, rii_upper=np.nan)
        return out
    if method != "simulation":
        raise ValueError("method must be 'simulation' or 'analytic'.")
    se = (hi - lo) / (2 * z)
    rng = np.random.default_rng(seed)
    draws = value + rng.standard_normal((n_sims, len(value))) * se
    a_s, b_s = _fit(x, draws, n)
    sii_s = -b_s
    with np.errstate(divide="ignore", invalid="ignore"):
        rii_s = a_s / (a_s + b_s)
    q = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    out["sii_lower"], out["sii_upper"] = (float(v) for v in np.percentile(sii_s, q))
    out["rii_lower"], out["rii_upper"] = (float(v) for v in np.nanpercentile(rii_s, q))
    return out


def summarise_by_deprivation(table: pd.DataFrame, *, decile_col: str = "group", events_col: str = "events",
                             denominator_col: str = "population", to_quintiles: bool = False, **kwargs) -> dict:
    """SII/RII from a breakdown table whose groups are deprivation deciles (1 = most deprived).

    With ``to_quintiles=True`` deciles are paired into quintiles first.
    """
    t = table[[decile_col, events_col, denominator_col]].copy()
    t["rank"] = pd.to_numeric(t[decile_col], errors="coerce")
    t = t.dropna(subset=["rank"])
    if to_quintiles:
        t["rank"] = (t["rank"] + 1) // 2
        t = t.groupby("rank", as_index=False)[[events_col, denominator_col]].sum()
    t[[events_col, denominator_col]] = t[[events_col, denominator_col]].astype(float)
    return slope_index_of_inequality(t[events_col], t[denominator_col], order=t["rank"], **kwargs)
