"""Demo records for the later steps, made from the fictional borough.

``assets.csv``, ``service_counts.csv``, ``feedback.csv`` and ``measure_series.csv``
(formats in the team brief). All of it is made up. The service counts have an
inequality built in on purpose, so the populations step has something to find:
people in the Black groups are detained about 3.5 times as often as White British
people, and referred to talking therapies about half as often.
"""
from __future__ import annotations

import csv
from pathlib import Path

from .demo_text import ASSETS, FEEDBACK
from .groups import AGE_BANDS, ETHNIC_GROUPS, NOT_STATED

RECORD_FILES = ("assets.csv", "service_counts.csv", "feedback.csv", "measure_series.csv")
PERIODS = ("2023-24", "2024-25")
#: The month the demo's change idea started (the measure series shifts after it).
CHANGE_MONTH = "2024-07-01"

# Rate ratios against White British (ETHNIC_GROUPS order), per measure; and yearly rate per 100,000.
_MEASURES = {
    "Mental Health Act detentions": dict(
        base=65.0, male=0.58, not_stated=0.07,
        ethnic=(1.2, 1.1, 1.0, 1.2, 1.5, 3.5, 3.5, 3.6, 1.4, 2.0, 2.5, 1.6, 1.0, 1.2, 2.0, 1.5, 1.2, 1.6, 1.8),
        age=(0.05, 1.6, 2.0, 1.6, 1.0, 0.6), deprivation=0.12),
    "Talking therapies referrals": dict(
        base=2400.0, male=0.38, not_stated=0.05,
        ethnic=(0.6, 0.5, 0.7, 0.6, 0.6, 0.5, 0.55, 0.5, 0.9, 0.8, 0.85, 0.9, 1.0, 1.0, 0.5, 0.4, 0.7, 0.6, 0.7),
        age=(0.02, 1.2, 1.3, 1.2, 0.9, 0.4), deprivation=0.03),
}


def make_demo_records(area, seed: int) -> dict:
    """Make the demo records (pure). Returns ``{file name: pandas.DataFrame}``."""
    import numpy as np

    rng = np.random.default_rng(seed + 1)
    return {"assets.csv": _make_assets(rng, area),
            "service_counts.csv": _make_service_counts(rng, area),
            "feedback.csv": _make_feedback(rng),
            "measure_series.csv": _make_measure_series(rng, area)}


def write_records(records: dict, folder) -> None:
    """Write each record table as UTF-8 CSV with ``\\n`` line ends (byte-for-byte repeatable)."""
    for name, frame in records.items():
        with open(Path(folder) / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(list(frame.columns))
            writer.writerows([_cell(v) for v in row] for row in frame.itertuples(index=False))


def _cell(value):
    import pandas as pd

    return "" if value is None or value is pd.NA else value


_HOURS = {
    "day": ("Mon", "Tue", "Wed", "Thu", "Fri"), "long": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat"),
    "eve": ("Tue", "Thu"), "sat": ("Sat",), "all": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "park": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "night": ("Fri", "Sat", "Sun"),
}
_TIMES = {"day": "09:30-16:30", "long": "08:00-20:00", "eve": "18:00-20:30", "sat": "09:00-11:00",
          "all": "06:00-21:00", "park": "07:00-19:00", "night": "18:00-23:30"}


def _make_assets(rng, area):
    import pandas as pd

    postcodes = area.postcodes.iloc[rng.permutation(len(area.postcodes))[: len(ASSETS)]]
    rows = []
    for (name, cats, desc, own, whom, langs, cost, referral, hours, flags), pc in zip(
            ASSETS, postcodes.itertuples(index=False)):
        slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
        organisation = "Green space" not in cats or "garden" in name.lower()
        days = _HOURS[hours]
        opening = "; ".join(f"{d} {_TIMES[hours]}" for d in days)
        rows.append({
            "name": name, "categories": cats, "description": desc, "own_words": own,
            "postcode": pc.postcode, "latitude": f"{pc.latitude:.6f}", "longitude": f"{pc.longitude:.6f}",
            "website": f"https://example.org/riverside-vale/{slug}" if organisation else "",
            "phone": f"01632 960{int(rng.integers(0, 1000)):03d}" if organisation else "",
            "for_whom": whom, "languages": langs, "cost": cost, "referral_needed": referral,
            "step_free": "yes" if rng.uniform() < 0.8 else "no",
            "hearing_loop": "yes" if organisation and rng.uniform() < 0.4 else "no",
            "quiet_space": "yes" if rng.uniform() < 0.5 else "no",
            "interpreters": "yes" if "interpreters" in langs or langs.count(";") >= 2 else "no",
            "opening_times": opening,
            "hide_exact_location": "yes" if "hide" in flags else "no",
            "last_checked": f"2025-{int(rng.integers(1, 10)):02d}-{int(rng.integers(1, 29)):02d}",
            "status": "proposed" if "proposed" in flags else "published",
        })
    return pd.DataFrame(rows)


def _cell_expectations(area):
    """People in each small area x ethnic group x age band (assumes age mix is the same across groups)."""
    import numpy as np

    codes = area.codes
    eth = area.population_by_ethnicity.pivot(index="code", columns="ethnic_group", values="population")
    eth = eth.reindex(index=codes, columns=list(ETHNIC_GROUPS)).to_numpy(float)
    age = area.population_by_age.pivot(index="code", columns="age_band", values="population")
    age = age.reindex(index=codes, columns=list(AGE_BANDS)).to_numpy(float)
    age_share = age / age.sum(axis=1, keepdims=True)
    decile = area.deprivation.set_index("code").reindex(codes)["imd_decile"].to_numpy()
    return eth[:, :, None] * age_share[:, None, :], decile, np.array(codes)


def _make_service_counts(rng, area):
    import numpy as np
    import pandas as pd

    people, decile, codes = _cell_expectations(area)
    area_pop = people.sum(axis=(1, 2))
    eth_pop = people.sum(axis=(0, 2))
    age_pop = people.sum(axis=(0, 1))
    total = people.sum()
    female_pop = round(total * 0.51)
    dec_pop = {d: people[decile == d].sum() for d in range(1, 11)}
    rows = []
    for measure, spec in _MEASURES.items():
        shape = people * np.array(spec["age"])[None, None, :]
        shape = shape * (1 + spec["deprivation"] * (10 - decile))[:, None, None]
        # Scale each ethnic group so its crude rate is exactly base x its rate ratio (in expectation).
        target = spec["base"] / 1e5 * np.array(spec["ethnic"]) * eth_pop
        expected = shape * (target / shape.sum(axis=(0, 2)))[None, :, None]
        for period in PERIODS:
            events = rng.poisson(expected)
            hidden = rng.binomial(events, spec["not_stated"])
            known = events - hidden
            male = rng.binomial(events, spec["male"]).sum()
            for j, group in enumerate(ETHNIC_GROUPS):
                rows.append((measure, period, "ethnicity", group, int(known[:, j].sum()), int(round(eth_pop[j]))))
            rows.append((measure, period, "ethnicity", NOT_STATED, int(hidden.sum()), None))
            for k, band in enumerate(AGE_BANDS):
                rows.append((measure, period, "age_band", band, int(events[:, :, k].sum()), int(round(age_pop[k]))))
            rows.append((measure, period, "sex", "Female", int(events.sum() - male), int(female_pop)))
            rows.append((measure, period, "sex", "Male", int(male), int(round(total - female_pop))))
            for d in range(1, 11):
                rows.append((measure, period, "imd_decile", str(d), int(events[decile == d].sum()),
                             int(round(dec_pop[d]))))
            # by small area, from the same events (no extra random draws, so the other files stay as they were)
            for i, code in enumerate(codes):
                rows.append((measure, period, "small_area", str(code), int(events[i].sum()), int(round(area_pop[i]))))
    frame = pd.DataFrame(rows, columns=["measure", "period", "group_type", "group", "events", "population"])
    frame["population"] = frame["population"].astype("Int64")
    return frame


def _make_feedback(rng):
    import pandas as pd

    start = pd.Timestamp("2025-02-03")
    days = sorted(int(d) for d in rng.integers(0, 120, len(FEEDBACK)))
    return pd.DataFrame([{"source": s, "population": p, "date": (start + pd.Timedelta(days=d)).date().isoformat(),
                          "consent_to_quote": c, "text": t} for (s, p, c, t), d in zip(FEEDBACK, days)])


def _make_measure_series(rng, area):
    import pandas as pd

    months = pd.date_range("2023-01-01", periods=30, freq="MS")
    change = pd.Timestamp(CHANGE_MONTH)
    eth = area.population_by_ethnicity.groupby("ethnic_group")["population"].sum()
    black = int(eth["Black: African"] + eth["Black: Caribbean"])
    white = int(eth["White: British"])
    other = int(eth.sum()) - black - white
    # group: (monthly discharges, share followed up before, after, population, detention rate before, after)
    groups = {"Black African and Caribbean": (22, 0.62, 0.81, black, 230.0, 150.0),
              "White British": (30, 0.78, 0.82, white, 65.0, 62.0),
              "All other groups": (26, 0.72, 0.78, other, 90.0, 85.0)}
    rows = []
    for month in months:
        after = month >= change
        for group, (n, p0, p1, pop, r0, r1) in groups.items():
            discharges = int(rng.poisson(n))
            rows.append(("Follow-up within 72 hours of leaving hospital", month.date().isoformat(), group,
                         int(rng.binomial(discharges, p1 if after else p0)), discharges))
            rate = (r1 if after else r0) / 1e5 / 12
            rows.append(("Mental Health Act detentions", month.date().isoformat(), group,
                         int(rng.poisson(rate * pop)), pop))
    frame = pd.DataFrame(rows, columns=["measure", "month", "group", "numerator", "denominator"])
    return frame.sort_values(["measure", "group", "month"], kind="stable", ignore_index=True)
