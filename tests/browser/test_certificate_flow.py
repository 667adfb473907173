import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ce_credits.models import Credit
from certifications.models import Certificate, Track

from ..factories import PASSWORD, CreditFactory, TrackFactory, category, track_type

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def verified_credit(person, verifier, *, title, credits, category_name):
    return CreditFactory(
        person=person,
        title=title,
        credits=Decimal(credits),
        category=category(category_name),
        end=timezone.now() - timedelta(days=30),
        status=Credit.Status.VERIFIED,
        decided_by=verifier,
        decided_at=timezone.now() - timedelta(days=20),
    )


@pytest.fixture
def trustee_track(participant, supervisor):
    """A Trustee track, started 200 days ago, with 15 verified credits. They meet
    its requirements of 15 credits in all and 10 in Library Administration."""
    track = TrackFactory(
        person=participant,
        track_type=track_type("Trustee"),
        started_on=timezone.localdate() - timedelta(days=200),
    )
    verified_credit(
        participant,
        supervisor,
        title="Board governance",
        credits="10",
        category_name="Library Administration",
    )
    verified_credit(
        participant,
        supervisor,
        title="Library websites",
        credits="5",
        category_name="Technology",
    )
    return track


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def submit_trustee_track(page):
    page.get_by_role("link", name="Continuing Education").click()
    card = page.get_by_role("article", name="Trustee")
    expect(card).to_contain_text("Your requirements are met.")
    card.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Your application for certification was submitted."
    )


def approve_track_of(page, person):
    page.get_by_role("link", name="Review Tracks").click()
    submitted = page.get_by_role("region", name="Submitted for review")
    row = submitted.get_by_role("row").filter(has_text=person.get_full_name())
    expect(row).to_contain_text("Trustee")
    row.get_by_role("link", name=person.get_full_name()).click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_have_text(
        re.compile(r"Approved\. Certificate MT-\w+ has been issued\.")
    )


def test_approval_issues_printable_certificate(
    participant, coordinator, trustee_track, log_in
):
    name = participant.get_full_name()

    page = log_in(participant.email, PASSWORD)
    submit_trustee_track(page)
    log_out(page)
    trustee_track.refresh_from_db()
    assert trustee_track.status == Track.Status.SUBMITTED

    page = log_in(coordinator.email, PASSWORD)
    approve_track_of(page, participant)
    log_out(page)
    trustee_track.refresh_from_db()
    assert trustee_track.status == Track.Status.ISSUED
    certificate = Certificate.objects.get(track=trustee_track)
    assert certificate.person == participant
    assert certificate.holder_name == name
    assert certificate.track_name == "Trustee"
    assert certificate.issued_by == coordinator
    assert certificate.issued_on == timezone.localdate()

    page = log_in(participant.email, PASSWORD)
    page.get_by_role("link", name="Continuing Education").click()
    past = page.get_by_role("region", name="Past Certifications")
    row = past.get_by_role("row").filter(has_text=certificate.number)
    expect(row).to_contain_text("Trustee")
    expect(row).to_contain_text("Valid")
    row.get_by_role("link", name=f"Print certificate {certificate.number}").click()

    printed = page.get_by_role("article", name="Certificate", exact=True)
    expect(printed).to_contain_text(name)
    expect(printed).to_contain_text("Trustee")
    expect(printed).to_contain_text(certificate.number)
    expect(page).to_have_title(f"Certificate {certificate.number} · ASPeN")
