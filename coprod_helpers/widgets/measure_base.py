"""Shared parts of the aim, driver and measure pages: form pieces, and :class:`MeasurePanel`.

Each page widget is a :class:`MeasurePanel`, a :class:`~.common.StorePanel` given either
``store, project_id, person`` (an analyst in JupyterLab) or a page ``session`` read at the
moment of each action. Like the planning pages it refuses to save until the person has
said who they are (``run(..., needs_person=False)`` for steps that save nothing).
"""
from __future__ import annotations

from .common import STYLE, WIDE, StorePanel, choice_box, escape, text_box

__all__ = ["STYLE", "WIDE", "MeasurePanel", "choice_box", "escape", "text_box"]


class MeasurePanel(StorePanel):
    """Base for the aim, driver and measure widgets (see :class:`~.common.StorePanel`)."""

    needs_person = True
