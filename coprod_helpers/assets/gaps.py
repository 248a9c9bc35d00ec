"""Gaps: how far each small area is from the nearest published asset, and which areas of high
need have none nearby.

Distances are in metres, measured in a projected (metric) CRS from a point inside each small
area to the nearest asset, using geopandas' nearest-neighbour join (a spatial index, not a
loop over every pair).
"""
from __future__ import annotations

from ..errors import InputError

#: An area counts as having an asset "nearby" within this distance (about a 12-minute walk).
NEARBY_M = 1000.0


def _metric_crs(small_areas):
    return small_areas.estimate_utm_crs()


def distance_to_nearest_asset(area, assets, *, categories=None):
    """For each small area, the nearest asset (of ``categories``, if given) and its distance.

    Parameters
    ----------
    area : Area
        Gives the small areas.
    assets : list of dict
        Shareable or stored assets with ``id``, ``name``, ``categories``, ``latitude``, ``longitude``.
        Pass only published assets (``register.published_assets``) for a public view.
    categories : list of str, optional
        Category keys to count; all when None.

    Returns
    -------
    geopandas.GeoDataFrame
        ``code, name, nearest_id, nearest_name, distance_m, geometry`` (the small-area polygons,
        EPSG:4326). ``distance_m`` is NaN when there is no matching asset at all.

    Examples
    --------
    >>> gaps = distance_to_nearest_asset(area, assets, categories=["peer_support"])  # doctest: +SKIP
    >>> gaps.sort_values("distance_m", ascending=False).head()                      # doctest: +SKIP
    """
    import geopandas as gpd
    import numpy as np

    wanted = set(categories or [])
    chosen = [a for a in assets if a.get("latitude") is not None and a.get("longitude") is not None
              and (not wanted or wanted & set(a.get("categories") or []))]
    small = area.small_areas[["code", "name", "geometry"]].reset_index(drop=True)
    crs = _metric_crs(small)
    centres = gpd.GeoDataFrame(small[["code"]], geometry=small.to_crs(crs).representative_point(), crs=crs)
    result = small.copy()
    if not chosen:
        result["nearest_id"] = None
        result["nearest_name"] = None
        result["distance_m"] = np.nan
        return result
    points = gpd.GeoDataFrame(
        {"nearest_id": [str(a["id"]) for a in chosen], "nearest_name": [a["name"] for a in chosen]},
        geometry=gpd.points_from_xy([float(a["longitude"]) for a in chosen], [float(a["latitude"]) for a in chosen]),
        crs="EPSG:4326").to_crs(crs)
    joined = gpd.sjoin_nearest(centres, points, how="left", distance_col="distance_m")
    joined = joined[~joined.index.duplicated(keep="first")]  # ties: keep one
    result["nearest_id"] = joined["nearest_id"].to_numpy()
    result["nearest_name"] = joined["nearest_name"].to_numpy()
    result["distance_m"] = joined["distance_m"].round(0).to_numpy()
    return result


def need_from_deprivation(area, *, most_deprived_deciles: int = 2):
    """Small areas in the most deprived deciles (1 = most deprived) as a ``code -> bool`` Series."""
    dep = area.deprivation.set_index("code")["imd_decile"].astype(float)
    return dep <= most_deprived_deciles


def high_need_gaps(gaps, high_need, *, nearby_m: float = NEARBY_M):
    """Small areas of high need with no matching asset within ``nearby_m`` metres.

    Parameters
    ----------
    gaps : GeoDataFrame
        From :func:`distance_to_nearest_asset`.
    high_need : pandas.Series
        ``code -> bool`` (e.g. :func:`need_from_deprivation`), or ``code -> number`` where
        the top fifth counts as high need (e.g. a rate from the populations step).

    Returns
    -------
    pandas.DataFrame
        ``code, name, distance_m, nearest_name, need`` sorted by distance, farthest first.
    """
    import pandas as pd

    if not isinstance(high_need, pd.Series):
        raise InputError("High need must be a table of small-area code to a value.", field="high_need",
                         fix="Use need_from_deprivation(area) or a Series indexed by small-area code.")
    need = high_need
    if need.dtype != bool:
        numbers = pd.to_numeric(need, errors="coerce")
        need = numbers >= numbers.quantile(0.8)
    table = gaps.drop(columns="geometry").copy()
    table["need"] = table["code"].map(high_need)
    flagged = table["code"].map(need).fillna(False).astype(bool)
    far = table["distance_m"].isna() | (table["distance_m"] > nearby_m)
    out = table[flagged & far][["code", "name", "distance_m", "nearest_name", "need"]]
    return out.sort_values("distance_m", ascending=False, na_position="first").reset_index(drop=True)


#: The ``group_type`` of rows counted per small area in the populations step's service data.
SMALL_AREA_GROUP = "small_area"


def small_area_rates(service_data, *, per: float = 100_000) -> dict:
    """Rates per small area from the populations step's service data, to colour the map by.

    Parameters
    ----------
    service_data : pandas.DataFrame
        As from :func:`coprod_helpers.populations.service_data.saved_service_data`
        (``measure, period, group_type, group, events, population``). Only rows whose
        ``group_type`` is ``small_area`` (``group`` = the small-area code) are used.
    per : float
        Rates are events per this many people.

    Returns
    -------
    dict
        ``{"<measure> <period>: rate per 100,000": Series code -> rate}``, one entry per
        measure and period, in the order first seen. Rows with no population are left out.
        Empty when there are no small-area rows.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"measure": ["Referrals"] * 2, "period": ["2024"] * 2,
    ...                   "group_type": ["small_area"] * 2, "group": ["A1", "A2"],
    ...                   "events": [3, 10], "population": [1500.0, 2000.0]})
    >>> small_area_rates(t)["Referrals 2024: rate per 100,000"].to_dict()
    {'A1': 200.0, 'A2': 500.0}
    """
    import pandas as pd

    if service_data is None or len(service_data) == 0 or "group_type" not in service_data:
        return {}
    rows = service_data[service_data["group_type"].astype(str).str.lower() == SMALL_AREA_GROUP].copy()
    rows["population"] = pd.to_numeric(rows["population"], errors="coerce")
    rows["events"] = pd.to_numeric(rows["events"], errors="coerce")
    rows = rows[(rows["population"] > 0) & rows["events"].notna()]
    if "period" not in rows:
        rows["period"] = ""
    rows["period"] = rows["period"].fillna("").astype(str)
    out = {}
    for (measure, period), part in rows.groupby(["measure", "period"], sort=False):
        label = f"{measure} {period}".strip() + f": rate per {per:,.0f}"
        rates = (part["events"] / part["population"] * per).round(1)
        out[label] = pd.Series(rates.to_numpy(), index=part["group"].astype(str).to_numpy(), dtype=float)
    return out
