from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ce_credits.models import Credit

from ..factories import PASSWORD, CatalogEventFactory, CreditFactory

# Serialized rollback restores the categories and track types of the data
# migrations, which the flush after each transactional test removes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_participant_claims_catalogue_event(participant, supervisor, log_in):
    event = CatalogEventFactory(
        title="Summer reading kickoff",
        end=timezone.now() - timedelta(days=3),
    )
    page = log_in(participant.email, PASSWORD)

    page.get_by_role("link", name="Continuing Education").click()
    events = page.get_by_role("region", name="Add Independent Learning Event")
    expect(events).to_contain_text(event.title)
    events.get_by_role("link", name=f"Go to {event.title}").click()
    expect(page.get_by_role("heading", name=event.title)).to_be_visible()
    page.get_by_role("button", name="Save").click()

    credits = page.get_by_role("region", name="Edit CE Credits")
    row = credits.get_by_role("row").filter(has_text=event.title)
    expect(row).to_contain_text("PENDING")
    expect(events).not_to_contain_text(event.title)
    credit = Credit.objects.get(person=participant, catalog_event=event)
    assert credit.status == Credit.Status.PENDING


def test_supervisor_verifies_pending_credit(participant, supervisor, log_in):
    credit = CreditFactory(person=participant, title="Weeding the collection")
    page = log_in(supervisor.email, PASSWORD)

    page.get_by_role("link", name="Verify Credits").click()
    queue = page.get_by_role("region", name=participant.get_full_name())
    expect(queue).to_contain_text(credit.title)
    queue.get_by_role("button", name=f"Verify {credit.title}").click()

    expect(page.get_by_role("status")).to_contain_text(
        f"Verified “{credit.title}” for {participant.get_full_name()}."
    )
    expect(queue).to_have_count(0)
    credit.refresh_from_db()
    assert credit.status == Credit.Status.VERIFIED
    assert credit.decided_by == supervisor
