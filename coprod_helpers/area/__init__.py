"""Area data: small areas, who lives there, deprivation and postcodes.

Importing this package loads nothing heavy; geopandas is imported when an area is
loaded or built.

Examples
--------
>>> from coprod_helpers.area import load_area
>>> area = load_area("demo")           # the fictional demo borough
>>> area.name
'Riverside Vale (fictional)'
"""
from importlib import import_module

_EXPORTS = {
    "Area": "model", "check_area": "model",
    "load_area": "storage", "save_area": "storage",
    "make_demo_area": "demo", "write_demo_data": "demo",
    "ETHNIC_GROUPS": "groups", "BROAD_ETHNIC_GROUPS": "groups", "AGE_BANDS": "groups",
    "NOT_STATED": "groups", "broad_ethnic_group": "groups", "match_ethnic_group": "groups",
    "match_age_band": "groups",
    "build_area": "importers", "import_boundaries": "importers", "import_deprivation": "importers",
    "import_ethnicity": "importers", "import_age_bands": "importers", "import_postcodes": "importers",
    "normalise_postcode": "importers",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
