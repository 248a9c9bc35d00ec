"""Errors that people can act on.

Every check on an upload, a form or an import raises :class:`InputError`, which carries
one or more :class:`Problem` objects. Each problem names where it was found (file, row,
field) and what to do about it, so a workshop page can show it in plain words and an
analyst can read it in a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with some input.

    Parameters
    ----------
    message : str
        What is wrong, in plain words.
    fix : str
        What the person can do about it.
    source : str, optional
        The file name or form name.
    row : int, optional
        The row number as a person counts it in a spreadsheet (the header is row 1).
    field : str, optional
        The column or form field.
    """

    message: str
    fix: str = ""
    source: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = []
        if self.source:
            where.append(f"{self.source}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"column/field '{self.field}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.fix:
            text += f" {self.fix}"
        return text


class InputError(ValueError):
    """Raised when input cannot be used as it is; nothing has been saved.

    ``problems`` lists every problem found (up to a sensible limit), not only the first.
    """

    def __init__(self, problems: Problem | list[Problem] | str, *, fix: str = "", source=None,
                 row=None, field=None):
        if isinstance(problems, str):
            problems = [Problem(problems, fix=fix, source=source, row=row, field=field)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(self.summary())

    def summary(self, limit: int = 10) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        extra = len(self.problems) - limit
        if extra > 0:
            lines.append(f"... and {extra} more problem(s) like these.")
        return "\n".join(lines)


class PermissionDenied(PermissionError):
    """Raised when an action needs the team's reviewer passphrase and it was not given."""


class ConflictError(RuntimeError):
    """Raised when a record changed since it was read (someone else saved first)."""


def collect(problems: list[Problem]) -> None:
    """Raise :class:`InputError` if ``problems`` is not empty."""
    if problems:
        raise InputError(problems)
