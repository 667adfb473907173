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
Action = CertificateTransition.Action


@pytest.fixture
def certificate(participant, supervisor):
    track = TrackFactory(
        person=participant,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    certificate = Certificate.objects.create(
        track=track,
        person=participant,
        number="MT-FIXN2345",
        holder_name="Pat Raeder",
        track_name="Trustee",
        issued_on=date(2026, 3, 2),
        expires_on=date(2030, 3, 2),
        issued_by=supervisor,
        earned_by=Certificate.Route.DEGREE,
    )
    CertificateTransition.objects.create(
        certificate=certificate, action=Action.ISSUE, to_status=Status.ISSUED
    )
    return certificate


def url(certificate):
    return reverse("certifications:certificate_correct", args=[certificate.number])


def correct(certificate, actor, holder_name="Pat Reader", reason="Typo in surname"):
    return certificate_correct(
        certificate=certificate, actor=actor, holder_name=holder_name, reason=reason
    )


# The service


def test_issues_new_number_same_facts(certificate, coordinator, supervisor):
    successor = correct(certificate, coordinator)

    assert successor.number != certificate.number
    assert successor.number.startswith("MT-")
    assert successor.holder_name == "Pat Reader"
    assert successor.track_id == certificate.track_id
    assert successor.person_id == certificate.person_id
    assert successor.track_name == "Trustee"
    assert successor.issued_on == date(2026, 3, 2)
    assert successor.expires_on == date(2030, 3, 2)
    assert successor.issued_by == supervisor
    assert successor.earned_by == Certificate.Route.DEGREE
    assert successor.status == Status.ISSUED


def test_supersedes_old_and_keeps_it(certificate, coordinator):
    successor = correct(certificate, coordinator)

    certificate.refresh_from_db()
    assert certificate.status == Status.SUPERSEDED
    assert certificate.superseded_by == successor
    assert certificate.status_reason == "Typo in surname"
    assert certificate.holder_name == "Pat Raeder"
    assert Certificate.objects.filter(track=certificate.track).count() == 2


def test_valid_lists_only_successor(certificate, coordinator):
    successor = correct(certificate, coordinator)

    valid = Certificate.objects.valid(on=date(2027, 1, 1))

    assert list(valid) == [successor]


def test_writes_history(certificate, coordinator):
    successor = correct(certificate, coordinator)

    old_change = certificate.transitions.get(action=Action.CORRECT)
    assert old_change.actor == coordinator
    assert old_change.from_status == Status.ISSUED
    assert old_change.to_status == Status.SUPERSEDED
    assert successor.number in old_change.note
    assert "Typo in surname" in old_change.note

    new_issue = successor.transitions.get()
    assert new_issue.action == Action.ISSUE
    assert new_issue.actor == coordinator
    assert new_issue.from_status == ""
    assert new_issue.to_status == Status.ISSUED
    assert "MT-FIXN2345" in new_issue.note


def test_emails_holder(certificate, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        successor = correct(certificate, coordinator)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@lclib.example"]
    assert "corrected" in message.subject
    assert successor.number in message.body
    assert "MT-FIXN2345" in message.body
    assert "Typo in surname" in message.body
    assert reverse("certifications:certificate", args=[successor.number]) in (
        message.body
    )


def test_no_email_before_commit(certificate, coordinator):
    correct(certificate, coordinator)

    assert mail.outbox == []


def test_superseded_rejected(certificate, coordinator):
    correct(certificate, coordinator)
    certificate.refresh_from_db()

    with pytest.raises(ValidationError) as caught:
        correct(certificate, coordinator, holder_name="Patricia Reader")

    assert caught.value.code == "status"


def test_withdrawn_rejected(certificate, coordinator):
    certificate_withdraw(certificate=certificate, actor=coordinator, reason="Fraud")

    with pytest.raises(ValidationError) as caught:
        correct(certificate, coordinator)

    assert caught.value.code == "status"
    assert Certificate.objects.count() == 1


def test_stale_copy_rejected(certificate, coordinator):
    """A second correction from a page loaded before the first one fails."""
    stale = Certificate.objects.get(pk=certificate.pk)
    correct(certificate, coordinator)

    with pytest.raises(ValidationError):
        correct(stale, coordinator, holder_name="Patricia Reader")

    assert Certificate.objects.count() == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_reason_required(certificate, coordinator, reason):
    with pytest.raises(ValidationError) as caught:
        correct(certificate, coordinator, reason=reason)

    assert "reason" in caught.value.error_dict
    assert Certificate.objects.count() == 1


def test_same_name_rejected(certificate, coordinator):
    with pytest.raises(ValidationError) as caught:
        correct(certificate, coordinator, holder_name=" Pat Raeder ")

    assert "holder_name" in caught.value.error_dict


def test_same_name_with_spaces_rejected(certificate, coordinator):
    with pytest.raises(ValidationError) as caught:
        correct(certificate, coordinator, holder_name="  Pat   Raeder ")

    assert "holder_name" in caught.value.error_dict
    assert Certificate.objects.count() == 1


def test_corrected_name_spaces_collapsed(certificate, coordinator):
    successor = correct(certificate, coordinator, holder_name="Pat   Reader")

    assert successor.holder_name == "Pat Reader"


def test_own_certificate_rejected(certificate):
    admin = UserFactory(is_superuser=True)
    certificate.person = admin
    certificate.save(update_fields=["person"])

    with pytest.raises(ValidationError) as caught:
        correct(certificate, admin)

    assert caught.value.code == "owner"


# The view


def test_form_prefilled(login, coordinator, certificate):
    response = login(coordinator).get(url(certificate))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Pat Raeder"' in html
    assert "Reason for the correction" in html


def test_post_corrects_and_redirects(login, coordinator, certificate):
    response = login(coordinator).post(
        url(certificate), {"holder_name": "Pat Reader", "reason": "Typo in surname"}
    )

    successor = Certificate.objects.get(status=Status.ISSUED)
    assert response.status_code == 302
    assert response.url == reverse(
        "certifications:certificate", args=[successor.number]
    )
    certificate.refresh_from_db()
    assert certificate.superseded_by == successor


def test_post_without_reason_shows_error(login, coordinator, certificate):
    response = login(coordinator).post(
        url(certificate), {"holder_name": "Pat Reader", "reason": " "}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the reason for the correction." in html
    assert 'id="error_1_id_reason"' in html
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED


def test_post_same_name_shows_error(login, coordinator, certificate):
    response = login(coordinator).post(
        url(certificate), {"holder_name": "Pat Raeder", "reason": "Typo"}
    )

    assert response.status_code == 200
    assert "This is the name the certificate already carries." in (
        response.content.decode()
    )
    assert Certificate.objects.count() == 1


def test_superseded_page_redirects(login, coordinator, certificate):
    correct(certificate, coordinator)

    response = login(coordinator).get(url(certificate), follow=True)

    assert response.redirect_chain[0][0] == reverse(
        "certifications:certificate", args=["MT-FIXN2345"]
    )
    html = response.content.decode()
    assert "MT-FIXN2345 is superseded, and only a certificate in force" in html


def test_superuser_may_correct(login, certificate):
    admin = UserFactory(is_superuser=True)

    assert login(admin).get(url(certificate)).status_code == 200


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(request, login, certificate, persona):
    user = request.getfixturevalue(persona)
    client = login(user)

    assert client.get(url(certificate)).status_code == 404
    response = client.post(
        url(certificate), {"holder_name": "Pat Reader", "reason": "Typo"}
    )
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED


def test_login_required(client, certificate):
    response = client.get(url(certificate))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_too_long_name_shows_error(login, coordinator, certificate):
    response = login(coordinator).post(
        url(certificate), {"holder_name": "N" * 121, "reason": "Full legal name"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["holder_name"]
    assert Certificate.objects.count() == 1
