"""Run and SPC charts as inline SVG text (matplotlib, no pyplot, no CDN, text kept as text).

Signals are coloured and labelled in words on the chart and in the caption: blue for
improvement, orange for concern, purple where no direction is better (the colours of NHS
"Making Data Count", darkened for contrast on white). :func:`make_group_charts` draws one
chart per priority population, and :func:`make_gap_chart_svg` the gap between groups over
time, so a team sees whether inequality is closing and not only whether the average moves.
"""
from __future__ import annotations

import html
import io
import re

from .run_chart import RunChartResult, make_run_chart
from .spc import SPCResult, make_spc_chart

COLOURS = {"improvement": "#1f66b3", "concern": "#b35900", "neither": "#6a3d9a", "mixed": "#8b1a1a", "": "#5c5c5c"}
WORDS = {"improvement": "Improvement", "concern": "Concern", "neither": "Special cause", "mixed": "Improvement and concern"}
MAX_LABELS_ON_CHART = 4


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def figure_to_svg(fig, title: str) -> str:
    """An ``<svg>`` string with its text kept as text and a ``<title>`` for screen readers."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": title}):
        fig.savefig(buf, format="svg", bbox_inches="tight")
    svg = buf.getvalue()
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg[svg.index("<svg"):], flags=re.S)
    head_end = svg.index(">") + 1
    return svg[:head_end - 1] + ' role="img"' + svg[head_end - 1:head_end] + f"<title>{_esc(title)}</title>" + svg[head_end:]


def _finish_axes(ax, x, title, sub, unit):
    import textwrap

    import pandas as pd
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    if len(x) and isinstance(x[0], pd.Timestamp):
        locator = AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_title(title + "\n" + "\n".join(textwrap.wrap(sub, 110)), fontsize=9, loc="left")
    ax.set_ylabel(unit)
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _new_figure(width=8.0, height=3.6):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.8)
    return fig, ax


def _draw_points(ax, x, values, labels):
    ax.plot(x, values, color="#9a9a9a", linewidth=1.3, zorder=2)
    for key, colour in COLOURS.items():
        idx = [i for i, lab in enumerate(labels) if lab == key]
        if idx:
            ax.scatter([x[i] for i in idx], [values[i] for i in idx], color=colour, s=26 if key else 16, zorder=3,
                       label=WORDS.get(key) if key else None)


def _label_signals(ax, x, values, signals):
    shown = [s for s in signals if s.points][-MAX_LABELS_ON_CHART:]
    for k, s in enumerate(shown):
        i = s.points[-1]
        left_half = i < len(x) / 2
        ax.annotate(s.text, (x[i], values[i]), xytext=(8 if left_half else -8, 14 + 12 * (k % 2)),
                    textcoords="offset points", ha="left" if left_half else "right", fontsize=8, color=COLOURS[s.label],
                    arrowprops={"arrowstyle": "-", "color": COLOURS[s.label], "linewidth": 0.8})


def _mark_pdsa(ax, marks, x):
    import pandas as pd

    if not marks:
        return
    dated = isinstance(x[0], pd.Timestamp)
    for when, label in marks:
        pos = pd.Timestamp(when) if dated else when
        ax.axvline(pos, color="#2e7d32", linestyle=(0, (2, 2)), linewidth=1)
        ax.annotate(f"PDSA: {label}", (pos, 1), xycoords=("data", "axes fraction"), rotation=90, fontsize=7,
                    color="#2e7d32", ha="right", va="top")


def make_spc_chart_svg(result: SPCResult, *, title: str, unit: str = "") -> str:
    """Draw an :class:`SPCResult` as SVG: points, mean, limits (per phase), 2-sigma lines, signals, PDSA marks."""
    pts = result.points
    x, values = list(pts["x"]), list(pts["value"])
    fig, ax = _new_figure()
    for _, part in pts.groupby("phase"):
        px = list(part["x"])
        step = "mid" if result.chart != "xmr" else None
        ax.plot(px, part["centre"], color="#1a1a1a", linewidth=1.2, label="Mean" if part.index[0] == 0 else None)
        for col, style in (("ucl", "--"), ("lcl", "--"), ("upper2", ":"), ("lower2", ":")):
            kwargs = {"drawstyle": "steps-mid"} if step else {}
            ax.plot(px, part[col], color="#7a7a7a", linestyle=style, linewidth=1,
                    label=("Process limits" if col == "ucl" else None) if part.index[0] == 0 else None, **kwargs)
    if result.target is not None:
        ax.axhline(result.target, color="#2e7d32", linewidth=1.2, label="Target")
    _draw_points(ax, x, values, list(pts["signal"]))
    _label_signals(ax, x, values, result.signals)
    _mark_pdsa(ax, result.pdsa_marks, x)
    sub = f"{result.chart_name}{' (trial limits)' if result.trial else ''}. {result.variation_text}."
    if result.assurance:
        sub += f" {result.assurance_text}."
    _finish_axes(ax, x, title, sub, unit)
    return figure_to_svg(fig, f"{title}. {sub}")


def make_run_chart_svg(result: RunChartResult, *, title: str, unit: str = "", pdsa=None) -> str:
    """Draw a :class:`RunChartResult` as SVG with its median and labelled signals."""
    pts = result.points
    x, values = list(pts["x"]), list(pts["value"])
    fig, ax = _new_figure()
    for k, (_, part) in enumerate(pts.groupby("phase") if "phase" in pts else [(0, pts)]):
        ax.plot(list(part["x"]), list(part["median"]), color="#1a1a1a", linewidth=1.2,
                label="Median" if k == 0 else None)
    _draw_points(ax, x, values, list(pts["signal"]))
    _label_signals(ax, x, values, result.signals)
    _mark_pdsa(ax, pdsa or [], x)
    sub = "Run chart" + (" (Anhøj rules)" if result.rules == "anhoej" else "") + ". " + (
        f"{len(result.signals)} signal(s)." if result.signals else "No signal of change.")
    _finish_axes(ax, x, title, sub, unit)
    return figure_to_svg(fig, f"{title}. {sub}")


def analyse_series(series, *, chart: str = "auto", direction: str = "neither", target=None, multiplier: float = 1.0,
                   baseline=None, recalculate_at=None, pdsa=None, run_rules: str = "ihi"):
    """A run chart (``chart="run"``) or SPC chart for one group's points (date, value or numerator/denominator)."""
    df = series.sort_values("date")
    x = list(df["date"])
    if chart == "run":
        return make_run_chart(df["value"].to_numpy(float) * multiplier, x, direction=direction, rules=run_rules,
                              baseline=baseline, recalculate_at=recalculate_at)
    ratio = "denominator" in df.columns and df["denominator"].notna().all() and chart != "xmr"
    if ratio:
        return make_spc_chart(x=x, numerators=df["numerator"], denominators=df["denominator"], chart=chart,
                              direction=direction, target=target, multiplier=multiplier, baseline=baseline,
                              recalculate_at=recalculate_at, pdsa=pdsa)
    return make_spc_chart(df["value"].to_numpy(float) * multiplier, x,
                          chart="xmr", direction=direction, target=target, baseline=baseline,
                          recalculate_at=recalculate_at, pdsa=pdsa)


def chart_html(svg: str, result, *, caption: str) -> str:
    """The chart with a caption listing every signal and note in words."""
    items = [f'<li style="color:{COLOURS[s.label]}">{_esc(s.text)}</li>' for s in result.signals]
    items += [f"<li>{_esc(n)}</li>" for n in result.notes]
    if isinstance(result, SPCResult):
        items.insert(0, f"<li>{_esc(result.variation_text)}. {_esc(result.assurance_text)}.</li>")
    if not result.signals:
        items.insert(0, "<li>No signal of change: what you see is within the usual ups and downs.</li>")
    return (f'<figure class="measure-chart">{svg}<figcaption><strong>{_esc(caption)}</strong>'
            f'<ul>{"".join(items)}</ul></figcaption></figure>')


def make_group_charts(data, *, title: str, groups=None, unit: str = "", **options) -> dict:
    """One chart per group (priority population): ``{group: (result, html)}``.

    ``data`` has columns group, date, value (and numerator, denominator); ``options`` go to
    :func:`analyse_series`.
    """
    out = {}
    for group in groups or list(dict.fromkeys(data["group"])):
        part = data[data["group"] == group]
        if part.empty:
            continue
        result = analyse_series(part, **options)
        name = f"{title}: {group}"
        svg = (make_run_chart_svg(result, title=name, unit=unit, pdsa=options.get("pdsa"))
               if isinstance(result, RunChartResult) else make_spc_chart_svg(result, title=name, unit=unit))
        out[group] = (result, chart_html(svg, result, caption=name))
    return out


def gap_over_time(data, *, reference: str, kind: str = "ratio", multiplier: float = 1.0):
    """Each group's gap with the ``reference`` group at each date: ratio of values, or difference.

    Returns a DataFrame with date, group, value, reference_value and gap.
    """
    from ..errors import InputError

    if reference not in set(data["group"]):
        raise InputError(f"The comparison group '{reference}' has no data.", field="reference",
                         fix="Choose a group that appears in the data.")
    if kind not in ("ratio", "difference"):
        raise InputError(f"'{kind}' is not a kind of gap.", field="kind", fix="Choose 'ratio' or 'difference'.")
    wide = data.pivot_table(index="date", columns="group", values="value", aggfunc="first") * multiplier
    ref = wide[reference]
    rows = []
    for group in wide.columns:
        if group == reference:
            continue
        gap = wide[group] / ref if kind == "ratio" else wide[group] - ref
        rows += [{"date": d, "group": group, "value": v, "reference_value": r, "gap": g}
                 for d, v, r, g in zip(wide.index, wide[group], ref, gap)]
    import pandas as pd

    return pd.DataFrame(rows)


def make_gap_chart_svg(data, *, reference: str, title: str, kind: str = "ratio", multiplier: float = 1.0,
                       pdsa=None) -> str:
    """A line per group showing its gap with the reference group over time (1 or 0 = no gap)."""
    gaps = gap_over_time(data, reference=reference, kind=kind, multiplier=multiplier)
    fig, ax = _new_figure()
    palette = ["#1f66b3", "#b35900", "#6a3d9a", "#2e7d32", "#8b1a1a"]
    for k, (group, part) in enumerate(gaps.groupby("group", sort=False)):
        ax.plot(list(part["date"]), part["gap"], marker="o", markersize=3, color=palette[k % len(palette)],
                label=str(group))
    ax.axhline(1.0 if kind == "ratio" else 0.0, color="#1a1a1a", linewidth=1, label="No gap")
    _mark_pdsa(ax, pdsa or [], list(gaps["date"]))
    words = "times the rate for" if kind == "ratio" else "difference from"
    _finish_axes(ax, list(gaps["date"]), title, f"Each line: the group's value {words} {reference}.",
                 "ratio" if kind == "ratio" else "difference")
    return figure_to_svg(fig, f"{title}: gap with {reference} over time")
