from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits import services as credit_services
from certifications import services
from certifications.models import Certificate, Track

from ..factories import CreditFactory, TrackFactory, category, deny_in_place, track_type

pytestmark = pytest.mark.django_db

TECHNOLOGY = "Technology"


def url(track):
    return reverse("certifications:track_approve", args=[track.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def submit(person, name, administration, technology):
    """Submit a track of `name` with one credit in each of two categories."""
    track = TrackFactory(person=person, track_type=track_type(name))
    CreditFactory(person=person, credits=Decimal(administration))
    CreditFactory(
        person=person, credits=Decimal(technology), category=category(TECHNOLOGY)
    )
    return services.track_submit(track=track, actor=person)


def verify_all(person, verifier):
    for credit in person.credits.pending():
        credit_services.credit_verify(credit=credit, actor=verifier)


@pytest.fixture
def track(participant):
    return submit(participant, "Trustee", 10, 5)


def test_approves_and_waits_for_verifier(login, track, coordinator):
    response = login(coordinator).post(url(track), follow=True)

    track.refresh_from_db()
    assert track.status == Track.Status.APPROVED
    assert not Certificate.objects.filter(track=track).exists()
    assert response.redirect_chain[-1][0] == reverse(
        "certifications:review", args=[track.pk]
    )
    assert messages_of(response) == [
        "Approved. The certificate is issued once the verifier confirms the 2 "
        "pending credits listed below."
    ]
    assert "Waiting for the verifier" in response.content.decode()


def test_records_transition(login, track, coordinator):
    login(coordinator).post(url(track))

    transition = track.transitions.last()
    assert transition.actor == coordinator
    assert transition.from_status == Track.Status.SUBMITTED
    assert transition.to_status == Track.Status.APPROVED


def test_issues_when_all_verified(
    login,
    track,
    participant,
    supervisor,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    verify_all(participant, supervisor)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(url(track), follow=True)

    track.refresh_from_db()
    certificate = track.certificate
    assert track.status == Track.Status.ISSUED
    assert certificate.holder_name == "Pat Reader"
    assert certificate.track_name == "Trustee"
    assert certificate.issued_on == timezone.localdate()
    assert certificate.issued_by == coordinator
    assert messages_of(response) == [
        f"Approved. Certificate {certificate.number} has been issued."
    ]
    assert [mail.to for mail in mailoutbox] == [["pat@lclib.example"]]


def test_starts_next_track_of_kind(login, track, participant, supervisor, coordinator):
    verify_all(participant, supervisor)

    login(coordinator).post(url(track))

    new_track = Track.objects.open().get(person=participant)
    assert new_track.track_type == track_type("Trustee")
    assert new_track.status == Track.Status.IN_PROGRESS
    assert new_track.started_on == timezone.localdate()


def test_issues_after_last_verification(
    login, track, participant, supervisor, coordinator
):
    login(coordinator).post(url(track))
    first, last = participant.credits.order_by("pk")
    credit_services.credit_verify(credit=first, actor=supervisor)
    track.refresh_from_db()
    assert track.status == Track.Status.APPROVED

    login(supervisor).post(reverse("ce_credits:credit_verify", args=[last.pk]))

    track.refresh_from_db()
    assert track.status == Track.Status.ISSUED
    assert track.certificate.number.startswith("MT-")
    assert Track.objects.open().filter(person=participant).count() == 1


def test_director_initial_starts_renewal(login, supervisor, board_chair, coordinator):
    track = submit(supervisor, "Library Director, initial", 30, 30)
    verify_all(supervisor, board_chair)

    login(coordinator).post(url(track))

    track.refresh_from_db()
    assert track.status == Track.Status.ISSUED
    assert track.certificate.track_name == "Library Director, initial"
    new_track = Track.objects.open().get(person=supervisor)
    assert new_track.track_type == track_type("Library Director, renewal")


def test_short_after_denial_rejected(
    login, track, participant, supervisor, coordinator
):
    administration, technology = participant.credits.order_by("pk")
    credit_services.credit_verify(credit=administration, actor=supervisor)
    deny_in_place(technology, supervisor, "Duplicate.")

    response = login(coordinator).post(url(track), follow=True)

    track.refresh_from_db()
    assert track.status == Track.Status.SUBMITTED
    assert not track.transitions.filter(to_status=Track.Status.APPROVED).exists()
    assert not Certificate.objects.filter(track=track).exists()
    assert response.redirect_chain[-1][0] == reverse(
        "certifications:review", args=[track.pk]
    )
    assert messages_of(response) == [
        "This track cannot be approved, because it no longer meets its "
        "requirements: 5 more credits in total. Return it to the participant, "
        "who can add credits and submit it again."
    ]


def test_denied_minimum_named_in_rejection(
    login, track, participant, supervisor, coordinator
):
    administration = participant.credits.order_by("pk").first()
    deny_in_place(administration, supervisor, "Not library training.")

    response = login(coordinator).post(url(track), follow=True)

    track.refresh_from_db()
    assert track.status == Track.Status.SUBMITTED
    assert (
        "requirements: 10 more credits in total and 10 more in Library "
        in (messages_of(response)[0])
    )
    assert "Administration. Return it" in messages_of(response)[0]


def test_review_page_warns_before_approval(
    login, track, participant, supervisor, coordinator
):
    technology = participant.credits.order_by("pk").last()
    deny_in_place(technology, supervisor, "No.")

    response = login(coordinator).get(reverse("certifications:review", args=[track.pk]))

    assert "so it cannot be approved. Return it to the participant." in (
        response.content.decode()
    )


def test_approved_track_not_approved_again(login, track, coordinator):
    client = login(coordinator)
    client.post(url(track), follow=True)

    response = client.post(url(track), follow=True)

    assert messages_of(response) == [
        "Only a submitted track can be approved; this one is approved."
    ]
    assert track.transitions.filter(to_status=Track.Status.APPROVED).count() == 1


def test_own_track_rejected(login, coordinator):
    track = submit(coordinator, "Trustee", 10, 5)

    response = login(coordinator).post(url(track), follow=True)

    assert messages_of(response) == ["Nobody approves their own track."]
    track.refresh_from_db()
    assert track.status == Track.Status.SUBMITTED


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(request, login, track, persona):
    user = request.getfixturevalue(persona)

    response = login(user).post(url(track))

    assert response.status_code == 404
    track.refresh_from_db()
    assert track.status == Track.Status.SUBMITTED


def test_get_not_allowed(login, track, coordinator):
    assert login(coordinator).get(url(track)).status_code == 405
