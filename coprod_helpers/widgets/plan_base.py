"""Shared parts of the planning pages: form pieces, and :class:`PlanPanel`.

Every planning widget is a :class:`PlanPanel`, a :class:`~.common.StorePanel` that knows the
store, the project and the person (given directly, or read from the page's session at each
action) and refuses to save until the person has said who they are.
"""
from __future__ import annotations

from functools import partial

import ipywidgets as w

from . import common
from .common import STYLE, MessageArea, StorePanel, action_button, escape, html_table

__all__ = ["STYLE", "WIDE", "PlanPanel", "action_button", "choice_box", "date_box", "escape",
           "html_table", "text_box"]


WIDE = w.Layout(width="100%", max_width="46em")
text_box = partial(common.text_box, max_width="46em")
choice_box = partial(common.choice_box, max_width=None)  # choices on these pages keep their own width


def date_box(label: str, value=None):
    return w.DatePicker(description=label, value=value, style=STYLE)


class PlanPanel(StorePanel):
    """Base for planning widgets: see :class:`~.common.StorePanel` for the arguments.

    ``run(action, ok=None, needs_person=True)`` refuses when nobody has said who they are;
    ``run_quietly(action, default)`` is for reading.
    """

    needs_person = True
