"""What people said: snippets, themes the group creates, and who coded what to which theme.

Every snippet is redacted (see :mod:`.redaction`) before it is stored, so personal details
never reach the store. Records in the store:

* ``snippet``: source, population, date, consent_to_quote, text (redacted), redactions (kinds);
* ``theme``: name, description;
* ``coding``: one per coder, snippet and theme (``about_id`` = the snippet); ``active`` False
  when a coder takes a code back off.
"""
from __future__ import annotations

from datetime import date as _date

import pandas as pd

from ..errors import InputError, Problem
from ..tables import read_table, require_columns, spreadsheet_row
from .redaction import Redaction, RedactionResult, redact_text

SOURCES = ("interview", "focus group", "survey", "drop-in", "staff")
MAX_TEXT = 5000
YES = {"yes", "y", "true", "1", "consent", "agreed"}
NO = {"no", "n", "false", "0", "", "none"}


def _clean_date(value, *, source=None, row=None) -> str:
    if value in (None, ""):
        return _date.today().isoformat()
    if isinstance(value, _date):
        return value.isoformat()
    parsed = pd.to_datetime(str(value).strip(), errors="coerce", dayfirst=True, format="mixed")
    if pd.isna(parsed):
        raise InputError(Problem(f"'{value}' is not a date.", fix="Write it like 2025-02-06 or 06/02/2025.",
                                 source=source, row=row, field="date"))
    return parsed.date().isoformat()


def check_snippet(*, text, source, population="", date=None, consent_to_quote=False, names=(),
                  form: str | None = None, row: int | None = None) -> dict:
    """Check one snippet and redact its text; return the data to store (raises InputError)."""
    problems = []
    raw = "" if text is None else str(text).strip()
    if not raw:
        problems.append(Problem("The text is empty.", fix="Type or paste what the person said.", source=form,
                                row=row, field="text"))
    elif len(raw) > MAX_TEXT:
        problems.append(Problem(f"The text is longer than {MAX_TEXT} characters.", fix="Split it into shorter snippets.",
                                source=form, row=row, field="text"))
    src = str(source or "").strip().lower()
    if src not in SOURCES:
        problems.append(Problem(f"'{source}' is not one of the sources.", fix="Use one of: " + ", ".join(SOURCES) + ".",
                                source=form, row=row, field="source"))
    if isinstance(consent_to_quote, str):
        answer = consent_to_quote.strip().lower()
        if answer not in YES | NO:
            problems.append(Problem(f"'{consent_to_quote}' is not yes or no.", fix="Write yes or no.", source=form,
                                    row=row, field="consent_to_quote"))
        consent_to_quote = answer in YES
    try:
        when = _clean_date(date, source=form, row=row)
    except InputError as err:
        problems += err.problems
        when = None
    if problems:
        raise InputError(problems)
    result = redact_text(raw, names=names)
    return {"text": result.text, "source": src, "population": str(population or "").strip(), "date": when,
            "consent_to_quote": bool(consent_to_quote), "redactions": [r.kind for r in result.redactions],
            "redaction_summary": result.summary()}


def add_snippet(store, project_id: str, *, by, names=(), **fields):
    """Redact and store one snippet; returns the Record. See :func:`check_snippet` for the fields."""
    return store.add(project_id, "snippet", check_snippet(names=names, form="snippet form", **fields), by=by)


def import_snippets(store, project_id: str, source, name: str | None = None, *, by, names=()) -> list[str]:
    """Import survey free text (CSV/XLSX) with ``source, population, date, consent_to_quote, text``.

    Every row is checked (and redacted) first; nothing is saved unless all rows are good.
    """
    name = name or getattr(source, "name", None) or "feedback file"
    t = require_columns(read_table(source, name), ["text"], name,
                        optional=["source", "population", "date", "consent_to_quote"],
                        aliases={"text": ["comment", "response", "answer", "quote", "what they said"],
                                 "consent_to_quote": ["consent", "ok to quote"]})
    items, problems = [], []
    for i, rec in enumerate(t.to_dict("records")):
        rec = {k: (None if pd.isna(v) else v) for k, v in rec.items()}
        try:
            items.append(check_snippet(text=rec.get("text"), source=rec.get("source") or "survey",
                                       population=rec.get("population"), date=rec.get("date"),
                                       consent_to_quote=rec.get("consent_to_quote") or "no", names=names,
                                       form=name, row=spreadsheet_row(i)))
        except InputError as err:
            problems += err.problems
    if problems:
        raise InputError(problems)
    return store.add_many(project_id, "snippet", items, by=by)


def redaction_counts(store, ids) -> dict[str, int]:
    """How many details of each kind were removed from the snippets ``ids`` (never the details).

    Examples
    --------
    >>> ids = import_snippets(store, project_id, "survey.csv", by=person)   # doctest: +SKIP
    >>> redaction_counts(store, ids)                                       # doctest: +SKIP
    {'phone': 2, 'email': 1}
    """
    counts: dict[str, int] = {}
    for snippet_id in ids:
        for kind in store.get(snippet_id).data.get("redactions") or []:
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def describe_redaction_counts(counts: dict[str, int]) -> str:
    """``{"phone": 2}`` in the same plain words as a single snippet's summary."""
    kinds = [Redaction(kind, "", "") for kind, n in counts.items() for _ in range(n)]
    return RedactionResult("", kinds).summary()


def snippets_table(store, project_id: str) -> pd.DataFrame:
    """All snippets: ``id, source, population, date, consent_to_quote, text``."""
    recs = store.records(project_id, kind="snippet")
    cols = ["id", "source", "population", "date", "consent_to_quote", "text"]
    return pd.DataFrame([{"id": r.id, **{c: r.data.get(c) for c in cols[1:]}} for r in recs], columns=cols)


def add_theme(store, project_id: str, name: str, *, by, description: str = ""):
    """Create a theme; names must be new (ignoring case)."""
    clean = " ".join(str(name or "").split())
    if not clean:
        raise InputError("The theme needs a name.", field="name", fix="For example 'Fear of police involvement'.")
    if len(clean) > 80:
        raise InputError("The theme name is longer than 80 characters.", field="name", fix="Use a shorter name.")
    existing = {r.data["name"].lower() for r in store.records(project_id, kind="theme")}
    if clean.lower() in existing:
        raise InputError(f"There is already a theme called '{clean}'.", field="name", fix="Use that theme, or choose another name.")
    return store.add(project_id, "theme", {"name": clean, "description": str(description or "").strip()}, by=by)


def themes_table(store, project_id: str) -> pd.DataFrame:
    recs = store.records(project_id, kind="theme")
    return pd.DataFrame([{"id": r.id, "name": r.data["name"], "description": r.data.get("description", "")}
                         for r in recs], columns=["id", "name", "description"])


def code_snippet(store, project_id: str, snippet_id: str, theme_ids, *, by) -> list[str]:
    """Record that ``by`` codes a snippet to these themes (several allowed); keeps other coders' codes.

    Codes this person had on the snippet but are not in ``theme_ids`` are taken off.
    """
    snippet = store.get(snippet_id)
    themes = {r.id for r in store.records(project_id, kind="theme")}
    if snippet.kind != "snippet" or snippet.project_id != project_id:
        raise InputError("That snippet is not in this project.", field="snippet")
    unknown = [t for t in theme_ids if t not in themes]
    if unknown:
        raise InputError("One of the themes no longer exists.", field="themes", fix="Refresh the list of themes.")
    mine = {r.data["theme_id"]: r for r in store.records(project_id, kind="coding", about_id=snippet_id)
            if r.created_by == by.pseudonym}
    wanted = list(dict.fromkeys(theme_ids))
    ids = []
    for theme_id in wanted:
        rec = mine.get(theme_id)
        if rec is None:
            ids.append(store.add(project_id, "coding", {"snippet_id": snippet_id, "theme_id": theme_id, "active": True},
                                 by=by, about_id=snippet_id).id)
        elif not rec.data.get("active", True):
            store.update(rec.id, {**rec.data, "active": True}, by=by, expected_version=rec.version)
            ids.append(rec.id)
        else:
            ids.append(rec.id)
    for theme_id, rec in mine.items():
        if theme_id not in wanted and rec.data.get("active", True):
            store.update(rec.id, {**rec.data, "active": False}, by=by, expected_version=rec.version, note="code taken off")
    return ids


def codings_table(store, project_id: str) -> pd.DataFrame:
    """Active codes: ``snippet_id, theme_id, theme, coder, coder_role``."""
    t = themes_table(store, project_id)
    themes = dict(zip(t["id"], t["name"]))
    rows = [{"snippet_id": r.data["snippet_id"], "theme_id": r.data["theme_id"], "theme": themes.get(r.data["theme_id"]),
             "coder": r.created_by, "coder_role": r.created_role}
            for r in store.records(project_id, kind="coding") if r.data.get("active", True)]
    return pd.DataFrame(rows, columns=["snippet_id", "theme_id", "theme", "coder", "coder_role"])


def theme_counts(store, project_id: str, *, by: str = "population") -> pd.DataFrame:
    """Snippets per theme, split by ``population`` or ``source`` (a snippet counts once per theme).

    Returns
    -------
    DataFrame
        Index: theme; columns: each population (or source) and ``Total``.
    """
    if by not in ("population", "source"):
        raise ValueError("by must be 'population' or 'source'.")
    codes = codings_table(store, project_id)
    snippets = snippets_table(store, project_id)
    if codes.empty:
        return pd.DataFrame(columns=["Total"])
    t = codes.drop_duplicates(["snippet_id", "theme_id"]).merge(snippets, left_on="snippet_id", right_on="id")
    t[by] = t[by].replace("", "Not given")
    table = pd.crosstab(t["theme"], t[by])
    table["Total"] = table.sum(axis=1)
    return table.sort_values("Total", ascending=False)


def top_themes(store, project_id: str, population: str, n: int = 3) -> list[tuple[str, int]]:
    """The ``n`` most common themes in snippets about ``population``."""
    counts = theme_counts(store, project_id, by="population")
    if population not in counts.columns:
        return []
    col = counts[population].sort_values(ascending=False)
    return [(str(k), int(v)) for k, v in col[col > 0].head(n).items()]


def quotes_with_consent(store, project_id: str, population: str | None = None) -> list[str]:
    """Redacted quotes whose speaker agreed to be quoted (optionally for one population)."""
    t = snippets_table(store, project_id)
    t = t[t["consent_to_quote"].astype(bool)]
    if population is not None:
        t = t[t["population"] == population]
    return t["text"].tolist()
