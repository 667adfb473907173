from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certifications.certificates import certificate_correct, certificate_withdraw
from certifications.models import Certificate, CertificateTransition, Track

from ..factories import TrackFactory, UserFactory, track_type

pytestmark = pytest.mark.django_db

Status = Certificate.Status


@pytest.fixture
def certificate(participant):
    track = TrackFactory(
        person=participant,
        track_type=track_type("Staff"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=participant,
        number="MT-WDRW2345",
        holder_name="Pat Reader",
        track_name="Staff",
        issued_on=date(2026, 3, 2),
        expires_on=date(2030, 3, 2),
    )


def url(certificate):
    return reverse("certifications:certificate_withdraw", args=[certificate.number])


def withdraw(certificate, actor, reason="Credits claimed twice"):
    return certificate_withdraw(certificate=certificate, actor=actor, reason=reason)


# The service


def test_sets_withdrawn_with_reason(certificate, coordinator):
    withdraw(certificate, coordinator)

    certificate.refresh_from_db()
    assert certificate.status == Status.WITHDRAWN
    assert certificate.status_reason == "Credits claimed twice"
    assert certificate.superseded_by is None


def test_keeps_row(certificate, coordinator):
    withdraw(certificate, coordinator)

    assert Certificate.objects.filter(number="MT-WDRW2345").exists()
    assert not Certificate.objects.valid(on=date(2027, 1, 1)).exists()


def test_writes_transition(certificate, coordinator):
    withdraw(certificate, coordinator)

    transition = certificate.transitions.get()
    assert transition.action == CertificateTransition.Action.WITHDRAW
    assert transition.actor == coordinator
    assert transition.from_status == Status.ISSUED
    assert transition.to_status == Status.WITHDRAWN
    assert transition.note == "Credits claimed twice"


def test_emails_holder(certificate, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(certificate, coordinator)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@lclib.example"]
    assert "withdrawn" in message.subject
    assert "MT-WDRW2345" in message.body
    assert "Credits claimed twice" in message.body


@pytest.mark.parametrize("reason", ["", "  \n "])
def test_reason_required(certificate, coordinator, reason):
    with pytest.raises(ValidationError) as caught:
        withdraw(certificate, coordinator, reason=reason)

    assert "reason" in caught.value.error_dict
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED


def test_withdrawn_twice_rejected(certificate, coordinator):
    withdraw(certificate, coordinator)

    with pytest.raises(ValidationError) as caught:
        withdraw(certificate, coordinator, reason="Again")

    assert caught.value.code == "status"
    assert certificate.transitions.count() == 1


def test_superseded_rejected(certificate, coordinator):
    certificate_correct(
        certificate=certificate,
        actor=coordinator,
        holder_name="Patricia Reader",
        reason="First name",
    )

    with pytest.raises(ValidationError) as caught:
        withdraw(certificate, coordinator)

    assert caught.value.code == "status"


def test_own_certificate_rejected(certificate):
    admin = UserFactory(is_superuser=True)
    certificate.person = admin
    certificate.save(update_fields=["person"])

    with pytest.raises(ValidationError) as caught:
        withdraw(certificate, admin)

    assert caught.value.code == "owner"


# The view


def test_form_shown(login, coordinator, certificate):
    response = login(coordinator).get(url(certificate))

    assert response.status_code == 200
    assert "Reason for the withdrawal" in response.content.decode()


def test_post_withdraws(login, coordinator, certificate):
    response = login(coordinator).post(url(certificate), {"reason": "Fraud"})

    assert response.status_code == 302
    assert response.url == reverse("certifications:certificate", args=["MT-WDRW2345"])
    certificate.refresh_from_db()
    assert certificate.status == Status.WITHDRAWN


def test_post_without_reason_shows_error(login, coordinator, certificate):
    response = login(coordinator).post(url(certificate), {"reason": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the reason for the withdrawal." in html
    assert 'id="error_1_id_reason"' in html
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED


def test_withdrawn_page_redirects(login, coordinator, certificate):
    withdraw(certificate, coordinator)

    response = login(coordinator).get(url(certificate), follow=True)

    assert response.redirect_chain[0][0] == reverse(
        "certifications:certificate", args=["MT-WDRW2345"]
    )
    html = response.content.decode()
    assert "MT-WDRW2345 is withdrawn, and only a certificate in force" in html


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(request, login, certificate, persona):
    user = request.getfixturevalue(persona)
    client = login(user)

    assert client.get(url(certificate)).status_code == 404
    assert client.post(url(certificate), {"reason": "Fraud"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED


def test_login_required(client, certificate):
    response = client.post(url(certificate), {"reason": "Fraud"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
