"""What the asset widgets share: where to save, who is saving, and plain messages.

Each asset widget is given either a page ``session`` (from ``start_app``; read each time, so
a change in the session bar is picked up) or ``store``, ``project_id`` and ``person``
directly (an analyst in JupyterLab). ``run`` calls a domain function and turns InputError,
PermissionDenied and ConflictError into a message on the page; what was typed is kept.
"""
from __future__ import annotations

import html

import ipywidgets as w

from ..errors import ConflictError, InputError, PermissionDenied

STYLE = {"description_width": "initial"}
WIDE = w.Layout(width="100%", max_width="44em")


def escape(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


class AssetMessage(w.HTML):
    """Where a page says what happened (a status region screen readers announce)."""

    def show(self, text: str, kind: str = "ok") -> None:
        colour = {"ok": "#1b5e20", "problem": "#8a1c1c", "info": "#0b4f8a"}[kind]
        role = "alert" if kind == "problem" else "status"
        lines = "".join(f"<li>{escape(line)}</li>" for line in str(text).splitlines() if line.strip())
        self.value = (f'<div role="{role}" style="color:{colour};border-left:4px solid {colour};padding:4px 8px">'
                      f'<ul style="margin:0;padding-left:1.2em">{lines}</ul></div>')

    def clear(self) -> None:
        self.value = ""


class AssetPanelBase(w.VBox):
    """Base of the asset widgets: context (store, project, person, reviewer key) and ``run``."""

    def __init__(self, *, session=None, store=None, project_id: str | None = None, person=None, reviewer=None,
                 area=None, **kwargs):
        super().__init__(**kwargs)
        self._session, self._store, self._project_id = session, store, project_id
        self._person, self._reviewer, self._area = person, reviewer, area
        self.message = AssetMessage()

    @property
    def _ctx(self):
        """The page session (``start_app()`` gives an app holding it as ``.session``)."""
        return getattr(self._session, "session", self._session)

    @property
    def store(self):
        return self._store if self._store is not None else self._ctx.store

    @property
    def project_id(self) -> str:
        if self._project_id is not None:
            return self._project_id
        project = getattr(self._ctx, "project", None)
        return getattr(project, "id", None) or project or getattr(self._ctx, "project_id")

    @property
    def person(self):
        return self._person if self._person is not None else self._ctx.person

    @property
    def reviewer(self):
        if self._reviewer is not None:
            return self._reviewer
        return getattr(self._ctx, "reviewer", None) if self._session is not None else None

    @reviewer.setter
    def reviewer(self, key) -> None:
        self._reviewer = key

    @property
    def area(self):
        """The project's area (loaded once, from the project's ``area`` setting, when not given)."""
        if self._area is None:
            from ..area import load_area

            self._area = load_area(self.store.get_project(self.project_id).area or "demo")
        return self._area

    @area.setter
    def area(self, value) -> None:
        self._area = value

    def run(self, action, success: str | None = None):
        """Call ``action()``; show ``success`` or the problem in plain words. Returns the result or None."""
        try:
            result = action()
        except InputError as err:
            self.message.show(err.summary(), "problem")
            return None
        except PermissionDenied as err:
            self.message.show(str(err), "problem")
            return None
        except ConflictError as err:
            self.message.show(str(err), "problem")
            return None
        if success:
            self.message.show(success, "ok")
        return result
