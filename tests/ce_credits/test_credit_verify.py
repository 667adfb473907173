from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits.models import Credit, CreditTransition
from certifications import services as track_services
from certifications.models import Track

from ..factories import CreditFactory, TrackFactory, UserFactory, category, track_type

Status = Credit.Status

pytestmark = pytest.mark.django_db


def url(credit):
    return reverse("ce_credits:credit_verify", args=[credit.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_verifies(login, participant, supervisor):
    credit = CreditFactory(person=participant, title="Summer reading kickoff")

    response = login(supervisor).post(url(credit), follow=True)

    credit.refresh_from_db()
    assert credit.status == Credit.Status.VERIFIED
    assert credit.decided_by == supervisor
    assert credit.decided_at is not None
    assert "Verified “Summer reading kickoff” for Pat Reader." in messages_of(response)
    assert response.redirect_chain[-1][0] == reverse("ce_credits:verify_queue")


def test_records_transition(login, participant, supervisor):
    credit = CreditFactory(person=participant)

    login(supervisor).post(url(credit))

    transition = CreditTransition.objects.get(
        credit=credit, action=CreditTransition.Action.VERIFY
    )
    assert transition.actor == supervisor
    assert transition.person == participant
    assert transition.from_status == Credit.Status.PENDING
    assert transition.to_status == Credit.Status.VERIFIED


def test_board_chair_verifies_director(login, supervisor, board_chair):
    credit = CreditFactory(person=supervisor)

    response = login(board_chair).post(url(credit))

    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.status == Credit.Status.VERIFIED


def test_coordinator_verifies(login, outsider, coordinator):
    credit = CreditFactory(person=outsider)

    login(coordinator).post(url(credit))

    credit.refresh_from_db()
    assert credit.status == Credit.Status.VERIFIED
    assert credit.decided_by == coordinator


def test_superuser_verifies(login, participant):
    admin = UserFactory(is_superuser=True)
    credit = CreditFactory(person=participant)

    login(admin).post(url(credit))

    credit.refresh_from_db()
    assert credit.status == Credit.Status.VERIFIED


@pytest.mark.parametrize("persona", ["outsider", "participant", "board_chair"])
def test_out_of_scope_404(request, login, participant, supervisor, persona):
    user = request.getfixturevalue(persona)
    credit = CreditFactory(person=participant)

    response = login(user).post(url(credit))

    assert response.status_code == 404
    credit.refresh_from_db()
    assert credit.status == Credit.Status.PENDING


def test_coordinator_own_credit_404(login, coordinator):
    credit = CreditFactory(person=coordinator)

    response = login(coordinator).post(url(credit))

    assert response.status_code == 404


def test_double_submit_message(login, participant, supervisor):
    credit = CreditFactory(person=participant, title="Grant writing")
    client = login(supervisor)
    client.post(url(credit), follow=True)

    response = client.post(url(credit), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [
        "“Grant writing” is already VERIFIED, so nothing was changed."
    ]
    assert (
        CreditTransition.objects.filter(
            credit=credit, action=CreditTransition.Action.VERIFY
        ).count()
        == 1
    )


def test_denied_credit_not_verified(login, participant, supervisor):
    credit = CreditFactory(
        person=participant,
        status=Credit.Status.DENIED,
        denial_reason="A vendor demo.",
        decided_by=supervisor,
        decided_at=timezone.now(),
    )

    login(supervisor).post(url(credit))

    credit.refresh_from_db()
    assert credit.status == Credit.Status.DENIED


def test_get_not_allowed(login, participant, supervisor):
    credit = CreditFactory(person=participant)

    response = login(supervisor).get(url(credit))

    assert response.status_code == 405


def test_login_required(client, participant):
    credit = CreditFactory(person=participant)

    response = client.post(url(credit))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_last_verification_records_issue(login, participant, supervisor, coordinator):
    track = TrackFactory(person=participant, track_type=track_type("Trustee"))
    CreditFactory(
        person=participant,
        credits=Decimal(10),
        status=Status.VERIFIED,
        decided_by=supervisor,
        decided_at=timezone.now(),
    )
    last = CreditFactory(
        person=participant, credits=Decimal(5), category=category("Technology")
    )
    track_services.track_submit(track=track, actor=participant)
    track_services.track_approve(track=track, actor=coordinator)

    login(supervisor).post(url(last))

    track.refresh_from_db()
    issue = track.transitions.get(to_status=Track.Status.ISSUED)
    assert issue.actor == supervisor
    assert issue.from_status == Track.Status.APPROVED
    assert track.certificate.issued_by == coordinator
    history = track.certificate.transitions.get()
    assert history.actor == coordinator


def test_changed_credit_not_verified(login, participant, supervisor):
    credit = CreditFactory(person=participant, title="Disaster Ready Summit")
    shown_fingerprint = credit.fingerprint
    Credit.objects.filter(pk=credit.pk).update(credits=Decimal(6))

    response = login(supervisor).post(
        url(credit), {f"seen-{credit.pk}": shown_fingerprint}, follow=True
    )

    credit.refresh_from_db()
    assert credit.status == Status.PENDING
    assert messages_of(response) == [
        "“Disaster Ready Summit” was changed after you opened the page. Review "
        "its new details and decide again."
    ]


def test_unchanged_credit_verified(login, participant, supervisor):
    credit = CreditFactory(person=participant)

    login(supervisor).post(url(credit), {f"seen-{credit.pk}": credit.fingerprint})

    credit.refresh_from_db()
    assert credit.status == Status.VERIFIED


def test_queue_carries_fingerprints(login, participant, supervisor):
    credit = CreditFactory(person=participant)

    response = login(supervisor).get(reverse("ce_credits:verify_queue"))

    assert (
        f'name="seen-{credit.pk}" value="{credit.fingerprint}"'
        in response.content.decode()
    )
