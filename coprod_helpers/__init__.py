"""Co-production Workbook helpers.

The domain package behind the workbook's notebooks and Voila apps. Importing it does no
I/O and loads no heavy library: each submodule is imported when first used, for example
``coprod_helpers.store`` or ``coprod_helpers.area``.

Examples
--------
>>> import coprod_helpers as ch
>>> store = ch.store.open_store("sqlite:///:memory:")      # doctest: +SKIP
"""
from ._lazy import lazy_submodules

__version__ = "0.1.0"

_SUBMODULES = {
    "area", "assets", "errors", "exports", "maps", "measures", "people", "planning",
    "populations", "session", "store", "tables", "widgets", "config",
}


__getattr__, __dir__ = lazy_submodules(__name__, _SUBMODULES)
