"""Centre lines and process limits for SPC charts (the formulas, with no rules or icons).

Published formulas used:

- XmR (individuals) chart, Wheeler & Chambers (1992) *Understanding Statistical Process
  Control*, and NHS England "Making Data Count" (2019): centre = mean; moving range
  ``mR_i = |x_i - x_(i-1)|``; limits = mean ± 2.66·mR̄ (2.66 = 3/1.128, where 1.128 is the
  d2 constant for ranges of 2); 2-sigma lines = mean ± 2·mR̄/1.128.
- P chart (proportions), Montgomery (2019) *Introduction to Statistical Quality Control*
  ch. 7: p̄ = Σnumerator/Σdenominator; σ_i = sqrt(p̄(1−p̄)/n_i); limits p̄ ± 3σ_i, kept within
  0 and 1, so limits vary with each point's denominator.
- U chart (rates), Montgomery ch. 7: ū = Σevents/Σexposure; σ_i = sqrt(ū/n_i); limits ū ± 3σ_i,
  not below 0.
- Laney P′ and U′, Laney (2002) "Improved control charts for attributes", Quality
  Engineering 14(4):531-537: z_i = (y_i − centre)/σ_i; σ_z = mR̄(z)/1.128 from the moving
  ranges of the z-scores; limits centre ± 3·σ_i·σ_z. For very large denominators the P and
  U limits become too narrow (over-dispersion); σ_z widens them.
"""
from __future__ import annotations

import numpy as np

D2 = 1.128          # bias-correction constant for moving ranges of two points
XMR_FACTOR = 2.66   # 3/1.128 to two decimals, as published and used by Making Data Count
CHART_TYPES = {
    "xmr": "XmR chart (individual values)",
    "p": "P chart (proportions)",
    "u": "U chart (rates)",
    "p_prime": "Laney P′ chart (proportions, large denominators)",
    "u_prime": "Laney U′ chart (rates, large denominators)",
}


def moving_ranges(values) -> np.ndarray:
    """``|x_i - x_(i-1)|`` for i = 1..n-1."""
    v = np.asarray(values, dtype=float)
    return np.abs(np.diff(v))


def xmr_limits(values, fit=None) -> dict:
    """XmR centre and limits; parameters from the points where ``fit`` is True.

    Moving ranges are taken only between neighbouring fitted points.

    Returns
    -------
    dict
        centre, lcl, ucl, lower2, upper2 (arrays the length of ``values``), and mr_bar.
    """
    v = np.asarray(values, dtype=float)
    fit = np.ones(len(v), bool) if fit is None else np.asarray(fit, bool)
    mean = float(v[fit].mean())
    pairs = fit[1:] & fit[:-1]
    mr_bar = float(moving_ranges(v)[pairs].mean())
    sigma = mr_bar / D2
    ones = np.ones(len(v))
    return {"centre": mean * ones, "sigma": sigma * ones, "lcl": (mean - XMR_FACTOR * mr_bar) * ones,
            "ucl": (mean + XMR_FACTOR * mr_bar) * ones, "lower2": (mean - 2 * sigma) * ones,
            "upper2": (mean + 2 * sigma) * ones, "mr_bar": mr_bar}


def _attribute_sigma(kind: str, centre: float, denominators: np.ndarray) -> np.ndarray:
    if kind == "p":
        return np.sqrt(centre * (1 - centre) / denominators)
    return np.sqrt(centre / denominators)


def laney_sigma_z(values, denominators, kind: str, centre: float, fit=None) -> float:
    """Laney's σ_z: mean moving range of the z-scores over 1.128 (1 means no over-dispersion)."""
    v = np.asarray(values, dtype=float)
    n = np.asarray(denominators, dtype=float)
    fit = np.ones(len(v), bool) if fit is None else np.asarray(fit, bool)
    sigma = _attribute_sigma(kind, centre, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (v - centre) / sigma
    pairs = fit[1:] & fit[:-1]
    return float(moving_ranges(z)[pairs].mean() / D2)


def attribute_limits(numerators, denominators, kind: str, *, laney: bool = False, fit=None) -> dict:
    """P, U, P′ or U′ centre and limits for each point.

    Parameters
    ----------
    numerators, denominators : sequence of float
        Events (or people with the outcome) and the population (or exposure) per point.
    kind : {"p", "u"}
        Proportion or rate.
    laney : bool
        Widen the limits by Laney's σ_z.
    fit : sequence of bool, optional
        Which points set the centre line (a frozen baseline); all by default.
    """
    num = np.asarray(numerators, dtype=float)
    den = np.asarray(denominators, dtype=float)
    fit = np.ones(len(num), bool) if fit is None else np.asarray(fit, bool)
    centre = float(num[fit].sum() / den[fit].sum())
    sigma = _attribute_sigma(kind, centre, den)
    sigma_z = laney_sigma_z(num / den, den, kind, centre, fit) if laney else 1.0
    s = sigma * sigma_z
    upper_cap = 1.0 if kind == "p" else np.inf
    clip = lambda a: np.clip(a, 0.0, upper_cap)  # noqa: E731
    return {"centre": centre * np.ones(len(num)), "sigma": s, "lcl": clip(centre - 3 * s), "ucl": clip(centre + 3 * s),
            "lower2": clip(centre - 2 * s), "upper2": clip(centre + 2 * s), "sigma_z": sigma_z}
