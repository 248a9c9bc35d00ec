"""Open Referral UK / HSDS 3.0: assets out as organisations, services, locations, schedules and
taxonomy terms, and HSDS files back in as asset rows.

Each asset becomes one service at one location, run by an organisation (its "Run by", or
itself). Categories become taxonomy terms linked through attributes. Ids are UUIDs derived
from the asset id, so exporting twice gives the same ids. Only shareable copies go out
(see :mod:`.privacy`); the caller passes them. Only published assets go out unless
``include_unpublished=True`` is passed (for internal use only).
"""
from __future__ import annotations

import uuid

from ..errors import InputError, Problem
from .model import DAYS, format_opening_times

_NS = uuid.UUID("5b0d7a3e-3f0c-4f1e-9a55-0c0f7d2b6a11")
_BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
_DAY_OF = {v: k for k, v in _BYDAY.items()}
HSDS_TABLES = ("taxonomies", "taxonomy_terms", "organizations", "services", "locations", "service_at_locations",
               "schedules", "attributes", "phones", "languages", "accessibility", "addresses")
#: The schema file that describes one item of each table.
TABLE_SCHEMAS = {"taxonomies": "taxonomy.json", "taxonomy_terms": "taxonomy_term.json",
                 "organizations": "organization.json", "services": "service.json", "locations": "location.json",
                 "service_at_locations": "service_at_location.json", "schedules": "schedule.json",
                 "attributes": "attribute.json", "phones": "phone.json", "languages": "language.json",
                 "accessibility": "accessibility.json", "addresses": "address.json"}
ACCESS_WORDS = {"step_free": "Step-free access", "hearing_loop": "Hearing loop", "quiet_space": "Quiet space"}


#: The only status whose assets a shareable export carries by default.
SHAREABLE_STATUS = "published"


def published_only(assets, *, include_unpublished: bool = False) -> list:
    """The assets whose ``status`` is ``"published"`` (all of them if ``include_unpublished``).

    Proposed, declined and archived assets (and assets with no status) never go into a shareable
    export by default, even when an analyst passes ``list_assets(...)`` by mistake.

    Examples
    --------
    >>> [a["id"] for a in published_only([{"id": 1, "status": "published"}, {"id": 2, "status": "proposed"}])]
    [1]
    """
    assets = list(assets)
    if include_unpublished:
        return assets
    return [a for a in assets if a.get("status") == SHAREABLE_STATUS]


def _id(*parts) -> str:
    return str(uuid.uuid5(_NS, "/".join(str(p) for p in parts)))


def as_uri(url: str | None) -> str | None:
    """A web address with any non-ASCII letters percent-encoded, as HSDS's ``uri`` format needs."""
    if not url:
        return None
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(url)
    try:
        host = parts.netloc.encode("idna").decode("ascii")
    except UnicodeError:
        host = quote(parts.netloc, safe=":@")
    keep = "/:@!$&'()*+,;=-._~%?#"
    return urlunsplit((parts.scheme, host, quote(parts.path, safe=keep), quote(parts.query, safe=keep),
                       quote(parts.fragment, safe=keep)))


def _drop_empty(item: dict) -> dict:
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def assets_to_hsds(assets, categories, *, taxonomy_name: str = "Community asset categories",
                   city: str = "", region: str = "", country: str = "GB",
                   include_unpublished: bool = False) -> dict[str, list[dict]]:
    """HSDS tables (lists of flat objects) for shareable, published assets.

    Parameters
    ----------
    assets : list of dict
        Shareable assets (:func:`~coprod_helpers.assets.privacy.shareable_asset`), each with ``id``.
        Only those with ``status == "published"`` are exported.
    categories : list of Category
        The project's categories, exported as taxonomy terms.
    include_unpublished : bool
        Also export proposed, declined and archived assets (and those with no status). For
        internal use only: never share the result.
    """
    assets = published_only(assets, include_unpublished=include_unpublished)
    out: dict[str, list[dict]] = {t: [] for t in HSDS_TABLES}
    taxonomy_id = _id("taxonomy", taxonomy_name)
    out["taxonomies"].append({"id": taxonomy_id, "name": taxonomy_name,
                              "description": "Categories the group chose for its community asset map."})
    term_ids = {}
    for c in categories:
        term_ids[c.key] = _id("term", c.key)
        out["taxonomy_terms"].append({"id": term_ids[c.key], "code": c.key, "name": c.label,
                                      "description": f"Community assets: {c.label}.", "taxonomy": taxonomy_name,
                                      "taxonomy_id": taxonomy_id, "language": "en"})
    orgs: dict[str, str] = {}
    for a in assets:
        org_name = a.get("organisation") or a["name"]
        if org_name not in orgs:
            orgs[org_name] = _id("organization", org_name)
            own = not a.get("organisation")  # the asset is its own organisation
            out["organizations"].append(_drop_empty({
                "id": orgs[org_name], "name": org_name,
                "description": (a.get("description") or org_name) if own else f"Runs {a['name']} and maybe more.",
                "website": as_uri(a.get("website")) if own else None}))
        sid, lid = _id("service", a["id"]), _id("location", a["id"])
        description = a.get("description") or ""
        if a.get("own_words"):
            description = (description + "\n\n" if description else "") + f"In our own words: {a['own_words']}"
        referral = a.get("referral_needed")
        out["services"].append(_drop_empty({
            "id": sid, "organization_id": orgs[org_name], "name": a["name"], "description": description,
            "url": as_uri(a.get("website")), "email": a.get("email"), "status": "active",
            "interpretation_services": "Interpreters can be arranged." if a.get("interpreters") else None,
            "application_process": None if referral is None else ("A referral is needed." if referral
                                                                 else "No referral needed: just go along."),
            "fees_description": a.get("cost"), "eligibility_description": a.get("for_whom"),
            "minimum_age": a.get("min_age"), "maximum_age": a.get("max_age"),
            "assured_date": a.get("last_checked"),
            "last_modified": a.get("updated_at")}))
        location = {"id": lid, "location_type": "physical", "name": a["name"], "organization_id": orgs[org_name],
                    "latitude": a.get("latitude"), "longitude": a.get("longitude"),
                    "description": "Approximate place (exact place not shared)." if a.get("location_is_approximate")
                    else None}
        out["locations"].append(_drop_empty(location))
        out["service_at_locations"].append({"id": _id("sal", a["id"]), "service_id": sid, "location_id": lid})
        for day in DAYS:
            for n, (opens, closes) in enumerate((a.get("opening_times") or {}).get(day, [])):
                out["schedules"].append({"id": _id("schedule", a["id"], day, n), "service_id": sid,
                                         "freq": "WEEKLY", "wkst": "MO", "byday": _BYDAY[day],
                                         "opens_at": opens, "closes_at": closes,
                                         "description": format_opening_times({day: [[opens, closes]]})})
        for key in a.get("categories") or []:
            if key in term_ids:
                out["attributes"].append({"id": _id("attribute", a["id"], key), "link_id": sid,
                                          "link_type": "service", "link_entity": "service",
                                          "taxonomy_term_id": term_ids[key], "value": key})
        if a.get("phone"):
            out["phones"].append({"id": _id("phone", a["id"]), "service_id": sid, "number": a["phone"]})
        for lang in a.get("languages") or []:
            out["languages"].append({"id": _id("language", a["id"], lang), "service_id": sid, "name": lang})
        for field, words in ACCESS_WORDS.items():
            if a.get(field):
                out["accessibility"].append({"id": _id("access", a["id"], field), "location_id": lid,
                                             "description": words})
        if a.get("address") and a.get("postcode"):
            out["addresses"].append({"id": _id("address", a["id"]), "location_id": lid, "address_1": a["address"],
                                     "city": city, "state_province": region, "postal_code": a["postcode"],
                                     "country": country, "address_type": "physical"})
    return out


def nest_services(tables: dict[str, list[dict]]) -> list[dict]:
    """Full service objects (as the HSDS API gives them) from the flat tables."""
    def by(table, key):
        groups: dict = {}
        for item in tables.get(table, []):
            groups.setdefault(item.get(key), []).append(item)
        return groups

    orgs = {o["id"]: o for o in tables.get("organizations", [])}
    terms = {t["id"]: t for t in tables.get("taxonomy_terms", [])}
    locations = {loc["id"]: loc for loc in tables.get("locations", [])}
    sals, schedules, attrs = by("service_at_locations", "service_id"), by("schedules", "service_id"), by("attributes", "link_id")
    phones, langs = by("phones", "service_id"), by("languages", "service_id")
    access, addresses = by("accessibility", "location_id"), by("addresses", "location_id")
    full = []
    for s in tables.get("services", []):
        item = dict(s)
        if s.get("organization_id") in orgs:
            item["organization"] = orgs[s["organization_id"]]
        item["service_at_locations"] = []
        for sal in sals.get(s["id"], []):
            loc = dict(locations[sal["location_id"]])
            loc["accessibility"] = access.get(loc["id"], [])
            loc["addresses"] = addresses.get(loc["id"], [])
            item["service_at_locations"].append({**sal, "location": loc})
        item["schedules"] = schedules.get(s["id"], [])
        item["phones"] = phones.get(s["id"], [])
        item["languages"] = langs.get(s["id"], [])
        item["attributes"] = [{**a, "taxonomy_term": terms[a["taxonomy_term_id"]]} if a.get("taxonomy_term_id") in terms
                              else a for a in attrs.get(s["id"], [])]
        full.append(item)
    return full


def _tables_from(doc, name) -> dict[str, list[dict]]:
    if isinstance(doc, list):
        return {"_full": doc}
    if isinstance(doc, dict) and isinstance(doc.get("contents"), list):  # an API page
        return {"_full": doc["contents"]}
    if isinstance(doc, dict) and isinstance(doc.get("services"), list):
        return doc
    raise InputError(Problem("This JSON file is neither GeoJSON nor Open Referral (HSDS) data.",
                             fix="Use a GeoJSON FeatureCollection, or an HSDS file with a list of services.",
                             source=name))


def rows_from_hsds(doc, name: str = "HSDS file") -> list[dict]:
    """Asset rows (not yet checked) from HSDS JSON: full services, an API page, or flat tables."""
    tables = _tables_from(doc, name)
    services = tables["_full"] if "_full" in tables else nest_services(tables)
    rows = []
    for i, s in enumerate(services):
        if not isinstance(s, dict):
            raise InputError(Problem("This service is not an object.", source=name, row=i + 1))
        sal = next(iter(s.get("service_at_locations") or []), {}) or {}
        loc = sal.get("location") or next(iter(s.get("locations") or []), {}) or {}
        address = next(iter(loc.get("addresses") or []), {}) or {}
        times: dict = {}
        for sch in s.get("schedules") or []:
            for code in str(sch.get("byday") or "").split(","):
                day = _DAY_OF.get(code.strip().upper()[-2:])
                if day and sch.get("opens_at") and sch.get("closes_at"):
                    times.setdefault(day, []).append([str(sch["opens_at"])[:5], str(sch["closes_at"])[:5]])
        cats = [((a.get("taxonomy_term") or {}).get("name") or a.get("value") or "") for a in s.get("attributes") or []]
        org = s.get("organization") or {}
        rows.append({
            "_row": i + 1, "name": s.get("name"), "description": s.get("description"),
            "organisation": org.get("name") if org.get("name") != s.get("name") else None,
            "website": s.get("url"), "email": s.get("email"),
            "phone": next((p.get("number") for p in s.get("phones") or [] if p.get("number")), None),
            "categories": "; ".join(c for c in cats if c), "for_whom": s.get("eligibility_description"),
            "cost": s.get("fees_description"), "min_age": s.get("minimum_age"), "max_age": s.get("maximum_age"),
            "languages": "; ".join(lang.get("name") or "" for lang in s.get("languages") or []),
            "opening_times": format_opening_times(times), "latitude": loc.get("latitude"),
            "longitude": loc.get("longitude"), "postcode": address.get("postal_code"),
            "address": address.get("address_1"), "last_checked": s.get("assured_date"),
            "external_id": s.get("id"), "source": "Open Referral (HSDS) file"})
    return rows
