"""Step 4-5 pages in Voila: voting seen from a second page, and redaction of a typed quote.

Uses the lead's fixtures in tests/conftest.py (``voila_url``, ``page``, ``assert_accessible``).
Both pages open without ``?project=``, so start_app() gives them the same demo project.
"""
import re
import uuid

import pytest

pytestmark = pytest.mark.browser
TIMEOUT = 90_000


def open_page(page, voila_url, notebook, wait_for):
    page.goto(f"{voila_url}/voila/render/{notebook}", timeout=TIMEOUT)
    page.wait_for_selector(f"text={wait_for}", timeout=TIMEOUT)


def test_a_vote_on_one_page_shows_in_the_tally_on_another(page, voila_url, assert_accessible):
    group_a, group_b = f"Group A {uuid.uuid4().hex[:4]}", f"Group B {uuid.uuid4().hex[:4]}"
    open_page(page, voila_url, "02_identify_populations.ipynb", "Start the vote")
    page.get_by_label("Groups to choose between (one per line)").fill(f"{group_a}\n{group_b}")
    page.get_by_role("button", name="Start the vote").click()
    page.wait_for_selector("text=The vote is open", timeout=TIMEOUT)
    page.get_by_role("button", name="Refresh", exact=True).first.click()
    page.get_by_label(group_a).fill("3")
    page.get_by_label(group_a).press("Tab")
    page.get_by_role("button", name="Send my vote").click()
    page.wait_for_selector("text=your vote is in", timeout=TIMEOUT)
    assert_accessible(page)

    second = page.context.new_page()
    open_page(second, voila_url, "02_identify_populations.ipynb", "Refresh the tally")
    second.get_by_role("button", name="Refresh the tally").click()
    row = second.locator("table.priority-tally tr", has_text=group_a)
    row.wait_for(timeout=TIMEOUT)
    assert re.search(rf"{group_a}\s*3\s*1", row.inner_text())
    second.close()


def test_a_quote_with_a_phone_number_and_email_is_shown_redacted(page, voila_url, assert_accessible):
    open_page(page, voila_url, "03_data_review.ipynb", "Save what they said")
    page.get_by_label("What they said").fill("Call me on 07700 900123 or write to kemi@example.org")
    page.get_by_role("button", name="Save what they said").click()
    saved = page.locator("blockquote.saved-snippet")
    saved.wait_for(timeout=TIMEOUT)
    text = saved.inner_text()
    assert "[phone number removed]" in text and "[e-mail removed]" in text
    assert "07700" not in page.content() or "07700" not in text
    assert "kemi@example.org" not in text
    assert_accessible(page)
