"""Importers for the open files a team has about its own area.

One module per kind of file; :func:`build_area` puts them together and checks that they
agree. Every importer raises :class:`~coprod_helpers.errors.InputError` naming the file,
row and column, and saying what to do.
"""
from .boundaries import import_boundaries
from .build import build_area, check_codes_match, locate_postcodes
from .census import import_age_bands, import_ethnicity
from .deprivation import import_deprivation
from .postcodes import import_postcodes, normalise_postcode

__all__ = ["build_area", "check_codes_match", "import_age_bands", "import_boundaries", "import_deprivation",
           "import_ethnicity", "import_postcodes", "locate_postcodes", "normalise_postcode"]
