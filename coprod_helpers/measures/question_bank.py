"""Co-designed data collection: a question bank for questionnaires and topic guides for focus groups.

People from the population write and check these with the team (ten-step guide, step 9).
:func:`check_plain_words` flags long sentences, jargon and double questions. Both can be
exported as a printable HTML page or a Word document (python-docx). Questions are
``"question"`` records and topic guides ``"topic_guide"`` records on the store.
"""
from __future__ import annotations

import html
import io
import re
from dataclasses import asdict, dataclass, field, fields

from ..errors import InputError, Problem
from ..people import ROLES

QUESTION_KIND = "question"
GUIDE_KIND = "topic_guide"
ANSWER_TYPES = {"free_text": "In your own words", "yes_no": "Yes / No / Prefer not to say",
                "scale": "A scale from 1 (not at all) to 5 (very much)", "choice": "Choose from a list"}
MAX_WORDS_PER_SENTENCE = 20
#: Words that often lose people; each with a plainer one.
JARGON = {"utilise": "use", "stakeholder": "people involved", "cohort": "group", "intervention": "help or support",
          "facilitate": "help", "pathway": "route", "engagement": "taking part", "modality": "type",
          "signpost": "point to", "co-morbidity": "other health conditions", "service user": "person who uses the service",
          "outcome": "result"}


@dataclass
class Question:
    text: str
    answer_type: str = "free_text"
    options: list = field(default_factory=list)
    purpose: str = ""
    measure_id: str | None = None
    written_with: list = field(default_factory=list)

    @classmethod
    def from_dict(cls, data):
        return cls(**{k: v for k, v in data.items() if k in {f.name for f in fields(cls)}})


@dataclass
class TopicGuide:
    """A focus-group guide: sections, each with a topic, questions and prompts."""

    title: str
    population: str = ""
    sections: list = field(default_factory=list)   # [{"topic": str, "questions": [str], "prompts": [str]}]
    written_with: list = field(default_factory=list)

    @classmethod
    def from_dict(cls, data):
        return cls(**{k: v for k, v in data.items() if k in {f.name for f in fields(cls)}})


def add_to_guide(guide: TopicGuide, topic: str, words: str, line: str = "questions") -> TopicGuide:
    """A copy of ``guide`` with ``words`` added under ``topic`` (a new section when the topic is new)."""
    sections = [{**s, "questions": list(s.get("questions", [])), "prompts": list(s.get("prompts", []))}
                for s in guide.sections]
    section = next((s for s in sections if s.get("topic", "").strip().lower() == topic.strip().lower()), None)
    if section is None:
        section = {"topic": topic.strip(), "questions": [], "prompts": []}
        sections.append(section)
    if words.strip():
        section[line].append(words.strip())
    return TopicGuide(guide.title, guide.population, sections, list(guide.written_with))


def check_plain_words(text: str) -> list[str]:
    """Friendly suggestions to make a question easier to read (an empty list means none).

    Examples
    --------
    >>> check_plain_words("How did staff facilitate your care?")
    ["'facilitate' may be hard to follow; try 'help'."]
    """
    tips = []
    for sentence in re.split(r"(?<=[.?!])\s+", text.strip()):
        words = len(sentence.split())
        if words > MAX_WORDS_PER_SENTENCE:
            tips.append(f"A sentence has {words} words; try to keep each under {MAX_WORDS_PER_SENTENCE}.")
    low = text.lower()
    for word, plain in JARGON.items():
        if re.search(rf"\b{re.escape(word)}s?\b", low):
            tips.append(f"'{word}' may be hard to follow; try '{plain}'.")
    if text.count("?") > 1:
        tips.append("This asks more than one question; split it so each answer is clear.")
    return tips


def check_question(q: Question) -> list[Problem]:
    out = []
    if not q.text.strip():
        out.append(Problem("The question has no words.", field="text", fix="Type the question."))
    if q.answer_type not in ANSWER_TYPES:
        out.append(Problem(f"'{q.answer_type}' is not a kind of answer.", field="answer_type",
                           fix="Choose one from the list."))
    if q.answer_type == "choice" and len([o for o in q.options if str(o).strip()]) < 2:
        out.append(Problem("A 'choose from a list' question needs at least two choices.", field="options",
                           fix="Type the choices, one per line."))
    if any(r not in ROLES for r in q.written_with):
        out.append(Problem("Some roles are not known.", field="written_with", fix="Choose from the roles list."))
    return out


def save_question(store, project_id, q: Question, *, by, question_id=None):
    problems = check_question(q)
    if problems:
        raise InputError(problems)
    if question_id is None:
        return store.add(project_id, QUESTION_KIND, asdict(q), by=by)
    return store.update(question_id, asdict(q), by=by)


def save_topic_guide(store, project_id, guide: TopicGuide, *, by, guide_id=None):
    if not guide.title.strip():
        raise InputError("The topic guide has no title.", field="title", fix="For example 'Getting help in a crisis'.")
    if not any(s.get("topic", "").strip() for s in guide.sections):
        raise InputError("The topic guide has no topics.", field="sections", fix="Add at least one topic to talk about.")
    if guide_id is None:
        return store.add(project_id, GUIDE_KIND, asdict(guide), by=by)
    return store.update(guide_id, asdict(guide), by=by)


def list_questions(store, project_id) -> list[Question]:
    return [Question.from_dict(r.data) for r in store.records(project_id, QUESTION_KIND)]


def list_topic_guides(store, project_id) -> list[TopicGuide]:
    return [TopicGuide.from_dict(r.data) for r in store.records(project_id, GUIDE_KIND)]


def _answer_hint(q: Question) -> str:
    if q.answer_type == "choice":
        return " / ".join(str(o) for o in q.options)
    return ANSWER_TYPES.get(q.answer_type, "")


def export_html(title: str, questions=(), guides=()) -> str:
    """A printable, self-contained HTML page (no scripts, no links out); all text escaped."""
    e = lambda t: html.escape(str(t), quote=True)  # noqa: E731
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(title)}</title><style>"
             "body{font-family:sans-serif;font-size:14pt;line-height:1.5;max-width:46em;margin:2em auto;color:#1a1a1a}"
             ".answer{border:1px solid #777;min-height:3em;margin:.3em 0 1.2em}.hint{color:#444;font-size:11pt}"
             "@media print{.q{break-inside:avoid}}</style></head><body>", f"<h1>{e(title)}</h1>"]
    if questions:
        parts.append("<h2>Questions</h2><ol>")
        for q in questions:
            parts.append(f"<li class='q'><p>{e(q.text)}</p><p class='hint'>{e(_answer_hint(q))}</p>"
                         "<div class='answer'></div></li>")
        parts.append("</ol>")
    for g in guides:
        parts.append(f"<h2>Topic guide: {e(g.title)}</h2>")
        if g.population:
            parts.append(f"<p>For: {e(g.population)}</p>")
        for s in g.sections:
            parts.append(f"<h3>{e(s.get('topic', ''))}</h3><ul>")
            parts += [f"<li>{e(t)}</li>" for t in s.get("questions", [])]
            parts += [f"<li class='hint'>Prompt: {e(t)}</li>" for t in s.get("prompts", [])]
            parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)


def export_docx(title: str, questions=(), guides=()) -> bytes:
    """The same content as a Word document (bytes), in a large clear font."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.size = Pt(13)
    doc.add_heading(title, level=1)
    if questions:
        doc.add_heading("Questions", level=2)
        for n, q in enumerate(questions, 1):
            doc.add_paragraph(f"{n}. {q.text}")
            doc.add_paragraph(_answer_hint(q)).runs[0].italic = True if _answer_hint(q) else None
            doc.add_paragraph("_" * 60)
    for g in guides:
        doc.add_heading(f"Topic guide: {g.title}", level=2)
        if g.population:
            doc.add_paragraph(f"For: {g.population}")
        for s in g.sections:
            doc.add_heading(s.get("topic", ""), level=3)
            for t in s.get("questions", []):
                doc.add_paragraph(t, style="List Bullet")
            for t in s.get("prompts", []):
                doc.add_paragraph(f"Prompt: {t}", style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
