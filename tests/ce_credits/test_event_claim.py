from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits.models import Credit, CreditTransition

from ..factories import CatalogEventFactory

pytestmark = pytest.mark.django_db


def claim_url(event):
    return reverse("ce_credits:event_claim", args=[event.pk])


def test_claim_creates_pending_credit(login, participant):
    event = CatalogEventFactory(title="Weeding the collection")

    response = login(participant).post(claim_url(event), follow=True)

    assert response.redirect_chain[-1][0] == reverse("certifications:panel")
    credit = Credit.objects.get(person=participant)
    assert credit.status == Credit.Status.PENDING
    assert credit.catalog_event == event
    assert credit.title == "Weeding the collection"
    assert credit.credits == event.credits
    assert (
        "“Weeding the collection” was saved. It stays PENDING until your "
        "supervisor verifies it." in response.content.decode()
    )


def test_claim_records_transition(login, participant):
    event = CatalogEventFactory()

    login(participant).post(claim_url(event))

    transition = CreditTransition.objects.get(person=participant)
    assert transition.action == CreditTransition.Action.CLAIM
    assert transition.actor == participant
    assert transition.to_status == Credit.Status.PENDING


def test_second_claim_rejected(login, participant):
    event = CatalogEventFactory()
    client = login(participant)
    client.post(claim_url(event))

    response = client.post(claim_url(event), follow=True)

    assert Credit.objects.filter(person=participant).count() == 1
    assert "You have already claimed this event." in response.content.decode()


def test_claim_of_unfinished_event_rejected(login, participant):
    event = CatalogEventFactory(end=timezone.now() + timedelta(days=1))

    response = login(participant).post(claim_url(event), follow=True)

    assert not Credit.objects.exists()
    assert "This event has not ended yet." in response.content.decode()


def test_claim_of_old_event_rejected(login, participant):
    event = CatalogEventFactory(end=timezone.now() - timedelta(days=400))

    response = login(participant).post(claim_url(event), follow=True)

    assert not Credit.objects.exists()
    assert "within the past year" in response.content.decode()


def test_claim_get_not_allowed(login, participant):
    event = CatalogEventFactory()

    response = login(participant).get(claim_url(event))

    assert response.status_code == 405
    assert not Credit.objects.exists()


def test_claim_404_for_unknown_event(login, participant):
    response = login(participant).post(reverse("ce_credits:event_claim", args=[999999]))

    assert response.status_code == 404


def test_claim_requires_login(client):
    event = CatalogEventFactory()

    response = client.post(claim_url(event))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Credit.objects.exists()


def test_claim_requires_csrf_token(participant):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    event = CatalogEventFactory()

    response = client.post(claim_url(event))

    assert response.status_code == 403
    assert not Credit.objects.exists()
