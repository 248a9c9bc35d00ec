"""Group labels: turn the many spellings in service data into the workbook's labels.

Service data from NHS systems often uses the NHS ethnic category codes (A to Z) or their
words ("Any other White background"); Census tables use the ONS words. Both become the
workbook's 19 Census group labels, so service counts line up with Census denominators.
Where an NHS category is wider than one Census group, it maps to the nearest single group
(as NHS England's Mental Health Act statistics do); see :data:`NHS_ETHNIC_CATEGORIES`.
"""
from __future__ import annotations

from .data_quality import is_unknown_label

#: NHS Data Dictionary ethnic category codes -> (words, workbook label). Z and 99 mean not stated / not known.
NHS_ETHNIC_CATEGORIES = {
    "A": ("British", "White: British"),
    "B": ("Irish", "White: Irish"),
    "C": ("Any other White background", "White: Other White"),
    "D": ("White and Black Caribbean", "Mixed: White and Black Caribbean"),
    "E": ("White and Black African", "Mixed: White and Black African"),
    "F": ("White and Asian", "Mixed: White and Asian"),
    "G": ("Any other mixed background", "Mixed: Other Mixed"),
    "H": ("Indian", "Asian: Indian"),
    "J": ("Pakistani", "Asian: Pakistani"),
    "K": ("Bangladeshi", "Asian: Bangladeshi"),
    "L": ("Any other Asian background", "Asian: Other Asian"),
    "M": ("Caribbean", "Black: Caribbean"),
    "N": ("African", "Black: African"),
    "P": ("Any other Black background", "Black: Other Black"),
    "R": ("Chinese", "Asian: Chinese"),
    "S": ("Any other ethnic group", "Other: Any other ethnic group"),
    "Z": ("Not stated", "Not stated"),
    "99": ("Not known", "Not stated"),
}

#: Group types the workbook knows how to check; any other type is a PLUS group the team defines.
KNOWN_GROUP_TYPES = ("ethnicity", "age_band", "sex", "imd_decile", "imd_quintile", "small_area", "all")

SEX_LABELS = {"female": "Female", "f": "Female", "woman": "Female", "women": "Female",
              "male": "Male", "m": "Male", "man": "Male", "men": "Male"}


def _key(text) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


_NHS_WORDS = {_key(words): label for words, label in NHS_ETHNIC_CATEGORIES.values()}


def match_group(group_type: str, label, *, allowed=None) -> str | None:
    """The workbook label for ``label`` of ``group_type``, or None if it is not recognised.

    Unknown / not stated labels become ``"Not stated"``. For a group type the workbook does
    not know (a PLUS group), any label in ``allowed`` (or any label when ``allowed`` is None)
    is accepted as typed.

    Examples
    --------
    >>> match_group("ethnicity", "N"), match_group("ethnicity", "Any other White background")
    ('Black: African', 'White: Other White')
    >>> match_group("imd_decile", "3"), match_group("age_band", "Aged 16 to 24 years")
    ('3', '16-24')
    """
    from ..area.groups import NOT_STATED, match_age_band, match_ethnic_group

    text = "" if label is None else str(label).strip()
    if is_unknown_label(text):
        return NOT_STATED
    if allowed is not None:
        wanted = {_key(a): a for a in allowed}
        return wanted.get(_key(text))
    if group_type == "ethnicity":
        if text.upper() in NHS_ETHNIC_CATEGORIES:
            return NHS_ETHNIC_CATEGORIES[text.upper()][1]
        return match_ethnic_group(text) or _NHS_WORDS.get(_key(text))
    if group_type == "age_band":
        return match_age_band(text)
    if group_type in ("imd_decile", "imd_quintile"):
        top = 10 if group_type == "imd_decile" else 5
        try:
            value = float(text)
        except ValueError:
            return None
        return str(int(value)) if value.is_integer() and 1 <= value <= top else None
    if group_type == "sex":
        return SEX_LABELS.get(_key(text), text)
    return text or None
