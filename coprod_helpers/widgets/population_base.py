"""Shared parts of the step 4-5 pages: :class:`PopulationPanel` and two form pieces.

A :class:`PopulationPanel` is a :class:`~.common.StorePanel` that knows the store, project
and person, either given directly (an analyst in JupyterLab) or read from the page's session
each time it saves. Its ``run`` passes arguments on to the domain function, and a conflict
is explained in words that say what to do.
"""
from __future__ import annotations

from .common import STYLE, WIDE, StorePanel, escape
from .common import choice_box as labelled_choice
from .common import text_box as labelled_text

__all__ = ["STYLE", "WIDE", "PopulationPanel", "escape", "labelled_choice", "labelled_text"]


class PopulationPanel(StorePanel):
    """Base for the widgets of steps 4-5. Give ``session`` or ``store, project_id, person``."""

    problem_heading = None
    conflict_words = ("Someone else saved a change just now. Press Refresh and try again; "
                      "what you typed is still here.")
    # These pages take the area as given (None: no Census fill-in); it is never loaded from the project.
    area = None

    def run(self, action, *args, ok: str | None = None, **kwargs):
        """Call ``action(*args, **kwargs)``; show ``ok`` or the problem. Returns the result, or None on a problem."""
        return super().run(lambda: action(*args, **kwargs), ok)
