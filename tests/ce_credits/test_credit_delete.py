import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits.models import Credit, CreditTransition
from certifications.models import TrackCredit

from ..factories import CreditFactory, TrackFactory

pytestmark = pytest.mark.django_db


def delete_url(credit):
    return reverse("ce_credits:credit_delete", args=[credit.pk])


def test_delete_own_pending(login, participant):
    credit = CreditFactory(person=participant, title="Duplicate webinar")

    response = login(participant).post(delete_url(credit), follow=True)

    assert not Credit.objects.filter(pk=credit.pk).exists()
    assert "“Duplicate webinar” was deleted." in response.content.decode()


def test_delete_keeps_history(login, participant):
    credit = CreditFactory(person=participant, title="Duplicate webinar")

    login(participant).post(delete_url(credit))

    transition = CreditTransition.objects.get(person=participant)
    assert transition.action == CreditTransition.Action.DELETE
    assert transition.credit_title == "Duplicate webinar"
    assert transition.from_status == Credit.Status.PENDING


def test_delete_404_for_other_person(login, participant, outsider):
    credit = CreditFactory(person=outsider)

    response = login(participant).post(delete_url(credit))

    assert response.status_code == 404
    assert Credit.objects.filter(pk=credit.pk).exists()


def test_delete_get_not_allowed(login, participant):
    credit = CreditFactory(person=participant)

    response = login(participant).get(delete_url(credit))

    assert response.status_code == 405
    assert Credit.objects.filter(pk=credit.pk).exists()


def test_locked_credit_not_deleted(login, participant):
    credit = CreditFactory(person=participant)
    track = TrackFactory(
        person=participant, status="submitted", submitted_at=timezone.now()
    )
    TrackCredit.objects.create(track=track, credit=credit, kind=track.kind)

    response = login(participant).post(delete_url(credit), follow=True)

    assert Credit.objects.filter(pk=credit.pk).exists()
    assert "A submitted certification track counts" in response.content.decode()


def test_denied_credit_not_deleted(login, participant, supervisor):
    credit = CreditFactory(
        person=participant,
        status=Credit.Status.DENIED,
        denial_reason="Vendor demo",
        decided_by=supervisor,
        decided_at=timezone.now(),
    )

    response = login(participant).post(delete_url(credit), follow=True)

    assert Credit.objects.filter(pk=credit.pk).exists()
    assert "can no longer be changed" in response.content.decode()


def test_delete_requires_login(client, participant):
    credit = CreditFactory(person=participant)

    response = client.post(delete_url(credit))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Credit.objects.filter(pk=credit.pk).exists()


def test_certified_credit_not_deleted(login, participant, supervisor):
    credit = CreditFactory(
        person=participant,
        status=Credit.Status.VERIFIED,
        decided_by=supervisor,
        decided_at=timezone.now(),
    )
    track = TrackFactory(
        person=participant, status="issued", submitted_at=timezone.now()
    )
    TrackCredit.objects.create(track=track, credit=credit, kind=track.kind)

    response = login(participant).post(delete_url(credit), follow=True)

    assert Credit.objects.filter(pk=credit.pk).exists()
    assert "An issued certificate rests on this credit" in response.content.decode()
