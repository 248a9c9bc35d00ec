"""QuestionBankPanel: write questionnaire questions and focus-group prompts together (step 9)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..errors import InputError
from ..measures import question_bank as qb
from ..people import ROLES
from ..planning.documents import DOCX_MIME, HTML_MIME, make_download_link
from .common import action_button, html_table
from .measure_base import STYLE, WIDE, MeasurePanel, choice_box, escape, text_box

KINDS = {"question": "A question for a questionnaire",
         "guide": "A question or prompt for a focus group (topic guide)"}
GUIDE_LINES = {"questions": "A question to ask the group", "prompts": "A prompt: a follow-up to help people talk"}


def _roles(codes) -> str:
    return ", ".join(ROLES.get(c, c) for c in codes)


class QuestionBankPanel(MeasurePanel):
    """Add questions and topic-guide lines, see plain-words advice, list them and download them.

    ``advice`` holds the plain-words suggestions for the last words saved; ``item_count`` the
    number of saved questions and guide lines; ``links`` the last download link(s) made.
    """

    advice = traitlets.List()
    item_count = traitlets.Int(0)
    links = traitlets.Unicode("").tag(sync=False)

    def __init__(self, store=None, project_id=None, person=None, *, session=None, **kwargs):
        super().__init__(store, project_id, person, session=session, **kwargs)
        self.kind = choice_box("What are you adding?", KINDS, "question", buttons=True)
        self.text = text_box("The words, as people will read or hear them", area=True, rows=2)
        # for a questionnaire
        self.answer_type = choice_box("How people answer", qb.ANSWER_TYPES)
        self.options = text_box("The choices (one per line)", area=True, rows=3)
        self.purpose = text_box("Why we ask it (optional)")
        # for a focus group
        self.guide_title = text_box("Name of the topic guide", placeholder="e.g. Getting help in a crisis")
        self.population = text_box("Who the focus group is for (optional)")
        self.topic = text_box("Topic (a part of the discussion)")
        self.guide_line = choice_box("Is it a question or a prompt?", GUIDE_LINES, "questions")
        self.written_with = w.SelectMultiple(options=[(v, k) for k, v in ROLES.items()],
                                             description="Written with (roles)", style=STYLE, layout=WIDE)
        self.check_button = action_button("Check the words")
        self.save_button = action_button("Add it", primary=True)
        self.tips = w.HTML()
        self.saved = w.HTML()
        self.doc_title = text_box("Title of the printable document", "Our questions")
        self.html_button = action_button("Download as a web page (HTML)")
        self.docx_button = action_button("Download as a Word document (DOCX)")
        self.downloads = w.HTML()
        self.kind.observe(lambda _: self._show_fields(), "value")
        self.answer_type.observe(lambda _: self._show_fields(), "value")
        self.check_button.on_click(lambda _: self.check_words())
        self.save_button.on_click(lambda _: self.save())
        self.html_button.on_click(lambda _: self.make_download("html"))
        self.docx_button.on_click(lambda _: self.make_download("docx"))
        self.children = [self.kind, self.text, self.answer_type, self.options, self.purpose, self.guide_title,
                         self.population, self.topic, self.guide_line, self.written_with,
                         w.HBox([self.check_button, self.save_button]), self.message, self.tips, self.saved,
                         self.doc_title, w.HBox([self.html_button, self.docx_button]), self.downloads]
        self._show_fields()
        self.refresh()

    def _show_fields(self) -> None:
        is_question = self.kind.value == "question"
        for box in (self.answer_type, self.purpose):
            box.layout.display = None if is_question else "none"
        self.options.layout.display = None if is_question and self.answer_type.value == "choice" else "none"
        for box in (self.guide_title, self.population, self.topic, self.guide_line):
            box.layout.display = "none" if is_question else None

    # -- reading the project ------------------------------------------------------------
    def _saved(self):
        if self.store is None or not self.project_id:
            return [], []
        return self.run_quietly(lambda: (qb.list_questions(self.store, self.project_id),
                                         self.store.records(self.project_id, qb.GUIDE_KIND)), ([], []))

    def refresh(self) -> None:
        """Reload the lists of saved questions and topic guides."""
        questions, guide_records = self._saved()
        guides = [qb.TopicGuide.from_dict(r.data) for r in guide_records]
        q_rows = [(n, q.text, qb.ANSWER_TYPES.get(q.answer_type, q.answer_type), _roles(q.written_with))
                  for n, q in enumerate(questions, 1)]
        g_rows = [(g.title, s.get("topic", ""), ("Prompt: " if line == "prompts" else "") + t, _roles(g.written_with))
                  for g in guides for s in g.sections for line in ("questions", "prompts") for t in s.get(line, [])]
        self.item_count = len(q_rows) + len(g_rows)
        self.saved.value = (html_table(["No.", "Question", "How people answer", "Written with"], q_rows,
                                       empty="No questionnaire questions yet.", caption="Questionnaire")
                            + html_table(["Topic guide", "Topic", "Question or prompt", "Written with"], g_rows,
                                         empty="No focus-group questions yet.", caption="Focus-group topic guides"))

    # -- actions ------------------------------------------------------------------------
    def check_words(self) -> list:
        """Show the plain-words advice for the words typed (nothing is saved)."""
        self.advice = qb.check_plain_words(self.text.value)
        self.tips.value = (("<p>Ideas to make it easier to read:</p><ul>" + "".join(
            f"<li>{escape(t)}</li>" for t in self.advice) + "</ul>") if self.advice
                           else "<p>The words look clear. Still read them aloud together.</p>"
                           if self.text.value.strip() else "")
        return self.advice

    def save(self):
        """Save the question, or add the line to its topic guide; returns the Record or None."""
        action = self._save_question if self.kind.value == "question" else self._save_guide_line
        record = self.run(action, "Added. It is in the list below.")
        if record is not None:
            self.check_words()
            self.text.value = ""
            self.refresh()
        return record

    def _save_question(self):
        q = qb.Question(text=self.text.value.strip(), answer_type=self.answer_type.value,
                        options=[o.strip() for o in self.options.value.splitlines() if o.strip()]
                        if self.answer_type.value == "choice" else [],
                        purpose=self.purpose.value.strip(), written_with=list(self.written_with.value))
        return qb.save_question(self.store, self.project_id, q, by=self.person)

    def _save_guide_line(self):
        if not self.text.value.strip():
            raise InputError("The question or prompt has no words.", field="text", fix="Type what you will ask.")
        if not self.topic.value.strip():
            raise InputError("It does not say which topic it belongs to.", field="topic",
                             fix="Type the topic, e.g. 'First contact'.")
        title = self.guide_title.value.strip()
        if not title:
            raise InputError("The topic guide has no name.", field="title",
                             fix="For example 'Getting help in a crisis'.")
        same = [r for r in self.store.records(self.project_id, qb.GUIDE_KIND)
                if r.data.get("title", "").strip().lower() == title.lower()]
        if same:
            guide = qb.TopicGuide.from_dict(same[-1].data)
        else:
            guide = qb.TopicGuide(title, self.population.value.strip())
        guide = qb.add_to_guide(guide, self.topic.value, self.text.value, self.guide_line.value)
        guide.written_with = sorted(set(guide.written_with) | set(self.written_with.value))
        if self.population.value.strip():
            guide.population = self.population.value.strip()
        if any(r not in ROLES for r in guide.written_with):
            raise InputError("Some roles are not known.", field="written_with", fix="Choose from the roles list.")
        return qb.save_topic_guide(self.store, self.project_id, guide, by=self.person,
                                   guide_id=same[-1].id if same else None)

    def make_download(self, kind: str = "html") -> str:
        """Make a download link for the printable document (``"html"`` or ``"docx"``)."""
        questions, guide_records = self._saved()
        guides = [qb.TopicGuide.from_dict(r.data) for r in guide_records]
        title = self.doc_title.value.strip() or "Our questions"

        def build():
            if not questions and not guides:
                raise InputError("There is nothing to print yet.", fix="Add a question or a prompt first.")
            if kind == "docx":
                return make_download_link(qb.export_docx(title, questions, guides), "questions.docx",
                                          "Download the questions (Word)", DOCX_MIME)
            return make_download_link(qb.export_html(title, questions, guides), "questions.html",
                                      "Download the questions (web page, ready to print)", HTML_MIME)
        link = self.run(build, "Ready: use the link below.", needs_person=False)
        if link:
            self.links = link
            self.downloads.value = f"<p>{link}</p>"
        return link or ""
