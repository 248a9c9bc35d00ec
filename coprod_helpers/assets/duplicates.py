"""Likely duplicates: assets with the same or a similar name close to each other.

They are flagged for reviewers, never merged automatically. Pairs of nearby assets come
from a spatial index (shapely STRtree), so the work grows with the number of close pairs,
not with the square of the number of assets; names are compared with rapidfuzz.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

#: Similar names (score >= SIMILAR_SCORE) count when this close, in metres.
SIMILAR_WITHIN_M = 150.0
#: The same name counts when this close, in metres.
SAME_NAME_WITHIN_M = 500.0
SIMILAR_SCORE = 85.0
_EARTH_M = 6_371_000.0
_FILLER = re.compile(r"\b(the|and|of|ltd|limited|cic|centre|center)\b")


@dataclass(frozen=True)
class DuplicatePair:
    """Two assets that may be the same place."""

    first: str
    second: str
    score: float         # name similarity, 0-100
    distance_m: float


def normalise_name(name: str) -> str:
    """Lower case, punctuation and filler words ("the", "centre", "ltd") removed."""
    text = re.sub(r"[^a-z0-9 ]+", " ", str(name).lower().replace("&", " and "))
    return re.sub(r"\s+", " ", _FILLER.sub(" ", text)).strip()


def _to_metres(lat, lon, lat0):
    """Local flat projection; good to a few metres over a borough."""
    x = [math.radians(o) * _EARTH_M * math.cos(math.radians(lat0)) for o in lon]
    y = [math.radians(a) * _EARTH_M for a in lat]
    return x, y


def find_duplicates(assets, *, similar_within_m: float = SIMILAR_WITHIN_M,
                    same_name_within_m: float = SAME_NAME_WITHIN_M, min_score: float = SIMILAR_SCORE,
                    ) -> list[DuplicatePair]:
    """Pairs of assets that look like the same place.

    Parameters
    ----------
    assets : list of dict
        Each with ``id``, ``name``, ``latitude``, ``longitude`` (others are ignored;
        assets with no place are skipped).

    Returns
    -------
    list of DuplicatePair
        Sorted by score, highest first; each pair once.

    Examples
    --------
    >>> a = [{"id": "1", "name": "Stratford Library", "latitude": 51.5420, "longitude": 0.0010},
    ...      {"id": "2", "name": "The Stratford library", "latitude": 51.5421, "longitude": 0.0012}]
    >>> [(p.first, p.second) for p in find_duplicates(a)]
    [('1', '2')]
    """
    import numpy as np
    import shapely
    from rapidfuzz import fuzz

    placed = [a for a in assets if a.get("latitude") is not None and a.get("longitude") is not None]
    if len(placed) < 2:
        return []
    lat = [float(a["latitude"]) for a in placed]
    lon = [float(a["longitude"]) for a in placed]
    x, y = _to_metres(lat, lon, sum(lat) / len(lat))
    points = shapely.points(np.column_stack([x, y]))
    tree = shapely.STRtree(points)
    names = [normalise_name(a.get("name", "")) for a in placed]
    found: dict[tuple[int, int], float] = {}
    left, right = tree.query(points, predicate="dwithin", distance=similar_within_m)
    for i, j in zip(left.tolist(), right.tolist()):
        if i < j and names[i] and names[j]:
            score = 100.0 if names[i] == names[j] else fuzz.token_sort_ratio(names[i], names[j])
            if score >= min_score:
                found[(i, j)] = score
    same: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name:
            same.setdefault(name, []).append(i)
    for group in (g for g in same.values() if len(g) > 1):
        for n, i in enumerate(group):
            for j in group[n + 1:]:
                if math.hypot(x[i] - x[j], y[i] - y[j]) <= same_name_within_m:
                    found[(min(i, j), max(i, j))] = 100.0
    pairs = [DuplicatePair(str(placed[i]["id"]), str(placed[j]["id"]), round(score, 1),
                           round(math.hypot(x[i] - x[j], y[i] - y[j]), 1)) for (i, j), score in found.items()]
    return sorted(pairs, key=lambda p: (-p.score, p.distance_m))


def duplicates_of(candidate: dict, existing, **kwargs) -> list[DuplicatePair]:
    """Pairs between one new asset (its ``id`` may be missing) and existing ones."""
    new = {**candidate, "id": candidate.get("id") or "__new__"}
    return [p for p in find_duplicates([new, *existing], **kwargs) if new["id"] in (p.first, p.second)]
