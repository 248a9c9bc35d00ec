"""Shared parts of the planning pages: where to save, who is saving, and showing messages.

Every planning widget is a :class:`PlanPanel`: an ``ipywidgets.VBox`` that knows the store,
the project and the person, either given directly (an analyst in JupyterLab) or read from
the page's session each time (so a change of name in the session bar is picked up). Its
``run`` method calls a domain function and turns InputError, PermissionDenied and
ConflictError into a plain message on the page; what the person typed is kept.
"""
from __future__ import annotations

import html

import ipywidgets as w

from ..errors import ConflictError, InputError, PermissionDenied

WIDE = w.Layout(width="100%", max_width="46em")
STYLE = {"description_width": "initial"}


def escape(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def text_box(label: str, value: str = "", *, area: bool = False, placeholder: str = "", rows: int = 3):
    """A labelled text box (``area=True`` for several lines)."""
    if area:
        return w.Textarea(value=value, description=label, placeholder=placeholder, rows=rows, style=STYLE,
                          layout=WIDE)
    return w.Text(value=value, description=label, placeholder=placeholder, style=STYLE, layout=WIDE)


def choice_box(label: str, options: dict, value=None, *, buttons: bool = False):
    """A labelled choice from ``{stored value: words shown}``."""
    pairs = [(shown, key) for key, shown in options.items()]
    cls = w.ToggleButtons if buttons else w.Dropdown
    extra = {"style": {**STYLE, "button_width": "auto"}} if buttons else {"style": STYLE}
    return cls(options=pairs, value=value if value is not None else pairs[0][1], description=label, **extra)


def action_button(label: str, *, primary: bool = False):
    """A button wide enough for its words."""
    return w.Button(description=label, button_style="primary" if primary else "",
                    layout=w.Layout(width="auto", min_width="10em"))


def date_box(label: str, value=None):
    return w.DatePicker(description=label, value=value, style=STYLE)


def html_table(headers, rows, *, empty: str = "Nothing here yet.", caption: str = "") -> str:
    """An escaped HTML table for showing lists on a page."""
    if not rows:
        return f"<p><em>{escape(empty)}</em></p>"
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    head = "".join(f'<th scope="col" style="text-align:left;padding:2px 8px">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f'<td style="padding:2px 8px;vertical-align:top">{escape(c)}</td>' for c in r)
                   + "</tr>" for r in rows)
    return f'<table style="border-collapse:collapse">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


class PlanMessage(w.HTML):
    """Where a page says what happened: saved, or what to fix (never a traceback)."""

    def show_ok(self, text: str) -> None:
        self.value = (f'<div role="status" style="color:#1b5e20;border-left:4px solid #2e7d32;'
                      f'padding:4px 8px">{escape(text)}</div>')

    def show_problems(self, err: Exception) -> None:
        if isinstance(err, InputError):
            items = "".join(f"<li>{escape(p)}</li>" for p in err.problems[:10])
            body = f"<p>Nothing was saved. Please check:</p><ul>{items}</ul>"
        else:
            body = f"<p>{escape(err)}</p>"
        self.value = (f'<div role="alert" style="color:#8b0000;border-left:4px solid #b71c1c;'
                      f'padding:4px 8px">{body}</div>')

    def clear(self) -> None:
        self.value = ""


class PlanPanel(w.VBox):
    """Base for planning widgets: store, project and person, plus a message area.

    Parameters
    ----------
    store, project_id, person : optional
        Where to save and who is saving (used when no ``session`` is given).
    reviewer : ReviewerKey, optional
    session : optional
        An object with ``store``, ``project`` (or ``project_id``), ``person`` and
        ``reviewer`` attributes, or an app holding one as ``.session``; read at the moment
        of each action, so a change in the page's session bar is picked up.
    """

    def __init__(self, store=None, project_id=None, person=None, *, reviewer=None, session=None, **kwargs):
        super().__init__(**kwargs)
        self._store, self._project_id, self._person, self._reviewer = store, project_id, person, reviewer
        self._session = session
        self.message = PlanMessage()

    @property
    def session(self):
        """The current session (an app's ``.session`` is looked up afresh each time)."""
        if self._session is not None and not hasattr(self._session, "store"):
            return getattr(self._session, "session", None)
        return self._session

    @property
    def store(self):
        return getattr(self.session, "store", None) or self._store

    @property
    def project_id(self):
        session = self.session
        if session is not None:
            project = getattr(session, "project", None)
            pid = getattr(project, "id", None) or getattr(session, "project_id", None)
            if pid:
                return pid
        return self._project_id

    @property
    def person(self):
        return getattr(self.session, "person", None) or self._person

    @property
    def reviewer(self):
        return getattr(self.session, "reviewer", None) or self._reviewer

    def run(self, action, ok: str | None = None, *, needs_person: bool = True):
        """Call ``action()``; show ``ok`` on success or the problem on failure. Returns the result or None."""
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

    def run_quietly(self, action, default=None):
        """Call a read-only ``action()``; on a known error show it and return ``default``."""
        try:
            return action()
        except (InputError, PermissionDenied, ConflictError) as err:
            self.message.show_problems(err)
            return default
