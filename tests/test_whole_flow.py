"""The whole path from a claim to a printed certificate, through the pages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ce_credits.forms import DATETIME_LOCAL_FORMAT
from ce_credits.models import Credit, CreditTransition
from certifications.models import Certificate, Track, TrackTransition

from .factories import CatalogEventFactory, category, track_type

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def independent_event(title, category_name, credits):
    end = timezone.localtime() - timedelta(days=2)
    return {
        "title": title,
        "begin": (end - timedelta(hours=int(credits))).strftime(DATETIME_LOCAL_FORMAT),
        "end": end.strftime(DATETIME_LOCAL_FORMAT),
        "sponsor": "United for Libraries",
        "presenter": "Lee Trainer",
        "category": category(category_name).pk,
        "credits": credits,
    }


def test_claim_to_certificate(
    participant, supervisor, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    event = CatalogEventFactory(title="Open meetings for library boards")
    person = client_for(participant)

    # The participant adds a Trustee track, then claims 15 credits.
    response = person.post(
        reverse("certifications:track_add"),
        {"track_type": track_type("Trustee").pk},
    )
    assert response.status_code == 302
    track = Track.objects.get(person=participant)
    # Credits count from the day a track starts; move it back so that events
    # of the past days fall inside its period.
    Track.objects.filter(pk=track.pk).update(
        started_on=timezone.localdate() - timedelta(days=30)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert person.post(reverse("ce_credits:event_claim", args=[event.pk]))
        for data in (
            independent_event("Board governance", "Library Administration", "8"),
            independent_event("Library websites", "Technology", "5"),
        ):
            response = person.post(reverse("ce_credits:independent_new"), data)
            assert response.status_code == 302

    credits = Credit.objects.filter(person=participant)
    assert credits.count() == 3
    assert set(credits.values_list("status", flat=True)) == {"pending"}
    assert {message.to[0] for message in mailoutbox} == {supervisor.email}
    panel = person.get(reverse("certifications:panel")).content.decode()
    assert panel.count("PENDING") >= 3
    assert "Your requirements are met" in panel

    # Submitting tells the coordinator and asks the supervisor to verify.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        person.post(reverse("certifications:track_submit", args=[track.pk]))
    track.refresh_from_db()
    assert track.status == Track.Status.SUBMITTED
    recipients = {address for message in mailoutbox for address in message.to}
    assert recipients == {coordinator.email, supervisor.email}

    # The coordinator returns it once, then the participant submits again.
    reviewer = client_for(coordinator)
    assert reviewer.get(reverse("certifications:review_queue")).status_code == 200
    reviewer.post(
        reverse("certifications:track_return", args=[track.pk]),
        {"message": "Please add a description to the webinar."},
    )
    track.refresh_from_db()
    assert track.status == Track.Status.RETURNED
    assert (
        "add a description"
        in person.get(reverse("certifications:panel")).content.decode()
    )
    person.post(reverse("certifications:track_submit", args=[track.pk]))
    reviewer.post(reverse("certifications:track_approve", args=[track.pk]))
    track.refresh_from_db()
    assert track.status == Track.Status.APPROVED

    # The last verification issues the certificate and starts a new track.
    verifier = client_for(supervisor)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for credit in credits:
            verifier.post(reverse("ce_credits:credit_verify", args=[credit.pk]))

    track.refresh_from_db()
    assert track.status == Track.Status.ISSUED
    certificate = Certificate.objects.get(track=track)
    assert certificate.expires_on == certificate.issued_on.replace(
        year=certificate.issued_on.year + 4
    )
    assert [message.to for message in mailoutbox] == [[participant.email]]
    assert Track.objects.open().get(person=participant).kind == track.kind

    page = person.get(reverse("certifications:certificate", args=[certificate.number]))
    assert certificate.number in page.content.decode()
    pdf = person.get(
        reverse("certifications:certificate_pdf", args=[certificate.number])
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert (
        certificate.number
        in person.get(reverse("certifications:panel")).content.decode()
    )

    # Every state change left a row saying who made it.
    actions = list(
        CreditTransition.objects.filter(person=participant).values_list(
            "action", "actor"
        )
    )
    assert actions.count(("claim", participant.pk)) == 3
    assert actions.count(("verify", supervisor.pk)) == 3
    steps = list(
        TrackTransition.objects.filter(track=track).values_list(
            "from_status", "to_status"
        )
    )
    assert steps == [
        ("", "in_progress"),
        ("in_progress", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
        ("approved", "issued"),
    ]
