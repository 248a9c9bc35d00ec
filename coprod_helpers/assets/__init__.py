"""Community assets: the register, import and export, geocoding, duplicates and gaps.

From the ten-step guide, step 6: a team maps the assets of a neighbourhood together with
people who live there. This package holds the plain functions behind the asset-map app
(``notebooks/04_asset_map.ipynb``); an analyst can call them directly.

Submodules are imported when used, so ``import coprod_helpers.assets`` is cheap:

- :mod:`.model` the fields of an asset, checks, categories, opening times
- :mod:`.register` add, review, edit, comment, undo (on the project store)
- :mod:`.geocode` postcodes to places, coordinate checks
- :mod:`.duplicates` likely duplicates (similar name close by)
- :mod:`.importers` / :mod:`.exporters` CSV, Excel, GeoJSON, GeoPackage, Open Referral (HSDS)
- :mod:`.gaps` distance from each small area to the nearest asset
- :mod:`.privacy` what may be shared
"""
from .._lazy import lazy_submodules

_SUBMODULES = {"model", "register", "geocode", "duplicates", "importers", "exporters", "gaps", "privacy",
               "hsds"}


__getattr__, __dir__ = lazy_submodules(__name__, _SUBMODULES)
