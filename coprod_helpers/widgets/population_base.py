"""Shared parts of the step 4-5 pages: who is saving where, and showing messages.

A :class:`PopulationPanel` knows the store, project and person, either given directly (an
analyst in JupyterLab) or read from the page's session each time it saves (so a change of
name in the session bar is picked up). :meth:`PopulationPanel.run` turns InputError,
PermissionDenied and ConflictError into a plain message; what the person typed is kept.
"""
from __future__ import annotations

import html

import ipywidgets as w

from ..errors import ConflictError, InputError, PermissionDenied

WIDE = w.Layout(width="100%", max_width="48em")
STYLE = {"description_width": "initial"}


def escape(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


class Message(w.HTML):
    """Says what happened: saved, or what to fix. Announced to screen readers."""

    def show_ok(self, text: str) -> None:
        self.value = (f'<div role="status" style="color:#1b5e20;border-left:4px solid #2e7d32;padding-left:.5em">'
                      f"{escape(text)}</div>")

    def show_problem(self, text: str) -> None:
        lines = "<br>".join(escape(x) for x in str(text).splitlines())
        self.value = (f'<div role="alert" style="color:#8b0000;border-left:4px solid #b71c1c;padding-left:.5em">'
                      f"{lines}</div>")

    def clear(self) -> None:
        self.value = ""


class PopulationPanel(w.VBox):
    """Base for the widgets of steps 4-5. Give ``session`` or ``store, project_id, person``."""

    def __init__(self, *, store=None, project_id=None, person=None, session=None, **kwargs):
        super().__init__(**kwargs)
        self._store, self._project_id, self._person, self.session = store, project_id, person, session
        self.message = Message()

    @property
    def _context(self):
        # start_app() returns an app whose ``session`` holds store, project and person
        return getattr(self.session, "session", self.session)

    @property
    def store(self):
        return self._store if self._store is not None else self._context.store

    @property
    def project_id(self):
        if self._project_id is not None:
            return self._project_id
        project = self._context.project
        return getattr(project, "id", project)

    @property
    def person(self):
        return self._person if self._person is not None else self._context.person

    def run(self, action, *args, ok: str | None = None, **kwargs):
        """Call ``action``; show ``ok`` or the problem. Returns the result, or None on a problem."""
        try:
            result = action(*args, **kwargs)
        except InputError as err:
            self.message.show_problem(err.summary())
            return None
        except PermissionDenied as err:
            self.message.show_problem(str(err))
            return None
        except ConflictError:
            self.message.show_problem("Someone else saved a change just now. Press Refresh and try again; "
                                      "what you typed is still here.")
            return None
        if ok:
            self.message.show_ok(ok)
        return result


def labelled_text(label: str, *, area: bool = False, placeholder: str = "", rows: int = 3, value: str = ""):
    cls = w.Textarea if area else w.Text
    extra = {"rows": rows} if area else {}
    return cls(description=label, placeholder=placeholder, value=value, style=STYLE, layout=WIDE, **extra)


def labelled_choice(label: str, options, value=None):
    opts = list(options)
    return w.Dropdown(description=label, options=opts, value=value if value is not None else (opts[0] if opts else None),
                      style=STYLE, layout=WIDE)
