"""Paying people for their time: sessions, hours, rates, travel and expenses.

From the ten-step guide ("Recognising and rewarding people", step 3 and the top tips):
pay people for their time and support travel costs; where someone chooses not to be paid
(for example because it could affect their benefits), record them as a volunteer and
recognise them in other ways.

Money is held as :class:`decimal.Decimal` (never float), non-negative, to the penny.
Entries name people by pseudonym only. Personal details needed to pay someone (legal name,
contact, payment reference) are kept apart as *payee details*; only the finance export,
which needs the team's reviewer key, ever includes them.

Each entry keeps its payments (amount, date paid, who recorded it) as well as the running
``paid`` total. Entries saved before dates were kept have no list: their ``paid`` is read as
one earlier payment whose date is not known.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..people import ROLES
from .fields import FormCheck, money_text
from .records import load_items, save_item

KIND = "plan_payment"
PAYEE_KIND = "plan_payee_details"
PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Payment:
    """Money paid against one entry; ``paid_on`` is None for a payment from before dates were kept."""

    amount: Decimal
    paid_on: date | None = None
    recorded_by: str = ""

    def to_data(self) -> dict:
        return {"amount": str(self.amount), "paid_on": self.paid_on.isoformat() if self.paid_on else None,
                "recorded_by": self.recorded_by}


def _read_payments(check: FormCheck, raw, paid: Decimal) -> tuple[Payment, ...]:
    """The payments list of a saved entry; with no list, ``paid`` is one earlier undated payment."""
    if raw is None:
        return (Payment(paid),) if paid > 0 else ()
    found = []
    for item in raw:
        one = FormCheck(item if isinstance(item, dict) else {}, check.source)
        amount = one.money("amount", "Amount paid", required=True)
        paid_on = one.date("paid_on", "Date paid", required=False)
        recorded_by = one.text("recorded_by", "Recorded by", required=False, max_len=40)
        check.problems.extend(one.problems)
        found.append(Payment(amount, paid_on, recorded_by))
    total = sum((p.amount for p in found), ZERO)
    if not check.problems and total != paid:
        check.problem("paid", f"'Paid so far' ({money_text(paid)}) does not match the payments recorded "
                              f"({money_text(total)}).", "Please record payments with 'Record a payment'.")
    return tuple(found)


@dataclass(frozen=True)
class PaymentEntry:
    """Time and costs for one person at one activity (a meeting, a workshop, reading papers)."""

    person: str
    role: str
    activity: str
    on: date
    sessions: Decimal = Decimal("0")
    hours: Decimal = Decimal("0")
    rate: Decimal = ZERO
    travel: Decimal = ZERO
    expenses: Decimal = ZERO
    paid: Decimal = ZERO
    volunteer: bool = False
    payments: tuple[Payment, ...] = ()
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "PaymentEntry":
        check = FormCheck(form, "Payments")
        person = check.text("person", "Name or nickname", max_len=40)
        role = check.choice("role", "Role", ROLES)
        activity = check.text("activity", "Activity", max_len=200)
        on = check.date("on", "Date of the activity")
        sessions = check.number("sessions", "Sessions", maximum=1000)
        hours = check.number("hours", "Hours", maximum=1000)
        rate = check.money("rate", "Rate per hour")
        travel = check.money("travel", "Travel")
        expenses = check.money("expenses", "Other expenses")
        paid = check.money("paid", "Paid so far")
        volunteer = check.flag("volunteer")
        paid_list = _read_payments(check, form.get("payments"), paid)
        if volunteer and rate > 0:
            check.problem("rate", "This person is recorded as a volunteer, so their time is not paid.",
                          "Set the rate to 0, or untick 'volunteer' if they are to be paid.")
        if not check.problems:
            due = _due(hours, rate, travel, expenses)
            if paid > due:
                check.problem("paid", f"'Paid so far' ({money_text(paid)}) is more than is due "
                                      f"({money_text(due)}).", "Please check the amounts.")
        check.finish()
        return cls(person, role, activity, on, sessions, hours, rate, travel, expenses, paid, volunteer,
                   paid_list)

    def to_data(self) -> dict:
        return {"person": self.person, "role": self.role, "activity": self.activity, "on": self.on.isoformat(),
                "sessions": str(self.sessions), "hours": str(self.hours), "rate": str(self.rate),
                "travel": str(self.travel), "expenses": str(self.expenses), "paid": str(self.paid),
                "volunteer": self.volunteer, "payments": [p.to_data() for p in self.payments]}

    @property
    def time_cost(self) -> Decimal:
        return (self.hours * self.rate).quantize(PENNY, rounding=ROUND_HALF_UP)

    @property
    def due(self) -> Decimal:
        return _due(self.hours, self.rate, self.travel, self.expenses)

    @property
    def owed(self) -> Decimal:
        return self.due - self.paid


def _due(hours, rate, travel, expenses) -> Decimal:
    return (hours * rate).quantize(PENNY, rounding=ROUND_HALF_UP) + travel + expenses


def save_entry(store, project_id: str, form: dict, *, by, record_id: str | None = None,
               version: int | None = None) -> PaymentEntry:
    """Check and save a payment entry (give ``record_id`` to correct an existing one)."""
    entry = replace(PaymentEntry.from_form(form), record_id=record_id, version=version)
    rec = save_item(store, project_id, KIND, entry, by=by)
    return replace(entry, record_id=rec.id, version=rec.version)


def record_payment(store, entry: PaymentEntry, amount, *, paid_on=None, by) -> PaymentEntry:
    """Add a payment of ``amount`` made on ``paid_on`` to ``entry`` (cannot go above what is due).

    ``paid_on`` is a date or text such as ``"2025-03-31"``; None means today, while empty text is
    refused as an empty 'Date paid'. It cannot be before the activity. Raises InputError, having
    saved nothing, when the amount or date is wrong.

    Examples
    --------
    >>> entry = record_payment(store, entry, "40.00", paid_on="2025-02-10", by=me)  # doctest: +SKIP
    >>> entry.payments[-1].paid_on  # doctest: +SKIP
    datetime.date(2025, 2, 10)
    """
    check = FormCheck({"amount": amount, "paid_on": date.today() if paid_on is None else paid_on}, "Payments")
    paid_now = check.money("amount", "Amount paid", required=True)
    when = check.date("paid_on", "Date paid")
    if when and when < entry.on:
        check.problem("paid_on", f"'Date paid' ({when.isoformat()}) is before the date of the activity "
                                 f"({entry.on.isoformat()}).",
                      "Please check the date: a payment is recorded on or after the activity.")
    check.finish()
    payment = Payment(paid_now, when, getattr(by, "pseudonym", "") or "")
    form = {**entry.to_data(), "paid": entry.paid + paid_now,
            "payments": [p.to_data() for p in (*entry.payments, payment)]}
    return save_entry(store, None, form, by=by, record_id=entry.record_id,
                      version=entry.version)


def load_entries(store, project_id: str) -> list[PaymentEntry]:
    return load_items(store, project_id, KIND, PaymentEntry)


def list_payments(entries) -> pd.DataFrame:
    """One row per payment (date and amount) for the finance export; not for sharing.

    ``paid_on`` is None for a payment made before dates were kept.
    """
    return pd.DataFrame([{"person": e.person, "activity": e.activity, "on": e.on, "paid_on": p.paid_on,
                          "amount": p.amount, "recorded_by": p.recorded_by}
                         for e in entries for p in e.payments],
                        columns=["person", "activity", "on", "paid_on", "amount", "recorded_by"])


def _frame(entries) -> pd.DataFrame:
    return pd.DataFrame([{"person": e.person, "role": ROLES[e.role], "activity": e.activity, "on": e.on,
                          "volunteer": e.volunteer, "sessions": e.sessions, "hours": e.hours,
                          "time": e.time_cost, "travel": e.travel, "expenses": e.expenses,
                          "due": e.due, "paid": e.paid, "owed": e.owed} for e in entries],
                        columns=["person", "role", "activity", "on", "volunteer", "sessions", "hours", "time",
                                 "travel", "expenses", "due", "paid", "owed"])


_SUMS = ["sessions", "hours", "time", "travel", "expenses", "due", "paid", "owed"]


def summarise_by_person(entries) -> pd.DataFrame:
    """Totals per pseudonym (for the team and finance; not for sharing outside the team)."""
    df = _frame(entries)
    if df.empty:
        return pd.DataFrame(columns=["person", "role", "volunteer", *_SUMS])
    out = df.groupby(["person", "role"], sort=True).agg(
        volunteer=("volunteer", "all"), **{c: (c, lambda s: sum(s, Decimal("0"))) for c in _SUMS})
    return out.reset_index()


def summarise_budget(entries, budget=None) -> dict:
    """The budget summary, with no names: totals per activity and overall.

    Returns ``{"by_activity": DataFrame, "totals": dict, "remaining": Decimal | None}``;
    amounts are Decimals. ``people`` and ``volunteers`` count distinct pseudonyms.
    """
    df = _frame(entries)
    columns = ["activity", "people", "volunteers", *_SUMS]
    if df.empty:
        by_activity = pd.DataFrame(columns=columns)
    else:
        by_activity = df.groupby("activity", sort=True).agg(
            people=("person", "nunique"),
            volunteers=("person", lambda s: s[df.loc[s.index, "volunteer"]].nunique()),
            **{c: (c, lambda s: sum(s, Decimal("0"))) for c in _SUMS}).reset_index()[columns]
    totals = {c: sum(df[c], Decimal("0")) for c in _SUMS}
    totals["people"] = int(df["person"].nunique())
    totals["volunteers"] = int(df.loc[df["volunteer"], "person"].nunique()) if not df.empty else 0
    remaining = None
    if budget not in (None, ""):
        check = FormCheck({"budget": budget}, "Budget")
        limit = check.money("budget", "Budget for paying people", required=True)
        check.finish()
        remaining = limit - totals["due"]
    return {"by_activity": by_activity, "totals": totals, "remaining": remaining}


def export_budget_csv(entries) -> str:
    """The budget summary as spreadsheet-safe CSV text (no names, no personal details)."""
    from ..exports import to_safe_csv

    df = summarise_budget(entries)["by_activity"].copy()
    for c in _SUMS:
        df[c] = df[c].map(str)
    return to_safe_csv(df)


# -- payee details (finance only) ------------------------------------------------------
@dataclass(frozen=True)
class PayeeDetails:
    """What finance needs to pay someone; never shown outside the finance export."""

    person: str
    legal_name: str
    contact: str = ""
    payment_reference: str = ""
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "PayeeDetails":
        check = FormCheck(form, "Payee details")
        person = check.text("person", "Name or nickname used in the team", max_len=40)
        legal_name = check.text("legal_name", "Name for payment", max_len=200)
        contact = check.text("contact", "Contact (email, phone or address)", required=False, max_len=500)
        reference = check.text("payment_reference", "Payroll or payment reference", required=False, max_len=200)
        check.finish()
        return cls(person, legal_name, contact, reference)

    def to_data(self) -> dict:
        return {"person": self.person, "legal_name": self.legal_name, "contact": self.contact,
                "payment_reference": self.payment_reference}


def save_payee_details(store, project_id: str, form: dict, *, by) -> PayeeDetails:
    item = PayeeDetails.from_form(form)
    rec = save_item(store, project_id, PAYEE_KIND, item, by=by)
    return replace(item, record_id=rec.id, version=rec.version)


def load_payee_details(store, project_id: str, *, reviewer) -> dict[str, PayeeDetails]:
    """Payee details by pseudonym (latest wins); needs the reviewer key."""
    store.require_reviewer(project_id, reviewer)
    return {p.person: p for p in load_items(store, project_id, PAYEE_KIND, PayeeDetails)}


def export_finance_xlsx(store, project_id: str, *, reviewer) -> bytes:
    """The finance export (.xlsx): every entry with payee details, and every payment with its date.

    Needs the reviewer key. A payment from before dates were kept shows "not known" as its date.
    """
    from ..exports import to_safe_xlsx

    payees = load_payee_details(store, project_id, reviewer=reviewer)
    loaded = load_entries(store, project_id)
    entries = _frame(loaded)
    for field in ("legal_name", "contact", "payment_reference"):
        entries[field] = [getattr(payees.get(p), field, "") for p in entries["person"]]
    people = summarise_by_person(loaded)
    paid = list_payments(loaded)
    paid["paid_on"] = [d.isoformat() if d else "not known" for d in paid["paid_on"]]
    for df in (entries, people, paid):
        for c in df.columns:
            if c in (*_SUMS, "amount"):
                df[c] = df[c].map(float)
        if "on" in df:
            df["on"] = df["on"].map(str)
    return to_safe_xlsx({"Entries": entries, "By person": people, "Payments": paid})
