"""Disclosure control: hide small counts in anything shared, so no one can be picked out.

* Primary suppression: counts from 1 up to ``threshold - 1`` (default under 5) are hidden and
  shown as ``"*"``. Zeros are shown unless ``suppress_zeros=True``.
* Secondary suppression: where a row or column has a total, a single hidden cell could be
  worked out by subtraction, so the next smallest cell in that row or column is hidden too
  (a non-zero one if there is one). This is repeated until every row and column with a total
  has either no hidden cell or at least two.

This is the usual "next smallest cell" rule. It stops subtraction from a single line; it is
not a full linear-programming audit of every combination of lines.

Analyst views can show everything: only call these functions for what is shared.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_THRESHOLD = 5
MARKER = "*"


def primary_mask(values, *, threshold: int = DEFAULT_THRESHOLD, suppress_zeros: bool = False) -> np.ndarray:
    """True where a count is small enough to hide."""
    v = np.asarray(values, float)
    low = 0 if suppress_zeros else 1
    return (v >= low) & (v < threshold)


def _lines(shape, row_totals, col_totals):
    n_rows, n_cols = shape
    lines = []
    if row_totals:
        lines += [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    if col_totals:
        lines += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    return lines


def secondary_mask(values, mask, *, row_totals: bool = True, col_totals: bool = True,
                   locked=None) -> np.ndarray:
    """Add secondary suppressions to ``mask`` so no line with a total has exactly one hidden cell.

    Parameters
    ----------
    values : 2-D array
        The counts, including any total row/column as ordinary cells of their lines.
    mask : 2-D bool array
        Primary suppressions.
    row_totals, col_totals : bool
        Whether each row / each column sums to a published total (and so needs protecting).
    locked : 2-D bool array, optional
        Cells that must not be chosen as secondary (e.g. the grand total).
    """
    v = np.asarray(values, float)
    m = np.array(mask, dtype=bool, copy=True)
    if v.ndim == 1:
        v, m = v[None, :], m[None, :]
        col_totals = False
    locked = np.zeros_like(m) if locked is None else np.asarray(locked, bool).reshape(m.shape)
    lines = _lines(v.shape, row_totals, col_totals)
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [c for c in line if m[c]]
            if len(hidden) != 1:
                continue
            options = [c for c in line if not m[c] and not locked[c]]
            if not options:
                continue
            non_zero = [c for c in options if v[c] > 0] or options
            pick = min(non_zero, key=lambda c: (v[c], c))
            m[pick] = True
            changed = True
    return m.reshape(np.shape(mask))


def suppress_table(df: pd.DataFrame, columns=None, *, threshold: int = DEFAULT_THRESHOLD,
                   total_row=None, total_column=None, row_totals=None, col_totals=None,
                   suppress_zeros: bool = False, marker: str = MARKER):
    """Hide small counts in a cross-table and return the shareable copy and the mask.

    Parameters
    ----------
    df : DataFrame
        Rows are groups, ``columns`` hold counts.
    columns : list, optional
        The count columns (all numeric columns by default).
    total_row : index label, optional
        The label of a row holding column totals (it is checked and protected like any cell).
    total_column : str, optional
        The column holding row totals.
    row_totals, col_totals : bool, optional
        Whether rows/columns sum to a total that others can see. By default, true when a total
        column/row is given; pass True to protect totals published elsewhere.

    Returns
    -------
    (shared, mask) : (DataFrame, DataFrame of bool)
        ``shared`` has the hidden cells replaced by ``marker`` (as text).

    Examples
    --------
    >>> t = pd.DataFrame({"a": [3, 10, 13], "b": [8, 20, 28]}, index=["x", "y", "Total"])
    >>> suppress_table(t, total_row="Total")[0]["a"].tolist()
    ['*', '*', 13]
    """
    columns = list(columns) if columns is not None else list(df.select_dtypes("number").columns)
    values = df[columns].to_numpy(float)
    m = primary_mask(values, threshold=threshold, suppress_zeros=suppress_zeros)
    row_totals = (total_column is not None) if row_totals is None else row_totals
    col_totals = (total_row is not None) if col_totals is None else col_totals
    m = secondary_mask(values, m, row_totals=row_totals, col_totals=col_totals)
    mask = pd.DataFrame(m, index=df.index, columns=columns)
    shared = df.copy()
    for col in columns:
        shared[col] = shared[col].astype(object).where(~mask[col], marker)
    return shared, mask


def suppress_breakdown(table: pd.DataFrame, *, count_col: str = "events", derived=None,
                       threshold: int = DEFAULT_THRESHOLD, has_total: bool = True,
                       suppress_zeros: bool = False, marker: str = MARKER) -> pd.DataFrame:
    """A shareable copy of a one-way breakdown (one row per group) with small counts hidden.

    Every column worked out from the hidden count (rates, CIs, ratios, excess events...) is
    hidden in the same rows. ``has_total`` says the groups add up to a total people can see
    (true for a full breakdown), which triggers secondary suppression.

    Parameters
    ----------
    derived : list of str, optional
        Columns to hide with the count; by default every numeric column except the
        denominators ``population``/``denominator``.
    """
    t = table.reset_index(drop=True)
    if derived is None:
        keep = {"population", "denominator", "level", "reference_value", "rank"}
        derived = [c for c in t.select_dtypes("number").columns if c != count_col and c not in keep]
        derived += [c for c in ("compared", "plain_words") if c in t.columns]
    values = t[count_col].to_numpy(float)
    m = primary_mask(values, threshold=threshold, suppress_zeros=suppress_zeros)
    if has_total:
        m = secondary_mask(values[None, :], m[None, :], row_totals=True, col_totals=False)[0]
    shared = t.copy()
    for col in [count_col, *derived]:
        shared[col] = shared[col].astype(object).where(~m, marker)
    shared["suppressed"] = m
    return shared
