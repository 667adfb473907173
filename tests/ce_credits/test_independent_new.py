from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ce_credits.forms import DATETIME_LOCAL_FORMAT
from ce_credits.models import Credit, CreditTransition

from ..factories import CreditFactory

pytestmark = pytest.mark.django_db

URL = reverse("ce_credits:independent_new")
REQUIRED = ["title", "begin", "end", "sponsor", "presenter", "category", "credits"]


def test_form_renders_fields(login, participant):
    response = login(participant).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for label in (
        "Event Title",
        "Begin Date and Time",
        "End Date and Time",
        "Sponsor",
        "Trainer/Presenter Name",
        "CE Category",
        "Credit Value",
        "Description",
    ):
        assert label in html
    assert 'type="datetime-local"' in html
    assert 'step="0.5"' in html
    assert 'min="0.5"' in html
    assert "asteriskField" in html


def test_form_lists_ineligible_events(login, participant):
    response = login(participant).get(URL)

    html = response.content.decode()
    for text in (
        "business meetings",
        "recordings more than a year old",
        "first aid or driving safety",
        "vendor demos",
        "job orientation",
    ):
        assert text in html


def test_saves_pending_credit(login, participant, event_data):
    response = login(participant).post(URL, event_data, follow=True)

    assert response.redirect_chain == [(reverse("certifications:panel"), 302)]
    assert (
        "“Readers&#x27; advisory for teens” was saved. It stays PENDING until "
        "your supervisor verifies it." in response.content.decode()
    )
    credit = Credit.objects.get(person=participant)
    assert credit.source == Credit.Source.INDEPENDENT
    assert credit.status == Credit.Status.PENDING
    assert credit.title == "Readers' advisory for teens"
    assert credit.presenter == "Robin Presenter"
    assert credit.credits == Decimal("2")
    assert CreditTransition.objects.filter(credit=credit, action="claim").exists()


def test_saves_local_time(login, participant, event_data):
    login(participant).post(URL, event_data)

    credit = Credit.objects.get(person=participant)
    assert (
        timezone.localtime(credit.end).strftime(DATETIME_LOCAL_FORMAT)
        == event_data["end"]
    )


def test_description_optional(login, participant, event_data):
    event_data["description"] = ""

    response = login(participant).post(URL, event_data)

    assert response.status_code == 302
    assert Credit.objects.filter(person=participant).exists()


@pytest.mark.parametrize("name", REQUIRED)
def test_missing_field_rejected(login, participant, event_data, name):
    event_data[name] = ""

    response = login(participant).post(URL, event_data)

    assert response.status_code == 200
    assert name in response.context["form"].errors
    assert not Credit.objects.exists()


def test_missing_field_keeps_input(login, participant, event_data):
    event_data["sponsor"] = ""

    response = login(participant).post(URL, event_data)

    html = response.content.decode()
    assert "Readers&#x27; advisory for teens" in html
    assert "Robin Presenter" in html
    assert f'value="{event_data["begin"]}"' in html


def test_quarter_credit_rejected(login, participant, event_data):
    event_data["credits"] = "0.25"

    response = login(participant).post(URL, event_data)

    errors = response.context["form"].errors["credits"]
    assert errors == [
        "Enter a positive multiple of 0.5, such as 0.5, 1 or 1.5 (got 0.25)."
    ]
    assert not Credit.objects.exists()


def test_half_credit_accepted(login, participant, event_data):
    event_data["credits"] = "0.5"

    login(participant).post(URL, event_data)

    assert Credit.objects.get(person=participant).credits == Decimal("0.5")


@pytest.mark.parametrize("value", ["0", "-1", "1.3"])
def test_off_step_credit_rejected(login, participant, event_data, value):
    event_data["credits"] = value

    response = login(participant).post(URL, event_data)

    assert "credits" in response.context["form"].errors
    assert not Credit.objects.exists()


def test_end_before_begin_rejected(login, participant, event_data):
    event_data["begin"], event_data["end"] = event_data["end"], event_data["begin"]

    response = login(participant).post(URL, event_data)

    errors = response.context["form"].errors["end"]
    assert errors == ["The end must come after the begin."]
    assert not Credit.objects.exists()


def test_future_event_rejected(login, participant, event_data):
    begin = timezone.localtime() + timedelta(days=2)
    event_data["begin"] = begin.strftime(DATETIME_LOCAL_FORMAT)
    event_data["end"] = (begin + timedelta(hours=1)).strftime(DATETIME_LOCAL_FORMAT)

    response = login(participant).post(URL, event_data)

    errors = response.context["form"].errors["end"]
    assert errors == ["This event has not ended yet. Claim it once it is over."]
    assert not Credit.objects.exists()


def test_credits_beyond_length_rejected(login, participant, event_data):
    event_data["credits"] = "3"

    response = login(participant).post(URL, event_data)

    assert response.context["form"].errors["credits"] == [
        "The event lasts 2.0 hours, so it earns at most that many credits, not 3. "
        "Check the credit value and the begin and end times."
    ]
    assert not Credit.objects.exists()


def test_presenter_hours_checked_against_length(login, participant, event_data):
    event_data["credits"] = "2"
    event_data["presented"] = "on"

    login(participant).post(URL, event_data)

    assert Credit.objects.get().credits == Decimal(4)


@pytest.mark.parametrize("value", ["41", "1e3", "9999.5", "99999999"])
def test_over_max_credits_rejected(login, participant, event_data, value):
    end = timezone.localtime() - timedelta(days=3)
    event_data["begin"] = (end - timedelta(days=10)).strftime(DATETIME_LOCAL_FORMAT)
    event_data["credits"] = value

    response = login(participant).post(URL, event_data)

    assert response.context["form"].errors["credits"] == [
        "One event earns at most 40 credits. Enter a longer program as several "
        "events, one per part."
    ]
    assert not Credit.objects.exists()


def test_event_older_than_four_years_rejected(login, participant, event_data):
    end = timezone.localtime() - timedelta(days=4 * 365 + 5)
    event_data["end"] = end.strftime(DATETIME_LOCAL_FORMAT)
    event_data["begin"] = (end - timedelta(hours=2)).strftime(DATETIME_LOCAL_FORMAT)

    response = login(participant).post(URL, event_data)

    assert "ended more than four years ago" in response.context["form"].errors["end"][0]
    assert not Credit.objects.exists()


def test_long_description_rejected(login, participant, event_data):
    event_data["description"] = "x" * 4001

    response = login(participant).post(URL, event_data)

    assert "description" in response.context["form"].errors
    assert not Credit.objects.exists()


def test_database_caps_independent_credits(participant):
    credit = CreditFactory(person=participant)

    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.filter(pk=credit.pk).update(credits=Decimal("80.5"))


def test_requires_login(client, event_data):
    response = client.post(URL, event_data)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Credit.objects.exists()
