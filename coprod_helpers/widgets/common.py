"""What every page widget shares: where to save, who is saving, and plain messages.

A page widget is a :class:`StorePanel` (an ``ipywidgets.VBox``). It is given either
``store, project_id, person`` directly (an analyst in JupyterLab) or a page ``session``
(an object with ``store``, ``project``, ``person`` and ``reviewer``, or an app holding one
as ``.session``) that is read at the moment of each action, so a change made in the
session bar is picked up at once. :meth:`StorePanel.run` calls a domain function and turns
InputError, PermissionDenied and ConflictError into a :class:`MessageArea` message: a page
never shows a traceback, and what the person typed stays in the form.

The per-domain bases (``plan_base``, ``measure_base``, ``asset_base``, ``population_base``)
only set their widths and the few ways their pages differ.
"""
from __future__ import annotations

import html

import ipywidgets as w

from ..errors import ConflictError, InputError, PermissionDenied

STYLE = {"description_width": "initial"}
WIDE = w.Layout(width="100%", max_width="48em")  # shared by widgets built directly (text_box etc. make their own)
NOTHING_SAVED = "Nothing was saved. Please check:"
NO_PERSON = InputError("We don't know who you are yet.",
                       fix="Please choose your name and role at the top of the page.")
KNOWN_ERRORS = (InputError, PermissionDenied, ConflictError)

# kind: (text colour, border colour, ARIA role). Problems are alerts so screen readers say them at once.
_KINDS = {
    "ok": ("#1b5e20", "#2e7d32", "status"),
    "info": ("#0b4f8a", "#0b4f8a", "status"),
    "problem": ("#8b0000", "#b71c1c", "alert"),
}


def escape(text) -> str:
    """``text`` made safe to put inside HTML (``None`` becomes an empty string)."""
    return html.escape("" if text is None else str(text), quote=True)


def _width(max_width: str | None) -> dict:
    # A Layout of its own for each field: hiding one field (layout.display) must not hide the others.
    return {} if max_width is None else {"layout": w.Layout(width="100%", max_width=max_width)}


def text_box(label: str, value: str = "", *, area: bool = False, placeholder: str = "", rows: int = 3,
             max_width: str | None = "48em"):
    """A labelled text box, as wide as the page up to ``max_width`` (``area=True`` for several lines)."""
    extra = {"rows": rows} if area else {}
    cls = w.Textarea if area else w.Text
    return cls(value=value, description=label, placeholder=placeholder, style=STYLE, **extra, **_width(max_width))


def choice_box(label: str, options, value=None, *, buttons: bool = False, max_width: str | None = "48em"):
    """A labelled choice from ``{stored value: words shown}`` or a list of options.

    The first option is chosen when ``value`` is not given; ``buttons=True`` shows toggle
    buttons instead of a dropdown; ``max_width=None`` keeps the widget's own width.
    """
    pairs = [(shown, key) for key, shown in options.items()] if isinstance(options, dict) else list(options)
    if value is None and pairs:
        value = pairs[0][1] if isinstance(pairs[0], tuple) else pairs[0]
    if buttons:
        return w.ToggleButtons(options=pairs, value=value, description=label,
                               style={**STYLE, "button_width": "auto"}, **_width(max_width))
    return w.Dropdown(options=pairs, value=value, description=label, style=STYLE, **_width(max_width))


def check_box(description: str, value: bool = False, **kwargs):
    """A tick box whose words are never cut short (ipywidgets' default width truncates them)."""
    kwargs.setdefault("layout", w.Layout(width="auto"))
    return w.Checkbox(description=description, value=value, indent=False, **kwargs)


def first_upload(upload, default_name: str = "upload") -> tuple[str, bytes] | None:
    """The name and bytes of the first file chosen in a ``FileUpload``, or None when none is.

    ipywidgets 8 gives a tuple of files, ipywidgets 7 a dict by name: both are read.
    """
    files = upload.value
    if not files:
        return None
    item = files[0] if isinstance(files, (list, tuple)) else next(iter(files.values()))
    return item.get("name") or default_name, bytes(item["content"])


def password_box(label: str, **layout):
    """A labelled passphrase box (the words are never shown), as wide as ``layout`` says."""
    return w.Password(description=label, style=STYLE, layout=w.Layout(**(layout or {"width": "34em"})))


def action_button(label: str, *, primary: bool = False):
    """A button wide enough for its words."""
    return w.Button(description=label, button_style="primary" if primary else "",
                    layout=w.Layout(width="auto", min_width="10em"))


def html_table(headers, rows, *, empty: str = "Nothing here yet.", caption: str = "") -> str:
    """An escaped HTML table for showing lists on a page."""
    if not rows:
        return f"<p><em>{escape(empty)}</em></p>"
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    head = "".join(f'<th scope="col" style="text-align:left;padding:2px 8px">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f'<td style="padding:2px 8px;vertical-align:top">{escape(c)}</td>' for c in r)
                   + "</tr>" for r in rows)
    return f'<table style="border-collapse:collapse">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


class MessageArea(w.HTML):
    """Where a page says what happened: done, or what to fix (never a traceback).

    Confirmations are a ``role="status"`` region, problems a ``role="alert"``; every text
    is escaped. Text of several lines is shown as a list.
    """

    def show(self, text, kind: str = "ok") -> None:
        """Show ``text``; ``kind`` is ``"ok"``, ``"info"`` or ``"problem"``."""
        lines = [line for line in str("" if text is None else text).splitlines() if line.strip()]
        if len(lines) > 1:
            self._render(kind, _list(lines))
        else:
            self._render(kind, escape(lines[0] if lines else ""))

    def show_ok(self, text) -> None:
        self.show(text, "ok")

    def show_problem(self, text) -> None:
        self.show(text, "problem")

    def show_problems(self, err, heading: str | None = NOTHING_SAVED) -> None:
        """Show an error: an InputError as a list of its problems under ``heading``.

        ``heading=None`` shows the list alone; any other error (or text) is shown as it is.
        """
        if not isinstance(err, InputError):
            self.show(err, "problem")
            return
        intro = f'<p style="margin:0 0 .25em">{escape(heading)}</p>' if heading else ""
        self._render("problem", intro + _list(err.summary().splitlines()))

    def clear(self) -> None:
        self.value = ""

    def _render(self, kind: str, body: str) -> None:
        colour, border, role = _KINDS[kind]
        self.value = (f'<div role="{role}" style="color:{colour};border-left:4px solid {border};'
                      f'padding:4px 8px">{body}</div>')


def _list(lines) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<ul style="margin:0;padding-left:1.2em">{items}</ul>'


class StorePanel(w.VBox):
    """Base of the page widgets: store, project, person and reviewer key, a message, ``run``.

    Parameters
    ----------
    store, project_id, person : optional
        Where to save and who is saving. When given they are used; otherwise they are
        read from ``session`` at the moment they are needed.
    reviewer : ReviewerKey, optional
        The team's reviewer key (also set by ``panel.reviewer = key`` after unlocking).
    session : optional
        An object with ``store``, ``project`` (or ``project_id``), ``person`` and
        ``reviewer``, or an app holding one as ``.session`` (looked up afresh each time,
        so a new session on the app is picked up).
    area : Area, optional
        The project's area; loaded from the project's ``area`` setting when first needed.

    Subclasses adjust :attr:`problem_heading`, :attr:`needs_person` and
    :attr:`conflict_words` rather than rewriting :meth:`run`.

    Examples
    --------
    >>> panel = StorePanel(store, project.id, person)          # doctest: +SKIP
    >>> panel.run(lambda: save_something(panel.store, panel.project_id), "Saved.")  # doctest: +SKIP
    """

    #: Shown above the list of an InputError's problems (``None``: the list alone).
    problem_heading: str | None = NOTHING_SAVED
    #: Whether :meth:`run` refuses, by default, when nobody has said who they are.
    needs_person: bool = False
    #: Words shown for a ConflictError instead of its own message (``None``: its message).
    conflict_words: str | None = None

    def __init__(self, store=None, project_id=None, person=None, *, reviewer=None, session=None, area=None,
                 **kwargs):
        super().__init__(**kwargs)
        self._store, self._project_id, self._person = store, project_id, person
        self._reviewer, self._session, self._area = reviewer, session, area
        self.message = MessageArea()

    @property
    def session(self):
        """The current page session (an app's ``.session`` is looked up afresh each time)."""
        given = self._session
        if given is not None and not hasattr(given, "store"):
            return getattr(given, "session", None)
        return given

    @session.setter
    def session(self, value) -> None:
        self._session = value

    def _from_session(self, name: str):
        return getattr(self.session, name, None)

    @property
    def store(self):
        return self._store if self._store is not None else self._from_session("store")

    @property
    def project_id(self):
        if self._project_id is not None:
            return self._project_id
        project = self._from_session("project")
        # a Project, or (in a hand-made session) its id as a plain string
        return getattr(project, "id", project) or self._from_session("project_id")

    @property
    def person(self):
        return self._person if self._person is not None else self._from_session("person")

    @property
    def reviewer(self):
        return self._reviewer if self._reviewer is not None else self._from_session("reviewer")

    @reviewer.setter
    def reviewer(self, key) -> None:
        self._reviewer = key

    @property
    def area(self):
        """The project's area (loaded once, from the project's ``area`` setting, when not given)."""
        if self._area is None:
            from ..area import load_area  # geopandas: only when a page needs the map

            self._area = load_area(self.store.get_project(self.project_id).area or "demo")
        return self._area

    @area.setter
    def area(self, value) -> None:
        self._area = value

    def run(self, action, ok: str | None = None, *, needs_person: bool | None = None):
        """Call ``action()``; show ``ok`` on success or the problem on failure.

        Returns the result, or None when there was a problem (nothing is raised, and the
        form keeps what was typed). ``needs_person`` (default :attr:`needs_person`) refuses
        before calling ``action`` when nobody has said who they are.
        """
        if (self.needs_person if needs_person is None else needs_person) and self.person is None:
            self.show_error(NO_PERSON)
            return None
        try:
            result = action()
        except KNOWN_ERRORS as err:
            self.show_error(err)
            return None
        if ok:
            self.message.show_ok(ok)
        return result

    def run_quietly(self, action, default=None):
        """Call a read-only ``action()``; on a known error show it and return ``default``."""
        try:
            return action()
        except KNOWN_ERRORS as err:
            self.show_error(err)
            return default

    def show_error(self, err) -> None:
        """Show an InputError, PermissionDenied or ConflictError in plain words."""
        if isinstance(err, ConflictError) and self.conflict_words:
            self.message.show_problem(self.conflict_words)
        else:
            self.message.show_problems(err, heading=self.problem_heading)
