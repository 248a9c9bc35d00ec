"""Find and remove personal details from free text before it is stored or shown.

Looks for e-mail addresses, NHS numbers (10 digits that pass the NHS check digit, checked
with the ``nhs-number`` package), UK phone numbers, full UK postcodes, and any names the team
lists. Each is replaced by a label such as ``[phone number removed]``; the result says what
kind of detail was removed and why, without keeping the detail itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import nhs_number

EMAIL = re.compile(r"[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
NHS_CANDIDATE = re.compile(r"(?<![\d+])\d{3}[ \-]?\d{3}[ \-]?\d{4}(?!\d)")
PHONE = re.compile(r"(?<![\w+])(?:\+44[ \-]?(?:\(0\)[ \-]?)?|0044[ \-]?|\(?0)\d(?:[ \-\)]{0,2}\d){8,9}(?!\d)")
POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)

REASONS = {
    "email": ("[e-mail removed]", "An e-mail address can identify a person."),
    "nhs_number": ("[NHS number removed]", "An NHS number identifies a patient."),
    "phone": ("[phone number removed]", "A phone number can identify a person."),
    "postcode": ("[postcode removed]", "A full postcode can point to someone's home."),
    "name": ("[name removed]", "The team asked for this name to be removed."),
}


@dataclass(frozen=True)
class Redaction:
    """One detail removed: its kind, why, and a masked hint (never the detail itself)."""

    kind: str
    reason: str
    hint: str


@dataclass
class RedactionResult:
    """The text with details removed, and what was removed."""

    text: str
    redactions: list[Redaction] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.redactions)

    def summary(self) -> str:
        """Plain words, e.g. "Removed 1 phone number and 1 e-mail address."."""
        if not self.redactions:
            return "No personal details were found."
        words = {"email": "e-mail address", "nhs_number": "NHS number", "phone": "phone number",
                 "postcode": "postcode", "name": "name"}
        counts: dict[str, int] = {}
        for r in self.redactions:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        parts = [f"{n} {words[k]}{'es' if n > 1 and words[k].endswith('ss') else 's' if n > 1 else ''}"
                 for k, n in counts.items()]
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Removed {joined} to keep people safe."


def _mask(text: str) -> str:
    keep = text[:2]
    return keep + "•" * max(len(text) - 2, 1)


def _is_nhs_number(candidate: str) -> bool:
    return nhs_number.is_valid(re.sub(r"[ \-]", "", candidate))


def redact_text(text: str, *, names=(), postcodes: bool = True) -> RedactionResult:
    """Remove personal details from ``text``.

    Parameters
    ----------
    text : str
    names : iterable of str
        Names the team wants removed (matched as whole words, ignoring case).
    postcodes : bool
        Also remove full postcodes (on by default).

    Examples
    --------
    >>> r = redact_text("Call me on 07700 900123 or mail jo@example.org")
    >>> r.text
    'Call me on [phone number removed] or mail [e-mail removed]'
    >>> [x.kind for x in r.redactions]
    ['email', 'phone']
    """
    text = "" if text is None else str(text)
    found: list[Redaction] = []

    def replace(kind, pattern, check=None):
        nonlocal text
        label, reason = REASONS[kind]

        def swap(m):
            if check is not None and not check(m.group(0)):
                return m.group(0)
            found.append(Redaction(kind, reason, _mask(m.group(0))))
            return label
        text = pattern.sub(swap, text)

    replace("email", EMAIL)
    replace("nhs_number", NHS_CANDIDATE, _is_nhs_number)
    replace("phone", PHONE)
    if postcodes:
        replace("postcode", POSTCODE)
    clean_names = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if clean_names:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in clean_names) + r")(?!\w)", re.IGNORECASE)
        replace("name", pattern)
    return RedactionResult(text, found)
