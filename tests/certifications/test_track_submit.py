from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certifications.models import Track, TrackCredit

from ..factories import CreditFactory, TrackFactory, category, track_type

pytestmark = pytest.mark.django_db


def submit_url(track):
    return reverse("certifications:track_submit", args=[track.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def trustee_track(person, complete=True):
    """Return a Trustee track, with credits that meet its requirements or not."""
    track = TrackFactory(person=person, track_type=track_type("Trustee"))
    CreditFactory(person=person, credits=Decimal("10"))
    if complete:
        CreditFactory(
            person=person, credits=Decimal("5"), category=category("Technology")
        )
    return track


def test_complete_track_submitted(login, participant):
    track = trustee_track(participant)

    response = login(participant).post(submit_url(track), follow=True)

    track.refresh_from_db()
    assert track.status == Track.Status.SUBMITTED
    assert track.submitted_at is not None
    assert TrackCredit.objects.filter(track=track).count() == 2
    assert (
        "Your application for certification was submitted. The CE coordinator "
        "will review it." in messages_of(response)
    )


def test_incomplete_track_rejected(login, participant):
    track = trustee_track(participant, complete=False)

    response = login(participant).post(submit_url(track), follow=True)

    track.refresh_from_db()
    assert track.status == Track.Status.IN_PROGRESS
    assert not TrackCredit.objects.exists()
    assert (
        "The track's requirements are not met yet, so it cannot be submitted."
        in messages_of(response)
    )


def test_returned_track_resubmitted(login, participant):
    track = trustee_track(participant)
    Track.objects.filter(pk=track.pk).update(
        status=Track.Status.RETURNED,
        submitted_at=timezone.now(),
        return_message="Fix the dates.",
    )

    login(participant).post(submit_url(track))

    track.refresh_from_db()
    assert track.status == Track.Status.SUBMITTED
    assert track.return_message == ""


def test_second_submit_rejected(login, participant):
    track = trustee_track(participant)
    client = login(participant)
    client.post(submit_url(track))

    response = client.post(submit_url(track), follow=True)

    assert TrackCredit.objects.filter(track=track).count() == 2
    assert "This track is submitted and cannot be submitted again." in messages_of(
        response
    )


def test_submit_404_for_other_person(login, participant, outsider):
    track = trustee_track(outsider)

    response = login(participant).post(submit_url(track))

    assert response.status_code == 404
    track.refresh_from_db()
    assert track.status == Track.Status.IN_PROGRESS


def test_submit_get_not_allowed(login, participant):
    track = trustee_track(participant)

    response = login(participant).get(submit_url(track))

    assert response.status_code == 405
    track.refresh_from_db()
    assert track.status == Track.Status.IN_PROGRESS


def test_submit_requires_login(client, participant):
    track = trustee_track(participant)

    response = client.post(submit_url(track))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
