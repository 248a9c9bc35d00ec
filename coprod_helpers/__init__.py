"""Co-production Workbook helpers.

The domain package behind the workbook's notebooks and Voila apps. Importing it does no
I/O and loads no heavy library: each submodule is imported when first used, for example
``coprod_helpers.store`` or ``coprod_helpers.area``.

Examples
--------
>>> import coprod_helpers as ch
>>> store = ch.store.open_store("sqlite:///:memory:")      # doctest: +SKIP
"""
from importlib import import_module

__version__ = "0.1.0"

_SUBMODULES = {
    "area", "assets", "errors", "exports", "maps", "measures", "people", "planning",
    "populations", "session", "store", "tables", "widgets", "config",
}


def __getattr__(name):
    if name in _SUBMODULES:
        module = import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
