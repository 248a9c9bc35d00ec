"""Import postcode centroids: OS Code-Point Open, ONSPD / NSPL, or any CSV with postcode and coordinates."""
from __future__ import annotations

import re

from ...errors import InputError, Problem
from ...tables import read_table
from .common import (CODEPOINT_ATTRIBUTION, MAX_ROW_PROBLEMS, file_name, find_column, more_problems,
                     to_numbers)

POSTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")
#: Code-Point Open CSVs have no header row; these are its columns (from its user guide).
CODEPOINT_COLUMNS = ("postcode", "positional_quality", "easting", "northing", "country_code", "nhs_region_code",
                     "nhs_ha_code", "admin_county_code", "admin_district_code", "admin_ward_code")
_ALIASES = {
    "postcode": ("postcode", "pcds", "pcd", "pcd2", "pcd7", "pcd8", "post code", "postcode unit"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "long", "lon", "lng"),
    "easting": ("easting", "eastings", "oseast1m", "x"),
    "northing": ("northing", "northings", "osnrth1m", "y"),
}
# ONSPD marks postcodes with no grid reference with these values.
_NO_LOCATION_LAT = 99.999999


def normalise_postcode(text) -> str | None:
    """A postcode written the standard way ("E15 4HT"), or None if it is not shaped like one.

    Examples
    --------
    >>> normalise_postcode(" e154ht ")
    'E15 4HT'
    >>> normalise_postcode("not a postcode") is None
    True
    """
    if text is None:
        return None
    compact = re.sub(r"\s+", "", str(text)).upper()
    if len(compact) < 5:
        return None
    candidate = f"{compact[:-3]} {compact[-3:]}"
    return candidate if POSTCODE_PATTERN.match(candidate) else None


def import_postcodes(path):
    """Read postcode centroids as latitude and longitude (WGS84).

    Parameters
    ----------
    path : path, bytes or pandas.DataFrame
        A CSV with a postcode column and either ``latitude``/``longitude`` (ONSPD ``lat``/``long``)
        or British National Grid ``easting``/``northing`` (Code-Point Open; ONSPD
        ``oseast1m``/``osnrth1m``), which are converted from EPSG:27700. Code-Point Open's
        headerless CSVs are recognised.

    Returns
    -------
    pandas.DataFrame
        ``postcode, latitude, longitude``; the index is the spreadsheet row. Rows with no
        location (ONSPD's 99.999999 marker, or 0/0) are left out, and counted in
        ``attrs["without_location"]``.
    """
    name = file_name(path)
    df = read_table(path, name)
    if normalise_postcode(df.columns[0]):       # Code-Point Open: the first row is data
        df = _reread_without_header(path, name)
    start = 1 if df.attrs.get("headerless") else 2
    df.index = range(start, start + len(df))
    found = {c: find_column(df.columns, aliases) for c, aliases in _ALIASES.items()}
    if found["postcode"] is None:
        raise InputError(Problem("No column holds the postcodes.", fix="Name it 'postcode'. The columns are: "
                                 f"{', '.join(df.columns[:25])}.", source=name, row=1, field="postcode"))
    has_latlon = found["latitude"] is not None and found["longitude"] is not None
    has_grid = found["easting"] is not None and found["northing"] is not None
    if not (has_latlon or has_grid):
        raise InputError(Problem("No columns hold the postcode locations.",
                                 fix="Add 'latitude' and 'longitude' columns, or British National Grid 'easting' and "
                                 "'northing' columns.", source=name, row=1, field="latitude"))
    problems = []
    pc_col = found["postcode"]
    postcodes = df[pc_col].map(normalise_postcode)
    bad = list(df.index[postcodes.isna()])
    for row in bad[:MAX_ROW_PROBLEMS]:
        problems.append(Problem(f"'{df.at[row, pc_col]}' is not shaped like a UK postcode.",
                                fix="Write it like 'E15 4HT', or delete the row.", source=name, row=int(row),
                                field=pc_col))
    problems += more_problems("a malformed postcode", len(bad), MAX_ROW_PROBLEMS, name, pc_col)
    x_col, y_col = (found["longitude"], found["latitude"]) if has_latlon else (found["easting"], found["northing"])
    coords = df[[x_col, y_col]].copy()
    number_problems = to_numbers(coords, [x_col, y_col], name, what="a number (a coordinate)")
    if number_problems:
        raise InputError(problems + number_problems)
    x, y = coords[x_col].to_numpy(float), coords[y_col].to_numpy(float)
    if has_latlon:
        no_location = (y == _NO_LOCATION_LAT) | ((x == 0) & (y == 0))
        problems += _check_latlon(df.index, x, y, no_location, name, x_col, y_col)
        lon, lat = x, y
    else:
        no_location = (x == 0) & (y == 0)
        problems += _check_grid(df.index, x, y, no_location, name, x_col)
        lon, lat = _grid_to_lonlat(x, y)
    dup = postcodes.duplicated(keep="first") & ~no_location
    for row in list(df.index[dup])[:MAX_ROW_PROBLEMS]:
        first = df.index[(postcodes == postcodes[row]).to_numpy()][0]
        problems.append(Problem(f"The postcode {postcodes[row]} appears more than once (rows {first} and {row}).",
                                fix="Keep one row per postcode.", source=name, row=int(row), field=pc_col))
    if problems:
        raise InputError(problems)
    import pandas as pd

    out = pd.DataFrame({"postcode": postcodes.to_numpy(), "latitude": lat.round(6), "longitude": lon.round(6)},
                       index=df.index)[~no_location]
    if out.empty:
        raise InputError(Problem("None of the postcodes has a location.", fix="Use a file with coordinates for "
                                 "each postcode.", source=name))
    out.attrs.update(source=name, attribution=[CODEPOINT_ATTRIBUTION], without_location=int(no_location.sum()))
    return out


def _reread_without_header(path, name):
    import io

    import pandas as pd

    from ...tables import _decode

    if hasattr(path, "read"):
        path.seek(0)
        raw = path.read()
    elif isinstance(path, (bytes, bytearray)):
        raw = bytes(path)
    else:
        with open(path, "rb") as fh:
            raw = fh.read()
    df = pd.read_csv(io.StringIO(_decode(raw, name)), header=None, dtype=str, keep_default_na=False)
    df.columns = list(CODEPOINT_COLUMNS[: df.shape[1]]) + [f"column_{i + 1}" for i in
                                                            range(len(CODEPOINT_COLUMNS), df.shape[1])]
    df.attrs["headerless"] = True
    return df


def _check_latlon(index, lon, lat, skip, name, x_col, y_col):
    import numpy as np

    problems = []
    out_of_range = ~skip & ((np.abs(lat) > 90) | (np.abs(lon) > 180))
    for i in np.flatnonzero(out_of_range)[:MAX_ROW_PROBLEMS]:
        problems.append(Problem(f"Latitude {lat[i]} / longitude {lon[i]} is not a place on Earth; these look like "
                                "eastings and northings.", fix="Put them in 'easting' and 'northing' columns instead.",
                                source=name, row=int(index[i]), field=y_col))
    swapped = ~skip & (lon >= 49) & (lon <= 62) & (lat >= -10) & (lat <= 4)
    for i in np.flatnonzero(swapped)[:MAX_ROW_PROBLEMS]:
        problems.append(Problem(f"Latitude and longitude look swapped (latitude {lat[i]}, longitude {lon[i]}).",
                                fix="In the UK latitude is about 50 to 60 and longitude about -8 to 2: swap the "
                                "two columns.", source=name, row=int(index[i]), field=y_col))
    return problems


def _check_grid(index, x, y, skip, name, x_col):
    import numpy as np

    bad = ~skip & ((x < 0) | (x > 700_000) | (y < 0) | (y > 1_300_000))
    return [Problem(f"Easting {x[i]:.0f} / northing {y[i]:.0f} is outside Great Britain.",
                    fix="Check the columns hold British National Grid eastings and northings in metres.",
                    source=name, row=int(index[i]), field=x_col) for i in np.flatnonzero(bad)[:MAX_ROW_PROBLEMS]]


def _grid_to_lonlat(easting, northing):
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    return transformer.transform(easting, northing)
