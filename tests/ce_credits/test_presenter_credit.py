from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits.models import Credit

from ..factories import CreditFactory

pytestmark = pytest.mark.django_db

TOPIC = "Readers' advisory for teens"


def presented_before(person, title, days_ago, **fields):
    end = timezone.now() - timedelta(days=days_ago)
    return CreditFactory(
        person=person,
        title=title,
        end=end,
        presented=True,
        contact_hours=Decimal("2"),
        credits=Decimal("4"),
        **fields,
    )


def post_presented(client, event_data):
    return client.post(
        reverse("ce_credits:independent_new"), {**event_data, "presented": "on"}
    )


def test_presenter_earns_double(login, participant, event_data):
    response = post_presented(login(participant), event_data)

    assert response.status_code == 302
    credit = Credit.objects.get(person=participant)
    assert credit.presented
    assert credit.contact_hours == 2
    assert credit.credits == 4


def test_attendee_earns_contact_hours(login, participant, event_data):
    login(participant).post(reverse("ce_credits:independent_new"), event_data)

    credit = Credit.objects.get(person=participant)
    assert not credit.presented
    assert credit.contact_hours is None
    assert credit.credits == 2


def test_third_presentation_rejected(login, participant, event_data):
    presented_before(participant, "READERS'  advisory for teens", days_ago=400)
    presented_before(participant, TOPIC, days_ago=800)

    response = post_presented(login(participant), event_data)

    assert response.status_code == 200
    errors = response.context["form"].errors["presented"]
    assert "at most twice in a 4-year period" in errors[0]
    assert Credit.objects.filter(person=participant).count() == 2


def test_third_presentation_after_four_years(login, participant, event_data):
    presented_before(participant, TOPIC, days_ago=400)
    presented_before(participant, TOPIC, days_ago=365 * 4 + 30)

    response = post_presented(login(participant), event_data)

    assert response.status_code == 302
    assert Credit.objects.filter(person=participant, presented=True).count() == 3


def test_denied_presentation_not_counted(login, participant, supervisor, event_data):
    presented_before(participant, TOPIC, days_ago=100)
    presented_before(
        participant,
        TOPIC,
        days_ago=200,
        status=Credit.Status.DENIED,
        denial_reason="Not a library topic",
        decided_by=supervisor,
        decided_at=timezone.now(),
    )

    response = post_presented(login(participant), event_data)

    assert response.status_code == 302


def test_other_topic_not_limited(login, participant, event_data):
    presented_before(participant, TOPIC, days_ago=100)
    presented_before(participant, TOPIC, days_ago=200)

    response = post_presented(
        login(participant), {**event_data, "title": "Weeding the collection"}
    )

    assert response.status_code == 302


def test_other_person_not_counted(login, participant, outsider, event_data):
    presented_before(outsider, TOPIC, days_ago=100)
    presented_before(outsider, TOPIC, days_ago=200)

    response = post_presented(login(participant), event_data)

    assert response.status_code == 302


def test_edit_shows_contact_hours(login, participant):
    credit = presented_before(participant, TOPIC, days_ago=10)

    response = login(participant).get(
        reverse("ce_credits:credit_edit", args=[credit.pk])
    )

    assert response.context["form"].initial["credits"] == 2
    assert response.context["form"].initial["presented"] is True


def test_edit_unticks_presented(login, participant, event_data):
    credit = presented_before(participant, TOPIC, days_ago=3)

    login(participant).post(
        reverse("ce_credits:credit_edit", args=[credit.pk]), event_data
    )

    credit.refresh_from_db()
    assert not credit.presented
    assert credit.contact_hours is None
    assert credit.credits == 2


def test_edit_into_third_presentation_rejected(login, participant, event_data):
    presented_before(participant, TOPIC, days_ago=100)
    presented_before(participant, TOPIC, days_ago=200)
    plain = CreditFactory(person=participant, title=TOPIC)

    response = login(participant).post(
        reverse("ce_credits:credit_edit", args=[plain.pk]),
        {**event_data, "presented": "on"},
    )

    assert response.status_code == 200
    plain.refresh_from_db()
    assert not plain.presented
