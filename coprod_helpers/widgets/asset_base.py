"""What the asset widgets share: :class:`AssetPanelBase` and the asset pages' widths.

Each asset widget is a :class:`~.common.StorePanel` given either a page ``session`` (from
``start_app``; read each time, so a change in the session bar is picked up) or ``store``,
``project_id`` and ``person`` directly (an analyst in JupyterLab). Its ``area`` is loaded
from the project's area setting when not given.
"""
from __future__ import annotations

import ipywidgets as w

from .common import STYLE, StorePanel, escape

__all__ = ["STYLE", "WIDE", "AssetPanelBase", "escape"]

WIDE = w.Layout(width="100%", max_width="44em")


class AssetPanelBase(StorePanel):
    """Base of the asset widgets: context (store, project, person, reviewer key, area) and ``run``.

    An InputError is shown as its list of problems, without a heading: not every asset
    action saves something (an export, a gap listing).
    """

    problem_heading = None

    def run(self, action, success: str | None = None):
        """Call ``action()``; show ``success`` or the problem in plain words. Returns the result or None."""
        return super().run(action, success)
