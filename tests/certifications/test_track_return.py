from decimal import Decimal

import pytest
from django.urls import reverse

from ce_credits import services as credit_services
from ce_credits.models import Credit
from certifications import services
from certifications.models import Track, TrackCredit, TrackTransition

from ..factories import CreditFactory, TrackFactory, category, track_type

pytestmark = pytest.mark.django_db

MESSAGE = "Two of your credits record the same workshop. Delete one and submit again."


def url(track):
    return reverse("certifications:track_return", args=[track.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def track(participant):
    track = TrackFactory(person=participant, track_type=track_type("Trustee"))
    CreditFactory(person=participant, credits=Decimal("10"))
    CreditFactory(
        person=participant, credits=Decimal("5"), category=category("Technology")
    )
    return services.track_submit(track=track, actor=participant)


def test_returns_track(login, track, coordinator):
    response = login(coordinator).post(url(track), {"message": MESSAGE}, follow=True)

    track.refresh_from_db()
    assert track.status == Track.Status.RETURNED
    assert track.return_message == MESSAGE
    assert track.requirements is None
    assert response.redirect_chain[-1][0] == reverse("certifications:review_queue")
    assert messages_of(response) == [
        "The track was returned to Pat Reader, who gets your message by email."
    ]


def test_records_transition(login, track, coordinator):
    login(coordinator).post(url(track), {"message": MESSAGE})

    transition = track.transitions.last()
    assert transition.actor == coordinator
    assert transition.from_status == Track.Status.SUBMITTED
    assert transition.to_status == Track.Status.RETURNED
    assert transition.note == MESSAGE


def test_unlocks_credits(login, track, participant, coordinator):
    login(coordinator).post(url(track), {"message": MESSAGE})

    assert not TrackCredit.objects.filter(track=track).exists()
    credit = participant.credits.first()
    credit_services.credit_delete(credit=credit, actor=participant)
    assert not Credit.objects.filter(pk=credit.pk).exists()


def test_mails_participant(
    login, track, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).post(url(track), {"message": MESSAGE})

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["pat@lclib.example"]
    assert MESSAGE in mailoutbox[0].body


@pytest.mark.parametrize("message", ["", "   "])
def test_message_required(login, track, coordinator, message):
    response = login(coordinator).post(url(track), {"message": message})

    assert response.status_code == 200
    assert response.context["return_form"].errors["message"] == [
        "This field is required."
    ]
    assert "This field is required." in response.content.decode()
    track.refresh_from_db()
    assert track.status == Track.Status.SUBMITTED
    assert TrackCredit.objects.filter(track=track).count() == 2


def test_returns_approved_track(login, track, coordinator):
    services.track_approve(track=track, actor=coordinator)

    login(coordinator).post(url(track), {"message": MESSAGE})

    track.refresh_from_db()
    assert track.status == Track.Status.RETURNED


def test_returned_track_not_returned_again(login, track, coordinator):
    client = login(coordinator)
    client.post(url(track), {"message": MESSAGE}, follow=True)

    response = client.post(url(track), {"message": MESSAGE}, follow=True)

    assert messages_of(response) == [
        "Only a submitted track can be returned; this one is returned."
    ]
    assert (
        TrackTransition.objects.filter(
            track=track, to_status=Track.Status.RETURNED
        ).count()
        == 1
    )


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(request, login, track, persona):
    user = request.getfixturevalue(persona)

    response = login(user).post(url(track), {"message": MESSAGE})

    assert response.status_code == 404
    track.refresh_from_db()
    assert track.status == Track.Status.SUBMITTED


def test_get_not_allowed(login, track, coordinator):
    assert login(coordinator).get(url(track)).status_code == 405
