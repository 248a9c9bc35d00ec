"""Shared parts of the aim, driver and measure pages: where to save, who is saving, messages.

Each page widget is a :class:`MeasurePanel` (an ``ipywidgets.VBox``) given either
``store, project_id, person`` (an analyst in JupyterLab) or a ``session`` with ``store``,
``project``, ``person`` and ``reviewer`` that is read at the moment of each action, so a
change of name in the session bar is picked up. :meth:`MeasurePanel.run` turns InputError,
PermissionDenied and ConflictError into a plain message and keeps what was typed.
"""
from __future__ import annotations

import html

import ipywidgets as w

from ..errors import ConflictError, InputError, PermissionDenied

STYLE = {"description_width": "initial"}
WIDE = w.Layout(width="100%", max_width="48em")


def escape(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def text_box(label, value="", *, area=False, placeholder="", rows=3):
    cls = w.Textarea if area else w.Text
    extra = {"rows": rows} if area else {}
    return cls(value=value, description=label, placeholder=placeholder, style=STYLE, layout=WIDE, **extra)


def choice_box(label, options: dict, value=None):
    """A labelled dropdown from ``{stored value: words shown}``."""
    pairs = [(shown, key) for key, shown in options.items()]
    return w.Dropdown(options=pairs, value=value if value is not None else (pairs[0][1] if pairs else None),
                      description=label, style=STYLE, layout=WIDE)


class MessageBox(w.HTML):
    """Says what happened: saved, or what to fix (never a traceback)."""

    def show_ok(self, text: str) -> None:
        self.value = (f'<div role="status" style="color:#1b5e20;border-left:4px solid #2e7d32;padding:4px 8px">'
                      f'{escape(text)}</div>')

    def show_problems(self, err, heading="Nothing was saved. Please check:") -> None:
        if isinstance(err, InputError):
            items = "".join(f"<li>{escape(p)}</li>" for p in err.problems[:10])
            body = f"<p>{escape(heading)}</p><ul>{items}</ul>"
        else:
            body = f"<p>{escape(err)}</p>"
        self.value = f'<div role="alert" style="color:#8b0000;border-left:4px solid #b71c1c;padding:4px 8px">{body}</div>'

    def clear(self) -> None:
        self.value = ""


class MeasurePanel(w.VBox):
    """Base for the aim, driver and measure widgets."""

    def __init__(self, store=None, project_id=None, person=None, *, reviewer=None, session=None, **kwargs):
        super().__init__(**kwargs)
        self._store, self._project_id, self._person, self._reviewer = store, project_id, person, reviewer
        self._session = session
        self.message = MessageBox()

    @property
    def store(self):
        return getattr(self._session, "store", None) or self._store

    @property
    def project_id(self):
        project = getattr(self._session, "project", None)
        return getattr(project, "id", None) or getattr(self._session, "project_id", None) or self._project_id

    @property
    def person(self):
        return getattr(self._session, "person", None) or self._person

    def run(self, action, ok: str | None = None, *, needs_person: bool = True):
        """Call ``action()``; show ``ok`` or the problem. Returns the result, or None on a problem."""
        if needs_person and self.person is None:
            self.message.show_problems(InputError("We don't know who you are yet.",
                                                  fix="Please choose your name and role at the top of the page."))
            return None
        try:
            result = action()
        except (InputError, PermissionDenied, ConflictError) as err:
            self.message.show_problems(err)
            return None
        if ok:
            self.message.show_ok(ok)
        return result
