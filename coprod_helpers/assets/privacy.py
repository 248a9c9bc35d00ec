"""What of an asset may be shared outside the team.

Rules, applied by :func:`shareable_asset` to everything that leaves the workbook (exports,
the shareable HTML map):

- never who added or changed it (pseudonyms and roles stay in the store);
- an asset marked "hide exact location" is shown at the centre of a grid square of about
  500 m, the same square every time (so repeated exports cannot be averaged out), with no
  address, no full postcode and no small area;
- a contact marked as a private person's is dropped, and email addresses and phone numbers
  typed into free text are blanked out.
"""
from __future__ import annotations

import math
import re

from .model import ASSET_FIELDS

#: Size of the grid square (degrees of latitude; about 550 m) used for hidden places.
APPROX_CELL_DEG = 0.005
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d ()\-]{8,}\d(?!\w)")
FREE_TEXT_FIELDS = ("description", "own_words", "for_whom", "opening_notes", "cost")
#: Fields a shared copy has: the asset fields plus its id, status and dates (never people).
SHAREABLE_FIELDS = tuple(f for f in ASSET_FIELDS if f != "contact_is_personal") + (
    "id", "status", "location_is_approximate", "updated_at")


def approximate_point(lat: float, lon: float, cell_deg: float = APPROX_CELL_DEG) -> tuple[float, float]:
    """The centre of the grid square holding ``(lat, lon)``.

    The square is about ``cell_deg`` degrees of latitude high and as many metres wide.

    Examples
    --------
    >>> approximate_point(51.53478, 0.00588)
    (51.5325, 0.004)
    """
    row = math.floor(lat / cell_deg)
    centre_lat = (row + 0.5) * cell_deg
    cell_lon = cell_deg / max(math.cos(math.radians(centre_lat)), 0.01)
    col = math.floor(lon / cell_lon)
    return round(centre_lat, 6), round((col + 0.5) * cell_lon, 4)


def scrub_contacts(text: str | None) -> str | None:
    """Blank out email addresses and phone numbers typed into free text."""
    if not text:
        return text
    return _PHONE.sub("[number removed]", _EMAIL.sub("[email removed]", text))


def outward_sector(postcode: str | None) -> str | None:
    """``"E15 3LT" -> "E15 3"``: a postcode cut to its sector (several hundred addresses)."""
    if not postcode or " " not in postcode:
        return None
    out, inward = postcode.split(" ", 1)
    return f"{out} {inward[:1]}"


def shareable_asset(asset: dict) -> dict:
    """A copy of ``asset`` that is safe to share (see the module notes)."""
    out = {f: asset.get(f) for f in SHAREABLE_FIELDS}
    for field in FREE_TEXT_FIELDS:
        out[field] = scrub_contacts(out.get(field))
    if asset.get("contact_is_personal"):
        out["phone"] = out["email"] = None
    out["location_is_approximate"] = bool(asset.get("hide_exact_location"))
    if out["location_is_approximate"]:
        if asset.get("latitude") is not None and asset.get("longitude") is not None:
            out["latitude"], out["longitude"] = approximate_point(float(asset["latitude"]), float(asset["longitude"]))
        out["address"] = None
        out["postcode"] = outward_sector(asset.get("postcode"))
        out["small_area"] = None
        out["location_source"] = "approximate"
    return out


def shareable_assets(assets) -> list[dict]:
    """:func:`shareable_asset` for each asset."""
    return [shareable_asset(a) for a in assets]
