"""Packages whose submodules are imported the first time they are used.

So that ``import coprod_helpers`` (or ``coprod_helpers.assets``) stays cheap: a submodule
that needs geopandas or folium is only imported when a notebook reaches for it.
"""
from __future__ import annotations

import sys
from importlib import import_module


def lazy_submodules(package: str, names):
    """Build a package's module ``__getattr__`` and ``__dir__`` for lazily imported submodules.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : iterable of str
        Its submodules that ``package.<name>`` may import on first use.

    Returns
    -------
    tuple of callables
        ``(__getattr__, __dir__)`` to assign in the package's ``__init__``.

    Examples
    --------
    >>> __getattr__, __dir__ = lazy_submodules(__name__, {"model", "register"})  # doctest: +SKIP
    """
    names = frozenset(names)

    def __getattr__(name: str):
        if name in names:
            # importing a submodule also binds it on the package, so this runs once per name
            return import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted(set(vars(sys.modules[package])) | names)

    return __getattr__, __dir__
