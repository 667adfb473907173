from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certifications.models import Certificate, Track, TrackTransition, TrackType

from ..factories import CertificateFactory, TrackFactory, track_type

pytestmark = pytest.mark.django_db

URL = reverse("certifications:track_add")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_adds_track(login, participant):
    staff = track_type("Staff")

    response = login(participant).post(URL, {"track_type": staff.pk}, follow=True)

    track = Track.objects.get(person=participant)
    assert track.track_type == staff
    assert track.status == Track.Status.IN_PROGRESS
    assert track.started_on == timezone.localdate()
    assert TrackTransition.objects.filter(track=track, actor=participant).exists()
    assert "The Staff track was added." in messages_of(response)
    assert response.redirect_chain[-1][0] == reverse("certifications:panel")


def test_duplicate_kind_rejected(login, participant):
    TrackFactory(
        person=participant, track_type=track_type("Library Administrator", "2009")
    )
    initial = track_type("Library Director, initial")

    response = login(participant).post(URL, {"track_type": initial.pk}, follow=True)

    assert Track.objects.filter(person=participant).count() == 1
    assert (
        "You already have an open Library Director track. Finish it before you "
        "add another of the same kind." in messages_of(response)
    )


def test_same_kind_allowed_after_issue(login, participant):
    TrackFactory(
        person=participant,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )

    login(participant).post(URL, {"track_type": track_type("Trustee").pk})

    assert Track.objects.filter(person=participant).open().count() == 1


def test_renewal_without_certificate_rejected(login, participant):
    renewal = track_type("Library Director, renewal")

    response = login(participant).post(URL, {"track_type": renewal.pk}, follow=True)

    assert not Track.objects.filter(person=participant).exists()
    assert (
        "The Library Director, renewal track is for people who hold or held a "
        "Library Director certificate, and none has been issued to you. Add the "
        "track toward a first Library Director certificate instead."
        in messages_of(response)
    )


def test_renewal_after_expired_certificate(login, participant):
    issued_on = timezone.localdate() - timedelta(days=5 * 365)
    CertificateFactory(
        person=participant,
        track__track_type=track_type("Library Director, initial"),
        issued_on=issued_on,
    )
    renewal = track_type("Library Director, renewal")

    login(participant).post(URL, {"track_type": renewal.pk})

    assert Track.objects.filter(person=participant).open().get().track_type == renewal


def test_renewal_after_withdrawn_certificate_rejected(login, participant):
    CertificateFactory(
        person=participant,
        track__track_type=track_type("Library Director, initial"),
        status=Certificate.Status.WITHDRAWN,
        status_reason="Issued on a duplicated record.",
    )
    renewal = track_type("Library Director, renewal")

    login(participant).post(URL, {"track_type": renewal.pk})

    assert not Track.objects.filter(person=participant).open().exists()


def test_old_edition_rejected(login, participant):
    older = TrackType.objects.filter(edition__is_current=False).first()

    response = login(participant).post(URL, {"track_type": older.pk}, follow=True)

    assert not Track.objects.filter(person=participant).exists()
    assert "Choose one of the listed tracks to add." in messages_of(response)


def test_missing_choice_rejected(login, participant):
    response = login(participant).post(URL, {}, follow=True)

    assert not Track.objects.exists()
    assert "Choose one of the listed tracks to add." in messages_of(response)


def test_add_get_not_allowed(login, participant):
    response = login(participant).get(URL)

    assert response.status_code == 405


def test_add_requires_login(client):
    response = client.post(URL, {"track_type": track_type("Staff").pk})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Track.objects.exists()
