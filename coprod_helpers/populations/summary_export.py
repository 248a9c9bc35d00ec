"""The data-review summary (step 5) as shareable HTML and XLSX.

What is shared carries no contributor names or contact details, only consented (redacted)
quotes, and hides small counts (see :mod:`.disclosure`). Spreadsheet cells are made safe
from formula injection through :mod:`coprod_helpers.exports`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import pandas as pd

from ..exports import to_safe_xlsx
from ..tables import finite_number
from . import feedback, gap_results, plain_words, prioritising
from .breakdowns import Breakdown
from .data_quality import is_small_count, shareable_quality
from .disclosure import DEFAULT_THRESHOLD, MARKER, suppress_breakdown, suppress_table

GAP_COLUMNS = ["rank", "group", "events", "population", "value", "lower", "upper", "ratio", "ratio_lower",
               "ratio_upper", "excess", "compared", "reference"]


@dataclass
class Summary:
    """Everything in the shared summary; every table in it is already safe to share."""

    title: str
    breakdowns: list[Breakdown]
    gap_tables: dict[str, pd.DataFrame]
    themes: pd.DataFrame
    populations: list[dict] = field(default_factory=list)
    decision: dict | None = None
    threshold: int = DEFAULT_THRESHOLD
    #: The saved gap result the priority populations' gaps come from (measure, split_by, saved_at).
    gap_source: dict | None = None


def build_summary(breakdowns, *, store=None, project_id: str | None = None, priority_populations=(),
                  title: str = "Data review summary", threshold: int = DEFAULT_THRESHOLD,
                  action: str = "have this happen", gap_groups: dict | None = None,
                  gap_result: dict | None = None) -> Summary:
    """Put the shareable summary together.

    Parameters
    ----------
    breakdowns : list of Breakdown
        Made with :func:`~coprod_helpers.populations.breakdowns.make_breakdown`; small counts
        are hidden here even if they were not when made.
    store, project_id : optional
        To add themes, consented quotes and the latest decision.
    priority_populations : list of str
        For the side-by-side view: the population names as used in the feedback. Their top
        themes carry counts hidden the same way as the Themes table (``"Theme (*)"``).
    threshold : int
        Counts from 1 up to ``threshold - 1`` are hidden everywhere in the summary, including
        the data quality line (unknown / not stated) and the top themes.
    gap_groups : dict, optional
        ``{priority population: gap group or None}``: which group of the saved gap result each
        population is. A population left out gets the group with the same name, if any
        (see :func:`default_gap_groups`).
    gap_result : dict, optional
        A result from :func:`~coprod_helpers.populations.gap_results.latest_gap_results`;
        by default the latest one saved in the project. Its small counts are hidden.

    Examples
    --------
    >>> summary = build_summary([], store=store, project_id=project.id,          # doctest: +SKIP
    ...                         priority_populations=["Young Black men"],
    ...                         gap_groups={"Young Black men": "Black: Caribbean"}, action="be detained")
    >>> summary.populations[0]["gap"]["in_words"]                                 # doctest: +SKIP
    'People in the Black: Caribbean group are 3.6 times as likely as ...'
    """
    gap_tables = {}
    for b in breakdowns:
        t = b.table if b.shareable else suppress_breakdown(b.table, threshold=threshold)
        t = t[[c for c in GAP_COLUMNS if c in t.columns]].copy()
        t["in_words"] = _sentences(t, action, b.level)
        gap_tables[f"{b.measure} by {b.group_type} ({b.period})"] = t
    themes = pd.DataFrame()
    populations, decision, gap_source = [], None, None
    if store is not None and project_id is not None:
        counts = feedback.theme_counts(store, project_id, by="population")
        if not counts.empty:
            themes, _ = suppress_table(counts.reset_index(), threshold=threshold, total_column="Total")
        if gap_result is None:
            gap_result = gap_results.latest_gap_results(store, project_id)
        shared_gaps = shareable_gap_rows(gap_result, threshold=threshold)
        groups = shared_gaps["group"].astype(str).tolist() if not shared_gaps.empty else []
        chosen = {**default_gap_groups(priority_populations, groups), **(gap_groups or {})}
        if gap_result is not None:
            gap_source = {k: gap_result.get(k) for k in ("measure", "split_by", "saved_at")}
        for pop in priority_populations:
            populations.append({"population": pop,
                                "top_themes": _shared_top_themes(feedback.top_themes(store, project_id, pop),
                                                                 themes, pop, threshold),
                                "quotes": feedback.quotes_with_consent(store, project_id, pop)[:5],
                                "gap": describe_population_gap(chosen.get(pop), shared_gaps, gap_result,
                                                               action=action)})
        rec = prioritising.latest_decision(store, project_id)
        if rec is not None:
            decision = {k: rec.data[k] for k in ("chosen", "reason", "took_part")}
    return Summary(title, list(breakdowns), gap_tables, themes, populations, decision, threshold, gap_source)


def default_gap_groups(populations, groups) -> dict:
    """Each population's gap group: the group with the same name (ignoring case and spaces), else None.

    Examples
    --------
    >>> default_gap_groups(["young people", "Bangladeshi women"], ["Young  People", "White: British"])
    {'young people': 'Young  People', 'Bangladeshi women': None}
    """
    lookup = {}
    for g in groups:
        lookup.setdefault(_same(g), g)
    return {p: lookup.get(_same(p)) for p in populations}


def _same(text) -> str:
    return " ".join(str(text).split()).casefold()


#: Columns of a saved gap row that are not worked out from its count (kept when the count is hidden).
_NOT_DERIVED = {"group", "events", "population", "reference", "reference_value", "level", "rank"}


def shareable_gap_rows(result: dict | None, *, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """A saved gap result's rows with small counts, and every figure worked out from them, hidden."""
    table = gap_results.gap_table(result) if result else pd.DataFrame()
    if table.empty:
        return table
    derived = [c for c in table.columns if c not in _NOT_DERIVED]
    if "events" not in table.columns:  # the size cannot be checked, so nothing worked out from it is shared
        table = table.astype(object)
        table[derived] = MARKER
        return table.assign(suppressed=True)
    return suppress_breakdown(table, derived=derived, threshold=threshold)


def describe_population_gap(group, shared: pd.DataFrame, result: dict | None, *,
                            action: str = "have this happen") -> dict:
    """One population's gap from the shareable gap rows: ``group``, ``in_words`` and the shared figures."""
    out = {"group": group, "reference": None, "ratio": None, "ratio_lower": None, "ratio_upper": None,
           "excess": None}
    if result is None or shared.empty:
        return {**out, "in_words": "No gaps have been saved yet: find them and keep them on the page about gaps."}
    if not group:
        return {**out, "in_words": "Not matched to a group in the numbers."}
    rows = shared[shared["group"].astype(str) == str(group)]
    if rows.empty:
        return {**out, "in_words": f"The saved numbers have no group called {group}."}
    row = rows.iloc[0].to_dict()
    out.update({k: row.get(k) for k in ("reference", "ratio", "ratio_lower", "ratio_upper", "excess")})
    if row.get("group") == row.get("reference"):
        return {**out, "in_words": "This is the group the others are compared with."}
    if row.get("ratio") == MARKER:
        return {**out, "in_words": f"The numbers for the {group} group are too small to share."}
    level = finite_number(row.get("level")) or 0.95
    words = plain_words.describe_gap(str(group), str(row.get("reference")), finite_number(row.get("ratio")),
                                     finite_number(row.get("ratio_lower")), finite_number(row.get("ratio_upper")),
                                     action=action, level=level)
    excess = [finite_number(row.get(k)) for k in ("excess", "excess_lower", "excess_upper")]
    if None not in excess:
        words += " " + plain_words.describe_excess(str(group), *excess, reference=str(row.get("reference")),
                                                   events_word=str(result.get("measure") or "events"))
    return {**out, "in_words": words}


def _shared_top_themes(top, themes: pd.DataFrame, population: str, threshold: int) -> list[tuple[str, object]]:
    """Top themes with each count as shown in the (suppressed) Themes table: small ones as ``*``."""
    lookup = {}
    if not themes.empty and population in themes.columns:
        lookup = dict(zip(themes.iloc[:, 0].astype(str), themes[population]))
    out = []
    for theme, n in top:
        shown = lookup.get(str(theme), n)
        out.append((theme, MARKER if shown == MARKER or is_small_count(n, threshold) else n))
    return out


def _count_text(n, threshold: int):
    """A count as it may be shared: ``*`` from 1 up to ``threshold - 1``."""
    return MARKER if is_small_count(n, threshold) else n


def _quality(summary: Summary, b: Breakdown) -> dict:
    """The breakdown's data quality with a small unknown / not stated count hidden."""
    return shareable_quality(b.quality, threshold=summary.threshold)


def _sentences(t: pd.DataFrame, action: str, level: float) -> list[str]:
    out = []
    for row in t.itertuples(index=False):
        if row.group == row.reference:
            out.append("This is the reference group.")
        elif isinstance(row.ratio, str):
            out.append("Numbers too small to share.")
        else:
            out.append(plain_words.describe_gap(row.group, row.reference, float(row.ratio), float(row.ratio_lower),
                                                float(row.ratio_upper), action=action, level=level))
    return out


def export_summary_xlsx(summary: Summary, path=None):
    """The summary as an Excel workbook (bytes if no ``path``), formula-injection safe.

    Small counts are hidden (``*``) in every sheet, including the unknown / not stated count
    in "Data quality" and the top themes in "Priority populations".
    """
    sheets = {}
    for i, (name, table) in enumerate(summary.gap_tables.items(), start=1):
        sheets[f"Gaps {i}"] = table.assign(breakdown=name)
    qualities = [(b, _quality(summary, b)) for b in summary.breakdowns]
    sheets["Data quality"] = pd.DataFrame([{"breakdown": f"{b.measure} by {b.group_type} ({b.period})",
                                            "unknown": q["unknown"], "total": q["total"],
                                            "share_unknown": q["share"], "in_words": q["message"]}
                                           for b, q in qualities])
    if not summary.themes.empty:
        sheets["Themes"] = summary.themes
    if summary.populations:
        sheets["Priority populations"] = pd.DataFrame([{
            "population": p["population"], "gap": (p.get("gap") or {}).get("in_words", ""),
            "top_themes": "; ".join(f"{t} ({_count_text(n, summary.threshold)})" for t, n in p["top_themes"]),
            "quotes": "\n".join(p["quotes"])} for p in summary.populations])
    if summary.gap_source and summary.populations:
        sheets["Priority gaps"] = pd.DataFrame([{
            "population": p["population"], "measure": summary.gap_source.get("measure"),
            "split_by": summary.gap_source.get("split_by"),
            **{k: _cell(p["gap"].get(k)) for k in ("group", "reference", "ratio", "ratio_lower", "ratio_upper",
                                                   "excess")},
            "in_words": p["gap"]["in_words"]} for p in summary.populations])
    if summary.decision:
        sheets["Decision"] = pd.DataFrame([{"chosen": "; ".join(summary.decision["chosen"]),
                                            "reason": summary.decision["reason"],
                                            "took_part": "; ".join(f"{k}: {v}" for k, v in summary.decision["took_part"].items())}])
    return to_safe_xlsx(sheets, path)


def _cell(value):
    """A figure for a spreadsheet cell: numbers as numbers, hidden ones as ``*``, missing as blank."""
    if value is None or value == MARKER or isinstance(value, str):
        return value
    number = finite_number(value)
    return None if number is None else round(number, 2)


def _table_html(t: pd.DataFrame) -> str:
    head = "".join(f"<th scope='col'>{escape(str(c), quote=True)}</th>" for c in t.columns)
    body = []
    for row in t.itertuples(index=False):
        cells = []
        for v in row:
            text = f"{v:,.1f}" if isinstance(v, float) else str(v)
            cells.append(f"<td>{escape(text, quote=True)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def export_summary_html(summary: Summary, *, charts: bool = True) -> str:
    """The summary as one self-contained HTML page (inline SVG charts, no external files).

    Small counts are hidden (``*``) throughout, including the data quality line and top themes.
    """
    from .charts import make_forest_plot, make_rate_chart

    parts = [f"<h1>{escape(summary.title)}</h1>",
             f"<p>Counts under {summary.threshold} are hidden and shown as *, with another count hidden where "
             "a total could give them away.</p>"]
    for b, (name, table) in zip(summary.breakdowns, summary.gap_tables.items()):
        parts.append(f"<h2>{escape(name)}</h2><p>{escape(_quality(summary, b)['message'])}</p>")
        if charts:
            parts.append(make_forest_plot(table))
            parts.append(make_rate_chart(table, per_words=b.per_words))
        parts.append(_table_html(table))
    if not summary.themes.empty:
        parts.append("<h2>Common themes</h2>" + _table_html(summary.themes))
    if summary.populations and summary.gap_source:
        src = summary.gap_source
        by = f" by {src['split_by']}" if src.get("split_by") else ""
        parts.append(f"<p>The gaps below come from the latest saved result: {escape(str(src.get('measure')))}"
                     f"{escape(by)}.</p>")
    sections = []
    for p in summary.populations:
        themes = "".join(f"<li>{escape(str(t))} ({escape(str(_count_text(n, summary.threshold)))})</li>"
                         for t, n in p["top_themes"]) or "<li>No themes yet</li>"
        quotes = "".join(f"<blockquote>{escape(q)}</blockquote>" for q in p["quotes"])
        gap = p.get("gap")
        gap_html = "" if gap is None else f"<h3>The gap</h3><p>{escape(gap['in_words'])}</p>"
        sections.append(f"<section><h2>{escape(p['population'])}</h2>{gap_html}<h3>Top themes</h3><ul>{themes}</ul>"
                        f"<h3>In their words (with consent)</h3>{quotes or '<p>No quotes yet.</p>'}</section>")
    if sections:
        parts.append(f"<div class='side-by-side'>{''.join(sections)}</div>")
    if summary.decision:
        d = summary.decision
        took = ", ".join(f"{escape(k)}: {v}" for k, v in d["took_part"].items())
        parts.append(f"<h2>What the team decided</h2><p>Chosen: {escape(', '.join(d['chosen']))}</p>"
                     f"<p>Why: {escape(d['reason'])}</p><p>Who took part: {took}</p>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em;color:#1a1a1a}"
             "table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #999;padding:.2em .4em}"
             "blockquote{border-left:4px solid #2166ac;margin:.5em 0;padding-left:.6em}"
             ".side-by-side{display:flex;flex-wrap:wrap;gap:1em}.side-by-side section{flex:1 1 18em}")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(summary.title)}</title>"
            f"<style>{style}</style></head><body><main>{''.join(parts)}</main></body></html>")
