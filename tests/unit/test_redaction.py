"""Personal details are found and removed from free text."""
import nhs_number
import pytest

from coprod_helpers.populations.redaction import redact_text


@pytest.mark.parametrize("phone", ["07700 900123", "07700900123", "+44 7700 900123", "+44 (0)20 7946 0018",
                                   "020 7946 0018", "(020) 7946 0018", "0117-496-0123", "0044 7700 900 123"])
def test_uk_phone_numbers_are_removed(phone):
    r = redact_text(f"ring {phone} today")
    assert r.text == "ring [phone number removed] today"
    assert [x.kind for x in r.redactions] == ["phone"]
    assert phone not in r.redactions[0].hint


def test_emails_are_removed_and_the_detail_is_not_kept():
    r = redact_text("Write to Jo.O'Neil+x@nhs.example.co.uk please")
    assert r.text == "Write to [e-mail removed] please"
    assert r.redactions[0].reason.startswith("An e-mail")
    assert "example" not in r.redactions[0].hint


def test_nhs_numbers_are_checked_with_the_check_digit():
    valid = nhs_number.generate(quantity=1)[0]
    spaced = f"{valid[:3]} {valid[3:6]} {valid[6:]}"
    invalid = "943 476 5918"
    assert not nhs_number.is_valid(invalid.replace(" ", ""))
    r = redact_text(f"my number is {spaced}, not {invalid}")
    assert r.text == f"my number is [NHS number removed], not {invalid}"
    assert [x.kind for x in r.redactions] == ["nhs_number"]


def test_postcodes_and_listed_names():
    r = redact_text("Kemi lives at E15 4HT and sees kemi's GP in e6 2rt; E15 alone is fine", names=["Kemi", " "])
    assert r.text == "[name removed] lives at [postcode removed] and sees [name removed]'s GP in [postcode removed]; E15 alone is fine"
    assert sorted({x.kind for x in r.redactions}) == ["name", "postcode"]
    assert redact_text("E15 4HT", postcodes=False).text == "E15 4HT"


def test_nothing_found_and_summary_words():
    r = redact_text("Nobody listened to me at the clinic.")
    assert not r.changed and r.summary() == "No personal details were found."
    r = redact_text("07700 900123 / 07700 900124 and a@b.org")
    assert r.summary() == "Removed 1 e-mail address and 2 phone numbers to keep people safe."
    assert redact_text(None).text == ""


def test_numbers_that_are_not_personal_are_kept():
    text = "We waited 12 weeks; 1,500 people were referred in 2023-24; call 999 or 111."
    assert redact_text(text).text == text
