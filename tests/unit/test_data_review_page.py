"""Page 03 (data review) without a browser: survey import, the side-by-side summary and its files."""
from __future__ import annotations

import base64
import io
import re
from datetime import datetime, timezone

import openpyxl
import pandas as pd

from coprod_helpers.populations import feedback, gap_results, gaps, summary_export
from coprod_helpers.widgets.feedback_import import FeedbackImportPanel
from coprod_helpers.widgets.review_summary import ReviewSummaryPanel


def ctx(store, project, person):
    return {"store": store, "project_id": project.id, "person": person}


def upload(panel, name: str, content: bytes) -> None:
    panel.upload.value = ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
                           "last_modified": datetime.now(timezone.utc)},)


def save_gaps(store, project, person, groups=(("White: British", 120, 100_000), ("Black: Caribbean", 40, 8_000),
                                             ("Asian: Bangladeshi", 3, 4_000), ("Mixed: Other", 9, 5_000))):
    # 3 is hidden, and so is 9 (the next smallest), or the total would give the 3 away
    table = gaps.compare_groups(pd.DataFrame([{"group": g, "events": e, "population": p} for g, e, p in groups]),
                                reference="White: British")
    return gap_results.save_gap_results(store, project.id, table, measure="detentions", split_by="ethnicity",
                                        by=person)


def link_bytes(html: str, filename: str) -> bytes:
    uri = re.search(rf'download="{re.escape(filename)}" href="data:[^;]+;base64,([^"]+)"', html).group(1)
    return base64.b64decode(uri)


def cells(xlsx: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]


# 1. Survey import -------------------------------------------------------------------------

def test_import_a_good_survey_file_says_how_many_and_what_kinds_were_removed(store, project, person):
    panel = FeedbackImportPanel(**ctx(store, project, person), names=["Jo"])
    panel.go.click()
    assert "Choose a file first" in panel.message.value and panel.imported == 0
    upload(panel, "survey.csv", b"text,population,consent_to_quote\n"
                                b"Ring me on 07700 900123,Young people,yes\n"
                                b"Jo was kind; mail jo@example.org or 07700 900456,Young people,no\n"
                                b"No interpreter was offered,Bangladeshi women,\n")
    panel.go.click()
    assert panel.imported == 3 and panel.redacted == {"phone": 2, "name": 1, "email": 1}
    message = panel.message.value
    assert "Saved 3 snippets from survey.csv" in message and "2 phone numbers" in message
    assert "07700" not in message and "jo@example.org" not in message and "Jo was" not in message
    saved = feedback.snippets_table(store, project.id)
    assert len(saved) == 3 and set(saved["source"]) == {"survey"}
    assert not saved["text"].str.contains("07700|example.org").any()


def test_a_bad_survey_file_names_the_row_and_column_and_saves_nothing(store, project, person):
    panel = FeedbackImportPanel(**ctx(store, project, person))
    upload(panel, "bad.csv", b"text,source,consent_to_quote\nFine words,survey,yes\n,survey,no\n"
                             b"More words,survey,perhaps\n")
    panel.go.click()
    message = panel.message.value
    assert 'role="alert"' in message and "Nothing was saved" in message and "Traceback" not in message
    assert "row 3" in message and "text" in message
    assert "row 4" in message and "consent_to_quote" in message
    assert panel.imported == 0 and store.records(project.id, kind="snippet") == []


def test_an_empty_or_headerless_file_is_explained(store, project, person):
    panel = FeedbackImportPanel(**ctx(store, project, person))
    upload(panel, "empty.csv", b"")
    panel.go.click()
    assert "empty" in panel.message.value and store.records(project.id, kind="snippet") == []
    upload(panel, "nocol.csv", b"colour\nred\n")
    panel.go.click()
    assert 'role="alert"' in panel.message.value and store.records(project.id, kind="snippet") == []


# 2. Side by side ---------------------------------------------------------------------------

def _feedback(store, project, person, staff):
    waiting = feedback.add_theme(store, project.id, "Waiting <long>", by=staff)
    police = feedback.add_theme(store, project.id, "Police", by=staff)
    for i in range(6):
        s = feedback.add_snippet(store, project.id, by=person, text=f"=1+{i} we waited, call 07700 900123",
                                 source="interview", population="Black Caribbean", consent_to_quote=i == 0)
        feedback.code_snippet(store, project.id, s.id, [waiting.id] + ([police.id] if i < 2 else []), by=person)
    feedback.add_snippet(store, project.id, by=person, text="<script>alert(1)</script> no one listened",
                         source="survey", population="Asian: Bangladeshi", consent_to_quote=True)


def test_default_gap_group_is_the_exact_match_else_none():
    assert summary_export.default_gap_groups(["black: caribbean", "Young people"], ["Black:  Caribbean"]) == {
        "black: caribbean": "Black:  Caribbean", "Young people": None}


def test_summary_panel_maps_populations_to_gap_groups_and_says_the_gap_in_words(store, project, person, staff):
    _feedback(store, project, person, staff)
    save_gaps(store, project, person)
    panel = ReviewSummaryPanel(**ctx(store, project, person), action="be detained",
                               populations=["Black Caribbean", "Asian: Bangladeshi"])
    assert panel.gap_groups == {"Black Caribbean": None, "Asian: Bangladeshi": "Asian: Bangladeshi"}
    picker = panel.pickers["Black Caribbean"]
    assert picker.description.startswith("Black Caribbean") and "none" in picker.options[0]
    assert "Not matched" in panel.cards.value
    picker.value = "Black: Caribbean"
    assert panel.gap_groups["Black Caribbean"] == "Black: Caribbean"
    html = panel.cards.value
    assert "times as likely" in html and "be detained" in html and "fewer detentions" in html
    # small counts hidden: 3 Bangladeshi detentions, and the Police theme (2)
    assert "too small to share" in html and "Police (*)" in html and "Police (2)" not in html
    assert "Waiting &lt;long&gt; (6)" in html
    # quotes: consented only, redacted and escaped
    assert html.count("summary-quote") == 2 and "07700" not in html and "<script>" not in html
    assert "&lt;script&gt;" in html
    # the choice is kept when the page is refreshed
    panel.refresh()
    assert panel.pickers["Black Caribbean"].value == "Black: Caribbean"


def test_summary_panel_without_saved_gaps_says_so(store, project, person, staff):
    _feedback(store, project, person, staff)
    panel = ReviewSummaryPanel(**ctx(store, project, person))
    assert list(panel.pickers) == ["Asian: Bangladeshi", "Black Caribbean"]  # populations from the feedback
    assert "No gaps have been saved yet" in panel.source.value and "No gaps have been saved" in panel.cards.value


# 3. Downloads --------------------------------------------------------------------------------

def test_downloads_are_shareable_and_formula_safe(store, project, person, staff):
    _feedback(store, project, person, staff)
    save_gaps(store, project, person)
    panel = ReviewSummaryPanel(**ctx(store, project, person), action="be detained",
                               populations=["Black Caribbean", "Asian: Bangladeshi"])
    panel.pickers["Black Caribbean"].value = "Black: Caribbean"
    panel.make_files.click()
    links = panel.downloads.value
    assert "Download the summary (web page)" in links and "Download the summary (Excel)" in links
    page = link_bytes(links, "data-review-summary.html").decode("utf-8")
    assert page == panel.summary_html
    assert "<h3>The gap</h3>" in page and "times as likely" in page and "too small to share" in page
    assert "07700" not in page and "<script>alert" not in page and "Ade" not in page and "Sam" not in page
    assert "Police (*)" in page and "Police (2)" not in page
    values = cells(link_bytes(links, "data-review-summary.xlsx"))
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
    assert any(isinstance(v, str) and v.startswith("'=1+0") for v in values)
    text = " ".join(str(v) for v in values if v is not None)
    assert "07700" not in text and "Police (2)" not in text and "times as likely" in text


def test_xlsx_has_the_priority_gaps_sheet_with_small_figures_hidden(store, project, person, staff):
    _feedback(store, project, person, staff)
    save_gaps(store, project, person)
    summary = summary_export.build_summary([], store=store, project_id=project.id,
                                           priority_populations=["Black Caribbean", "Asian: Bangladeshi"],
                                           gap_groups={"Black Caribbean": "Black: Caribbean"})
    book = openpyxl.load_workbook(io.BytesIO(summary_export.export_summary_xlsx(summary)))
    sheet = pd.DataFrame(list(book["Priority gaps"].values)[1:], columns=[c.value for c in book["Priority gaps"][1]])
    rows = sheet.set_index("population")
    assert rows.loc["Black Caribbean", "ratio"] > 1 and rows.loc["Black Caribbean", "reference"] == "White: British"
    assert rows.loc["Asian: Bangladeshi", "ratio"] == "*" and rows.loc["Asian: Bangladeshi", "excess"] == "*"
    assert rows.loc["Black Caribbean", "in_words"].startswith("People in the Black: Caribbean group are")
    assert summary.gap_source["measure"] == "detentions"


def test_a_hostile_group_label_is_escaped_and_neutralised(store, project, person, staff):
    feedback.add_snippet(store, project.id, by=person, text="ok", source="survey", population="=cmd|'/c calc'!A1",
                         consent_to_quote=True)
    save_gaps(store, project, person, groups=(("White: British", 120, 100_000), ("=cmd|'/c calc'!A1", 40, 8_000)))
    panel = ReviewSummaryPanel(**ctx(store, project, person))
    assert panel.gap_groups == {"=cmd|'/c calc'!A1": "=cmd|'/c calc'!A1"}
    page, book = panel.make_downloads()
    assert "&#x27;/c calc&#x27;" in page
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in cells(book))
