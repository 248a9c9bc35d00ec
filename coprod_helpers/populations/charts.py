"""Charts as inline SVG text (matplotlib, no CDN): a forest plot of ratios and rates with CIs.

Rows hidden by disclosure control (``"*"``) are left out of the chart and named underneath.
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd

COLOURS = {"worse": "#b2182b", "better": "#2166ac", "similar": "#4d4d4d", "higher": "#b35806",
           "lower": "#542788", "not compared": "#4d4d4d"}


def _figure(n_rows: int):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 0.45 * n_rows + 1.4))
    return fig, ax, plt


def _to_svg(fig, plt, title: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.find("<svg"):]  # drop the XML prologue so it can sit inside HTML
    from html import escape

    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title, quote=True)}" ', 1)


def _usable(table: pd.DataFrame, cols) -> pd.DataFrame:
    t = table.copy()
    for c in cols:
        t[c] = pd.to_numeric(t[c], errors="coerce")
    return t.dropna(subset=list(cols))


def make_forest_plot(table: pd.DataFrame, *, title: str = "How many times as likely, compared with the reference group",
                     label_col: str = "group") -> str:
    """A forest plot of rate ratios with CIs (log scale), as an SVG string.

    ``table`` comes from :func:`~coprod_helpers.populations.gaps.compare_groups` (or a
    :class:`~coprod_helpers.populations.breakdowns.Breakdown` table).
    """
    t = _usable(table, ["ratio", "ratio_lower", "ratio_upper"])
    t = t[(t["ratio"] > 0) & (t["ratio_lower"] > 0)].iloc[::-1]
    fig, ax, plt = _figure(max(len(t), 1))
    y = np.arange(len(t))
    colours = [COLOURS.get(str(c), "#4d4d4d") for c in t.get("compared", ["similar"] * len(t))]
    ax.hlines(y, t["ratio_lower"], t["ratio_upper"], color=colours, linewidth=2)
    ax.scatter(t["ratio"], y, color=colours, zorder=3, s=30)
    ax.axvline(1, color="#000000", linewidth=1, linestyle="--")
    ax.set_xscale("log")
    ax.set_yticks(y, t[label_col].astype(str))
    ax.set_xlabel("Ratio (1 = the same as the reference group; log scale)")
    ax.set_title(title, fontsize=11)
    _note_hidden(ax, table, t, label_col)
    return _to_svg(fig, plt, title)


def make_rate_chart(table: pd.DataFrame, *, title: str = "Rate in each group, with the range we are fairly sure of",
                    per_words: str = "per 100,000 people", label_col: str = "group", benchmark: float | None = None) -> str:
    """Rates (or percentages) by group with CI bars, as an SVG string; optional benchmark line."""
    t = _usable(table, ["value", "lower", "upper"]).iloc[::-1]
    fig, ax, plt = _figure(max(len(t), 1))
    y = np.arange(len(t))
    colours = [COLOURS.get(str(c), "#4d4d4d") for c in t.get("compared", ["similar"] * len(t))]
    ax.barh(y, t["value"], color="#c6dbef", edgecolor="#4d4d4d")
    ax.hlines(y, t["lower"], t["upper"], color=colours, linewidth=2)
    ax.scatter(t["lower"], y, marker="|", color=colours, s=60)
    ax.scatter(t["upper"], y, marker="|", color=colours, s=60)
    if benchmark is not None:
        ax.axvline(benchmark, color="#000000", linestyle="--", linewidth=1, label="Benchmark")
        ax.legend(loc="lower right")
    ax.set_yticks(y, t[label_col].astype(str))
    ax.set_xlabel(per_words)
    ax.set_title(title, fontsize=11)
    _note_hidden(ax, table, t, label_col)
    return _to_svg(fig, plt, title)


def _note_hidden(ax, table, shown, label_col):
    hidden = [str(g) for g in table[label_col] if g not in set(shown[label_col])]
    if hidden:
        ax.annotate("Not shown (numbers too small or no events): " + ", ".join(hidden), xy=(0, -0.12),
                    xycoords="axes fraction", va="top", fontsize=8, wrap=True)
