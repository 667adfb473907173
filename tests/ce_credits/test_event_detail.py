from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ..factories import CatalogEventFactory, CreditFactory

pytestmark = pytest.mark.django_db


def detail_url(event):
    return reverse("ce_credits:event_detail", args=[event.pk])


def test_detail_shows_event(login, participant):
    event = CatalogEventFactory(
        title="Grant writing basics",
        sponsor="Montana Library Association",
        delivery="Online",
        description="How to find and write grants.",
        source_url="https://example.org/grants",
    )

    response = login(participant).get(detail_url(event))

    assert response.status_code == 200
    for text in (
        "Grant writing basics",
        "Montana Library Association",
        "Online",
        "Library Administration",
        "How to find and write grants.",
        "https://example.org/grants",
    ):
        assert text in response.content.decode()
    claim_url = reverse("ce_credits:event_claim", args=[event.pk])
    assert f'action="{claim_url}"' in response.content.decode()


def test_detail_404_for_unfinished_event(login, participant):
    event = CatalogEventFactory(end=timezone.now() + timedelta(hours=3))

    response = login(participant).get(detail_url(event))

    assert response.status_code == 404


def test_detail_404_for_event_over_a_year_old(login, participant):
    event = CatalogEventFactory(end=timezone.now() - timedelta(days=366))

    response = login(participant).get(detail_url(event))

    assert response.status_code == 404


def test_detail_404_once_claimed(login, participant):
    event = CatalogEventFactory()
    CreditFactory(
        person=participant,
        source="catalog",
        catalog_event=event,
        end=event.end,
        begin=event.begin,
    )

    response = login(participant).get(detail_url(event))

    assert response.status_code == 404


def test_detail_ignores_claims_of_others(login, participant, outsider):
    event = CatalogEventFactory()
    CreditFactory(
        person=outsider,
        source="catalog",
        catalog_event=event,
        end=event.end,
        begin=event.begin,
    )

    response = login(participant).get(detail_url(event))

    assert response.status_code == 200


def test_detail_requires_login(client):
    event = CatalogEventFactory()

    response = client.get(detail_url(event))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
