"""Choosing populations together: start a vote, vote with dots, see the tally, record the decision."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..populations import prioritising
from .population_base import STYLE, WIDE, PopulationPanel, escape, labelled_text


class PriorityRoundForm(PopulationPanel):
    """Start a round of dot voting on which groups to focus on. Publishes ``round_id``."""

    round_id = traitlets.Unicode("").tag(sync=False)

    def __init__(self, *, options=(), **kwargs):
        super().__init__(**kwargs)
        self.question = labelled_text("Question", value="Which groups should we focus on first?")
        self.options = labelled_text("Groups to choose between (one per line)", area=True, rows=5,
                                     value="\n".join(options))
        self.dots = w.BoundedIntText(description="Dots each person has", value=3, min=1, max=20, style=STYLE)
        self.start = w.Button(description="Start the vote", button_style="primary")
        self.start.on_click(self._start)
        self.children = [self.question, self.options, self.dots, self.start, self.message]

    def _start(self, _=None):
        rec = self.run(prioritising.start_round, self.store, self.project_id, question=self.question.value,
                       options=self.options.value.splitlines(), dots=self.dots.value, by=self.person,
                       ok="The vote is open. Everyone can now vote from their own page.")
        if rec is not None:
            self.round_id = rec.id


class PriorityVoteForm(PopulationPanel):
    """One person's dots and reason for the latest open round (or ``round_id``). Publishes ``voted``."""

    voted = traitlets.Int(0).tag(sync=False)

    def __init__(self, *, round_id: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.round_id = round_id
        self.heading = w.HTML()
        self.dot_boxes: dict[str, w.BoundedIntText] = {}
        self.boxes = w.VBox()
        self.reason = labelled_text("Why these groups? (optional)", area=True, rows=2)
        self.vote = w.Button(description="Send my vote", button_style="primary")
        self.refresh_button = w.Button(description="Refresh")
        self.vote.on_click(self._vote)
        self.refresh_button.on_click(lambda _: self.refresh())
        self.children = [self.heading, self.boxes, self.reason, w.HBox([self.vote, self.refresh_button]), self.message]
        self.refresh()

    def current_round(self):
        if self.round_id:
            return self.store.get(self.round_id)
        open_rounds = [r for r in prioritising.rounds(self.store, self.project_id) if r.data.get("open", True)]
        return open_rounds[-1] if open_rounds else None

    def refresh(self):
        rnd = self.current_round()
        if rnd is None:
            self.heading.value = "<p>There is no vote open yet. Ask the facilitator to start one, then press Refresh.</p>"
            self.boxes.children, self.dot_boxes = [], {}
            return
        self.round_id = rnd.id
        self.heading.value = (f"<h3>{escape(rnd.data['question'])}</h3>"
                              f"<p>You have {rnd.data['dots']} dots. Put them on the groups you think matter most "
                              "(all on one group is fine).</p>")
        self.dot_boxes = {o: w.BoundedIntText(description=o, value=0, min=0, max=rnd.data["dots"], style=STYLE,
                                              layout=WIDE) for o in rnd.data["options"]}
        self.boxes.children = list(self.dot_boxes.values())

    def _vote(self, _=None):
        if not self.round_id:
            self.message.show_problem("There is no vote open yet.")
            return
        rec = self.run(prioritising.cast_vote, self.store, self.project_id, self.round_id, by=self.person,
                       dots={o: b.value for o, b in self.dot_boxes.items()}, reason=self.reason.value,
                       ok="Thank you, your vote is in. You can change it by voting again.")
        if rec is not None:
            self.voted += 1


class PriorityTallyPanel(PopulationPanel):
    """The running tally for a round; press Refresh to see others' votes. Publishes ``tally`` (dict)."""

    tally = traitlets.Dict().tag(sync=False)

    def __init__(self, *, round_id: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.round_id = round_id
        self.table = w.HTML()
        self.refresh_button = w.Button(description="Refresh the tally")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.children = [self.refresh_button, self.table, self.message]
        self.refresh()

    def refresh(self):
        round_id = self.round_id
        if not round_id:
            all_rounds = prioritising.rounds(self.store, self.project_id)
            round_id = all_rounds[-1].id if all_rounds else None
        if round_id is None:
            self.table.value = "<p>No votes yet.</p>"
            return
        t = prioritising.vote_tally(self.store, self.project_id, round_id)
        took = prioritising.who_took_part(self.store, self.project_id, round_id)
        rows = "".join(f"<tr><td>{escape(r.option)}</td><td>{int(r.points)}</td><td>{int(r.voters)}</td></tr>"
                       for r in t.itertuples())
        people = ", ".join(f"{escape(k)}: {v}" for k, v in took.items()) or "nobody yet"
        self.table.value = (f'<table class="priority-tally"><caption>Votes so far</caption><thead><tr>'
                            f'<th scope="col">Group</th><th scope="col">Dots</th><th scope="col">People</th></tr></thead>'
                            f"<tbody>{rows}</tbody></table><p>Who has voted: {people}</p>")
        self.tally = {r.option: int(r.points) for r in t.itertuples()}


class PriorityDecisionForm(PopulationPanel):
    """The team records which groups it chose and why (who took part is added from the votes)."""

    decision_id = traitlets.Unicode("").tag(sync=False)

    def __init__(self, *, round_id: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.round_id = round_id
        self.chosen = w.SelectMultiple(description="Groups chosen", options=[], style=STYLE, layout=WIDE, rows=6)
        self.reason = labelled_text("Why the team chose them", area=True, rows=3)
        self.save = w.Button(description="Record the decision", button_style="primary")
        self.refresh_button = w.Button(description="Refresh")
        self.save.on_click(self._save)
        self.refresh_button.on_click(lambda _: self.refresh())
        self.children = [self.chosen, self.reason, w.HBox([self.save, self.refresh_button]), self.message]
        self.refresh()

    def refresh(self):
        all_rounds = prioritising.rounds(self.store, self.project_id)
        rnd = self.store.get(self.round_id) if self.round_id else (all_rounds[-1] if all_rounds else None)
        self.round_id = rnd.id if rnd else None
        self.chosen.options = rnd.data["options"] if rnd else []

    def _save(self, _=None):
        if not self.round_id:
            self.message.show_problem("There is no vote to decide on yet.")
            return
        rec = self.run(prioritising.record_decision, self.store, self.project_id, self.round_id,
                       chosen=list(self.chosen.value), reason=self.reason.value, by=self.person,
                       ok="The decision is recorded, with who took part.")
        if rec is not None:
            self.decision_id = rec.id
