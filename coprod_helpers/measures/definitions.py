"""Step 9: the family of measures and the operational definition of each.

A family has outcome measures (is the aim being met?), process measures (are the changes
happening?) and balancing measures (is anything getting worse because of them?). Each
measure is linked to the aim or a driver and has an operational definition precise enough
that two people would count the same thing: numerator, denominator, who is in and out,
where the data come from, how often, who collects them, which direction is better, and how
it is broken down by the priority populations. It also records who co-designed it (roles).

Measures are ``"measure"`` records on the store.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields

from ..errors import InputError, Problem
from ..people import ROLES
from .signal_rules import DIRECTIONS

MEASURE_KIND = "measure"
MEASURE_TYPES = {
    "outcome": "Outcome: is the aim being met?",
    "process": "Process: are the changes happening as planned?",
    "balancing": "Balancing: is anything else getting worse?",
}
FREQUENCIES = ("weekly", "monthly", "quarterly")
CHARTS = ("auto", "run", "xmr", "p", "u", "p_prime", "u_prime")
#: Fields a definition needs before its data can be charted.
DEFINITION_FIELDS = {
    "numerator": "what is counted (the numerator), or the value measured",
    "data_source": "where the data come from",
    "frequency": "how often it is measured",
    "collected_by": "who collects it",
}


@dataclass
class MeasureDefinition:
    """One measure and its operational definition.

    ``linked_to`` is ``"aim"`` or the id of a driver in the driver diagram.
    ``denominator`` is empty for single values (charted with XmR or a run chart).
    ``equity_breakdown`` lists the groups to chart separately (the priority populations).
    """

    name: str
    measure_type: str = "outcome"
    linked_to: str = "aim"
    description: str = ""
    numerator: str = ""
    denominator: str = ""
    inclusions: str = ""
    exclusions: str = ""
    data_source: str = ""
    frequency: str = "monthly"
    collected_by: str = ""
    direction: str = "lower"
    equity_breakdown: list = field(default_factory=list)
    co_designed_by: list = field(default_factory=list)
    chart: str = "auto"
    multiplier: float = 1.0
    unit: str = ""
    target: float | None = None

    @classmethod
    def from_dict(cls, data: dict) -> "MeasureDefinition":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def is_ratio(self) -> bool:
        """True when the measure has a denominator (a proportion or a rate)."""
        return bool(self.denominator.strip())


def check_shape(defn: MeasureDefinition) -> list[Problem]:
    """Problems that stop a measure being saved at all."""
    out = []
    if not defn.name.strip():
        out.append(Problem("The measure has no name.", field="name",
                           fix="Give it a short name, e.g. 'Detentions per 1,000 young men'."))
    if defn.measure_type not in MEASURE_TYPES:
        out.append(Problem(f"'{defn.measure_type}' is not outcome, process or balancing.", field="measure_type",
                           fix="Choose one of the three kinds."))
    if defn.direction not in DIRECTIONS:
        out.append(Problem("It does not say which direction is better.", field="direction",
                           fix="Choose higher, lower or neither."))
    if defn.frequency not in FREQUENCIES:
        out.append(Problem(f"'{defn.frequency}' is not weekly, monthly or quarterly.", field="frequency",
                           fix="Choose how often the data are counted."))
    if defn.chart not in CHARTS:
        out.append(Problem(f"'{defn.chart}' is not a chart type.", field="chart", fix="Choose one from the list."))
    bad_roles = [r for r in defn.co_designed_by if r not in ROLES]
    if bad_roles:
        out.append(Problem("Some co-designer roles are not known: " + ", ".join(map(str, bad_roles)),
                           field="co_designed_by", fix="Choose from the roles list."))
    try:
        if float(defn.multiplier) <= 0:
            raise ValueError
    except (TypeError, ValueError):
        out.append(Problem("The multiplier must be a positive number.", field="multiplier",
                           fix="Use 1 for plain values, 100 for a percentage, 1000 for a rate per 1,000."))
    return out


def check_definition(defn: MeasureDefinition) -> list[Problem]:
    """What the operational definition still lacks (empty when it is complete)."""
    out = []
    if not (defn.numerator.strip() or defn.description.strip()):
        out.append(Problem(f"The measure '{defn.name}' has no definition.", field="numerator",
                           fix="Write down exactly what is counted, so two people would count the same thing."))
    for key, words in DEFINITION_FIELDS.items():
        if key != "numerator" and not str(getattr(defn, key)).strip():
            out.append(Problem(f"The definition does not say {words}.", field=key, fix="Fill it in together."))
    if not defn.co_designed_by:
        out.append(Problem("It does not say who designed the measure.", field="co_designed_by",
                           fix="Tick the roles of the people who worked on it (co-production means more than staff)."))
    return out


def require_definition(defn: MeasureDefinition) -> None:
    """Raise InputError if the measure cannot be charted yet because it is not defined."""
    problems = [p for p in check_definition(defn) if p.field != "co_designed_by"]
    if problems:
        raise InputError(problems)


def check_family(definitions) -> list[Problem]:
    """Gaps in a family of measures: a missing kind, or no equity breakdown."""
    kinds = {d.measure_type for d in definitions}
    out = [Problem(f"There is no {k} measure yet.", field="measure_type", fix=MEASURE_TYPES[k])
           for k in MEASURE_TYPES if k not in kinds]
    for d in definitions:
        if not d.equity_breakdown:
            out.append(Problem(f"'{d.name}' is not broken down by the priority populations.", field="equity_breakdown",
                               fix="List the groups to chart separately, so you can see if gaps close."))
    return out


def save_measure(store, project_id: str, defn: MeasureDefinition, *, by, measure_id: str | None = None,
                 expected_version: int | None = None):
    """Check the shape and save a new measure or a new version; returns the Record."""
    problems = check_shape(defn)
    if problems:
        raise InputError(problems)
    data = defn.to_dict()
    data["multiplier"] = float(data["multiplier"])
    if measure_id is None:
        return store.add(project_id, MEASURE_KIND, data, by=by)
    return store.update(measure_id, data, by=by, expected_version=expected_version)


def list_measures(store, project_id: str) -> list:
    return store.records(project_id, MEASURE_KIND)


def load_measure(store, measure_id: str) -> MeasureDefinition:
    return MeasureDefinition.from_dict(store.get(measure_id).data)


def parse_target(text: str) -> float | None:
    """A target typed as text (``"80"``, ``"80%"``, ``"1,000"``) as a number (``None`` when the box is empty).

    Raises InputError with a plain message when it is not a number.
    """
    words = (text or "").strip().rstrip("%").replace(",", "").strip()
    if not words:
        return None
    try:
        value = float(words)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InputError(f"The target '{text.strip()}' is not a number.", field="target",
                         fix="Type a number in the units shown on the charts (e.g. 80 for 80%), or leave it empty.")
    return value
