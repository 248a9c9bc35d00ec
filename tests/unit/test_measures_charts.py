"""Charts render as self-contained SVG with signals labelled in words; question bank exports."""
import io

import pandas as pd
import pytest

from coprod_helpers.errors import InputError
from coprod_helpers.measures import charts
from coprod_helpers.measures import question_bank as qb
from coprod_helpers.measures.run_chart import make_run_chart
from coprod_helpers.measures.spc import make_spc_chart

X = list(pd.date_range("2023-01-01", periods=28, freq="MS"))
SHIFTED = [11, 9] * 10 + [10.5] * 8


def outside_links(svg):
    return [u for u in ("http://", "https://") if u in svg.replace("http://www.w3.org/", "")]


def test_spc_svg_has_signal_label_as_text_and_no_outside_links():
    r = make_spc_chart(SHIFTED, X, direction="higher", baseline=20, pdsa=[("2024-09-01", "Cycle <1>")], target=12)
    svg = charts.make_spc_chart_svg(r, title="Calls <b>answered</b>", unit="calls")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title>Calls &lt;b&gt;answered&lt;/b&gt;" in svg
    assert "Improvement: 8 points in a row above the centre line" in svg
    assert "PDSA: Cycle &lt;1&gt;" in svg and "<script" not in svg
    assert outside_links(svg) == []


def test_run_chart_svg():
    r = make_run_chart(SHIFTED, X, direction="lower", baseline=20)
    svg = charts.make_run_chart_svg(r, title="Waiting", pdsa=[("2024-09-01", "Cycle 1")])
    assert "Concern: 8 points in a row above the centre line" in svg and "Median" in svg


def test_chart_html_lists_signals_notes_and_icons():
    r = make_spc_chart([5, 6, 5, 6, 20], direction="lower", baseline=4, target=2)
    page = charts.chart_html("<svg></svg>", r, caption="Short <series>")
    assert "Short &lt;series&gt;" in page and "trial limits" in page
    assert "Concern: a point above the upper process limit" in page
    assert "consistently fails" in page


def demo_frame():
    rows = []
    for g, base in (("White British", 0.8), ("Black African and Caribbean", 0.6)):
        for i, d in enumerate(X):
            p = base + (0.2 if g.startswith("Black") and i >= 20 else 0)
            rows.append({"group": g, "date": d, "numerator": round(100 * p), "denominator": 100})
    df = pd.DataFrame(rows)
    df["value"] = df["numerator"] / df["denominator"]
    return df


def test_one_chart_per_group_and_gap_over_time():
    df = demo_frame()
    out = charts.make_group_charts(df, title="Follow-up", direction="higher", multiplier=100, unit="%")
    assert list(out) == ["White British", "Black African and Caribbean"]
    result, page = out["Black African and Caribbean"]
    assert result.chart == "p" and any(s.label == "improvement" for s in result.signals)
    assert "Follow-up: Black African and Caribbean" in page
    gaps = charts.gap_over_time(df, reference="White British")
    assert gaps["gap"].iloc[0] == pytest.approx(0.75) and gaps["gap"].iloc[-1] == pytest.approx(1.0)
    diff = charts.gap_over_time(df, reference="White British", kind="difference", multiplier=100)
    assert diff["gap"].iloc[0] == pytest.approx(-20)
    svg = charts.make_gap_chart_svg(df, reference="White British", title="Gap")
    assert "No gap" in svg and outside_links(svg) == []
    with pytest.raises(InputError, match="no data"):
        charts.gap_over_time(df, reference="Nobody")


def test_run_chart_option_in_group_charts():
    df = demo_frame()
    out = charts.make_group_charts(df, title="F", chart="run", run_rules="anhoej", groups=["White British"])
    assert out["White British"][0].rules == "anhoej"


def test_question_plain_words_and_exports(store, project, person):
    assert qb.check_plain_words("Did you know where to go?") == []
    tips = qb.check_plain_words("Was the care pathway clear? Did staff utilise interpreters?")
    assert len(tips) == 3
    q = qb.Question("Did you feel <safe>?", "yes_no", written_with=["lived_experience"])
    qb.save_question(store, project.id, q, by=person)
    with pytest.raises(InputError, match="two choices"):
        qb.save_question(store, project.id, qb.Question("Pick", "choice", options=["one"]), by=person)
    guide = qb.TopicGuide("Getting help", "Young Black men",
                          [{"topic": "First contact", "questions": ["Who did you go to first?"], "prompts": ["Family?"]}])
    qb.save_topic_guide(store, project.id, guide, by=person)
    with pytest.raises(InputError, match="no topics"):
        qb.save_topic_guide(store, project.id, qb.TopicGuide("Empty"), by=person)
    questions, guides = qb.list_questions(store, project.id), qb.list_topic_guides(store, project.id)
    page = qb.export_html("Our questions", questions, guides)
    assert "&lt;safe&gt;" in page and "<script" not in page and "Prompt: Family?" in page
    from docx import Document

    doc = Document(io.BytesIO(qb.export_docx("Our questions", questions, guides)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "1. Did you feel <safe>?" in text and "Topic guide: Getting help" in text
