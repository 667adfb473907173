import re

import pytest
from playwright.sync_api import expect

from ce_credits.models import Credit

from ..factories import PASSWORD, CreditFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REASON = "Vendor demos do not earn CE credit."


@pytest.fixture
def credits(participant):
    """Three pending credits of the participant, oldest claim first."""
    return [
        CreditFactory(person=participant, title=title)
        for title in ("Vendor demo: new ILS", "Vendor demo: e-books", "Grant writing")
    ]


def open_queue(page, person):
    page.get_by_role("link", name="Verify Credits").click()
    return page.get_by_role("region", name=person.get_full_name())


def select_first_two(queue, credits):
    for credit in credits[:2]:
        queue.get_by_role("checkbox", name=f"Select {credit.title}").check()


def statuses(credits):
    return [Credit.objects.get(pk=credit.pk).status for credit in credits]


def test_denies_two_credits_together(participant, supervisor, credits, log_in):
    page = log_in(supervisor.email, PASSWORD)
    queue = open_queue(page, participant)

    select_first_two(queue, credits)
    page.get_by_label("Reason for the denial").fill(REASON)
    page.get_by_role("button", name="Deny selected").click()

    expect(page.get_by_role("status")).to_have_text("Denied 2 credits.")
    expect(queue).not_to_contain_text(credits[0].title)
    expect(queue).not_to_contain_text(credits[1].title)
    expect(queue).to_contain_text(credits[2].title)
    assert statuses(credits) == ["denied", "denied", "pending"]
    for credit in credits[:2]:
        credit.refresh_from_db()
        assert credit.denial_reason == REASON
        assert credit.decided_by == supervisor


def test_empty_reason_blocked_by_browser(participant, supervisor, credits, log_in):
    page = log_in(supervisor.email, PASSWORD)
    queue = open_queue(page, participant)
    posts = []
    page.on("request", lambda request: posts.append(request.method))

    select_first_two(queue, credits)
    page.get_by_role("button", name="Deny selected").click()

    # The textarea is required, so Chromium shows its own message and sends nothing.
    reason = page.get_by_label("Reason for the denial")
    expect(reason).to_be_focused()
    expect(reason).to_have_js_property(
        "validationMessage", "Please fill out this field."
    )

    page.get_by_role("link", name="Verify Credits").click()
    expect(queue.get_by_role("checkbox")).to_have_count(3)
    assert "POST" not in posts
    assert statuses(credits) == ["pending"] * 3


def test_blank_reason_shown_at_field(participant, supervisor, credits, log_in):
    page = log_in(supervisor.email, PASSWORD)
    queue = open_queue(page, participant)

    select_first_two(queue, credits)
    page.get_by_label("Reason for the denial").fill("   ")
    page.get_by_role("button", name="Deny selected").click()

    reason = page.get_by_label("Reason for the denial")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description(
        re.compile(r"\bThis field is required\.")
    )
    expect(
        queue.get_by_role("checkbox", name=f"Select {credits[0].title}")
    ).to_be_checked()
    expect(
        queue.get_by_role("checkbox", name=f"Select {credits[1].title}")
    ).to_be_checked()
    expect(
        queue.get_by_role("checkbox", name=f"Select {credits[2].title}")
    ).not_to_be_checked()
    assert statuses(credits) == ["pending"] * 3
