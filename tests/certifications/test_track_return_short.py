"""A denial that leaves a track in review short of its requirements returns it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Position
from ce_credits import links
from certifications import services
from certifications.models import Track, TrackTransition

from ..factories import CreditFactory, TrackFactory, category, track_type

pytestmark = pytest.mark.django_db

Status = Track.Status


def submit_trustee(person, *, spare=0):
    """Submit a Trustee track with 10 + `spare` credits in Library
    Administration and 5 in Technology, all pending."""
    track = TrackFactory(person=person, track_type=track_type("Trustee"))
    CreditFactory(person=person, credits=Decimal(10 + spare), title="Board basics")
    CreditFactory(
        person=person,
        credits=Decimal(5),
        category=category("Technology"),
        title="Library websites",
    )
    return services.track_submit(track=track, actor=person)


def deny(client, credit, reason="Not a library topic."):
    url = reverse("ce_credits:credit_deny", args=[credit.pk])
    return client.post(url, {"reason": reason}, follow=True)


def test_denial_returns_approved_track(
    login,
    participant,
    supervisor,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    track = submit_trustee(participant)
    services.track_approve(track=track, actor=coordinator)
    credit = participant.credits.get(title="Library websites")

    with django_capture_on_commit_callbacks(execute=True):
        deny(login(supervisor), credit)

    track.refresh_from_db()
    assert track.status == Status.RETURNED
    assert track.return_message == (
        "“Library websites” was denied by your verifier: Not a library topic. "
        "So the track no longer meets its requirements: 5 more credits in "
        "total. Add credits and submit it again."
    )
    assert not track.trackcredit_set.exists()
    change = TrackTransition.objects.filter(track=track).latest("pk")
    assert change.from_status == Status.APPROVED
    assert change.actor == supervisor
    assert [message.to for message in mailoutbox][-1] == [participant.email]


def test_denial_returns_submitted_track(login, participant, supervisor):
    track = submit_trustee(participant)
    credit = participant.credits.get(title="Board basics")

    deny(login(supervisor), credit)

    track.refresh_from_db()
    assert track.status == Status.RETURNED


def test_spare_credit_denial_keeps_track(login, participant, supervisor, coordinator):
    track = submit_trustee(participant, spare=3)
    services.track_approve(track=track, actor=coordinator)
    spare = CreditFactory(person=participant, credits=Decimal(2))

    deny(login(supervisor), spare)

    track.refresh_from_db()
    assert track.status == Status.APPROVED


def test_bulk_denial_returns_track(login, participant, supervisor, coordinator):
    track = submit_trustee(participant)
    services.track_approve(track=track, actor=coordinator)
    ids = list(participant.credits.values_list("pk", flat=True))

    login(supervisor).post(
        reverse("ce_credits:deny_selected"),
        {"credit": ids, "reason": "Duplicates of other claims."},
    )

    track.refresh_from_db()
    assert track.status == Status.RETURNED
    assert "15 more credits in total" in track.return_message


def test_returned_track_resubmitted(login, participant, supervisor, coordinator):
    track = submit_trustee(participant)
    deny(login(supervisor), participant.credits.get(title="Library websites"))
    CreditFactory(
        person=participant, credits=Decimal(5), category=category("Technology")
    )

    services.track_submit(track=track, actor=participant)

    track.refresh_from_db()
    assert track.status == Status.SUBMITTED


def test_link_denial_returns_track(client, participant, coordinator):
    Position.objects.filter(person=participant).update(
        verifier_name="Bea Chair", verifier_email="bea@lcboard.example"
    )
    track = submit_trustee(participant)
    services.track_approve(track=track, actor=coordinator)
    link = links.verifier_link_send(person=participant)
    credit = participant.credits.get(title="Library websites")

    links.link_credit_deny(link=link, credit=credit, reason="Not attended.")

    track.refresh_from_db()
    assert track.status == Status.RETURNED
    change = TrackTransition.objects.filter(track=track).latest("pk")
    assert change.actor is None
