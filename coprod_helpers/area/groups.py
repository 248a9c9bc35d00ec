"""The population groups every area uses: Census 2021 ethnic groups and age bands.

Each group has one short label used everywhere in the workbook. Census files spell the
same groups in several ways (the GLA wide tables, the ONS custom-dataset long tables,
Nomis bulk files); :func:`match_ethnic_group` and :func:`match_age_band` turn any of
those spellings into the workbook's label.
"""
from __future__ import annotations

#: The 19 ethnic groups of Census 2021 table TS021, in the ONS order (codes 1 to 19).
ETHNIC_GROUPS: tuple[str, ...] = (
    "Asian: Bangladeshi",
    "Asian: Chinese",
    "Asian: Indian",
    "Asian: Pakistani",
    "Asian: Other Asian",
    "Black: African",
    "Black: Caribbean",
    "Black: Other Black",
    "Mixed: White and Asian",
    "Mixed: White and Black African",
    "Mixed: White and Black Caribbean",
    "Mixed: Other Mixed",
    "White: British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: Other White",
    "Other: Arab",
    "Other: Any other ethnic group",
)

#: The five broad groups, in the ONS order.
BROAD_ETHNIC_GROUPS: tuple[str, ...] = ("Asian", "Black", "Mixed", "White", "Other")

#: The 6 Census 2021 age bands (usual residents).
AGE_BANDS: tuple[str, ...] = ("0-15", "16-24", "25-34", "35-49", "50-64", "65+")

#: Label for people whose ethnicity was not recorded, used in service data.
NOT_STATED = "Not stated"

# Other spellings, one list per group, in ETHNIC_GROUPS order:
# the GLA wide-table headers, then the ONS TS021 labels (without the broad prefix).
_ETHNIC_OTHER_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("Asian Bangladeshi", "Bangladeshi"),
    ("Asian Chinese", "Chinese"),
    ("Asian Indian", "Indian"),
    ("Asian Pakistani", "Pakistani"),
    ("Asian Other", "Other Asian"),
    ("Black African", "African"),
    ("Black Caribbean", "Caribbean"),
    ("Black Other", "Other Black"),
    ("Mixed White and Asian", "White and Asian"),
    ("Mixed White and Black African", "White and Black African"),
    ("Mixed White and Black Caribbean", "White and Black Caribbean"),
    ("Mixed Other", "Other Mixed or Multiple ethnic groups", "Other Mixed"),
    ("White British", "English, Welsh, Scottish, Northern Irish or British"),
    ("White Irish", "Irish"),
    ("White Gypsy/Irish Traveller", "Gypsy or Irish Traveller", "White Gypsy or Irish Traveller"),
    ("White Roma", "Roma"),
    ("White Other", "Other White"),
    ("Other Arab", "Arab"),
    ("Other Any other", "Any other ethnic group"),
)

_BROAD_PREFIXES = {
    "Asian": ("asianasianbritishorasianwelsh", "asianorasianbritish", "asian"),
    "Black": ("blackblackbritishblackwelshcaribbeanorafrican", "blackafricancaribbeanorblackbritish",
              "blackorblackbritish", "black"),
    "Mixed": ("mixedormultipleethnicgroups", "mixedormultiple", "mixed"),
    "White": ("white",),
    "Other": ("otherethnicgroup", "other"),
}

_AGE_SPELLINGS: dict[str, tuple[str, ...]] = {
    "0-15": ("Aged 15 years and under", "0 to 15", "Aged 0 to 15 years", "under 16", "0-15"),
    "16-24": ("Aged 16 to 24 years", "16 to 24"),
    "25-34": ("Aged 25 to 34 years", "25 to 34"),
    "35-49": ("Aged 35 to 49 years", "35 to 49"),
    "50-64": ("Aged 50 to 64 years", "50 to 64"),
    "65+": ("Aged 65 years and over", "65 and over", "65 plus", "Aged 65 and over"),
}

#: Labels in Census files that are not a group of people and can be left out.
IGNORED_LABELS = ("Does not apply", "Total", "All usual residents", "Total: All usual residents")


def _key(text: str) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


def _build_ethnic_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for label, others in zip(ETHNIC_GROUPS, _ETHNIC_OTHER_SPELLINGS):
        broad = broad_ethnic_group(label)
        detail = label.split(": ", 1)[1]
        for spelling in (label, detail, *others):
            lookup.setdefault(_key(spelling), label)
            for prefix in _BROAD_PREFIXES[broad]:
                lookup.setdefault(prefix + _key(spelling), label)
    return lookup


def broad_ethnic_group(group: str) -> str:
    """The broad group ("Asian", "Black", "Mixed", "White", "Other") of a workbook label.

    Examples
    --------
    >>> broad_ethnic_group("Black: Caribbean")
    'Black'
    """
    return group.split(":", 1)[0].strip()


def match_ethnic_group(label: str) -> str | None:
    """The workbook label for an ethnic group spelled as in a Census file, or None.

    Examples
    --------
    >>> match_ethnic_group("Asian, Asian British or Asian Welsh: Bangladeshi")
    'Asian: Bangladeshi'
    >>> match_ethnic_group("White Gypsy/Irish Traveller")
    'White: Gypsy or Irish Traveller'
    """
    key = _key(label)
    for lead in ("ethnicgroup", "ethnicity"):
        if key.startswith(lead) and key[len(lead):] in _ETHNIC_LOOKUP:
            key = key[len(lead):]
    return _ETHNIC_LOOKUP.get(key)


def match_age_band(label: str) -> str | None:
    """The workbook age band for a Census age label, or None.

    Examples
    --------
    >>> match_age_band("Aged 16 to 24 years")
    '16-24'
    """
    return _AGE_LOOKUP.get(_key(label))


def is_ignored_label(label: str) -> bool:
    """True for Census labels that are totals or 'Does not apply' rather than a group."""
    key = _key(label)
    return any(key == _key(x) or key.endswith(_key(x)) for x in IGNORED_LABELS)


_ETHNIC_LOOKUP = _build_ethnic_lookup()
_AGE_LOOKUP = {_key(s): band for band, spellings in _AGE_SPELLINGS.items() for s in (band, *spellings)}
