from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits.models import Credit

from ..factories import CreditFactory, UserFactory
from .correction_support import ISSUED, SUBMITTED, count_on_track, verified_credit

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("ce_credits:person_credits", args=[person.pk])


def correct_href(credit):
    return f'href="{reverse("ce_credits:credit_correct", args=[credit.pk])}"'


def remove_href(credit):
    return f'href="{reverse("ce_credits:credit_remove", args=[credit.pk])}"'


def test_lists_every_status(login, coordinator, participant, supervisor):
    CreditFactory(person=participant, title="Pending webinar")
    verified_credit(participant, supervisor, title="Verified workshop")
    verified_credit(
        participant,
        supervisor,
        title="Denied demo",
        status=Credit.Status.DENIED,
        denial_reason="A vendor demo does not count.",
    )

    response = login(coordinator).get(url(participant))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Credits of Pat Reader" in content
    for text in (
        "Pending webinar",
        "Verified workshop",
        "Denied demo",
        "PENDING",
        "VERIFIED",
        "DENIED",
        "Reason: A vendor demo does not count.",
        "Independent learning event",
    ):
        assert text in content


def test_newest_first(login, coordinator, participant):
    now = timezone.now()
    CreditFactory(person=participant, title="Older event", end=now - timedelta(days=40))
    CreditFactory(person=participant, title="Newer event", end=now - timedelta(days=4))

    content = login(coordinator).get(url(participant)).content.decode()

    assert content.index("Newer event") < content.index("Older event")


def test_only_that_persons_credits(login, coordinator, participant, outsider):
    CreditFactory(person=outsider, title="Someone else's webinar")

    content = login(coordinator).get(url(participant)).content.decode()

    assert "Someone else's webinar" not in content
    assert "No credit is on record for Pat Reader." in content


def test_shows_counting_tracks(login, coordinator, participant, supervisor):
    credit = verified_credit(participant, supervisor)
    count_on_track(credit, SUBMITTED, name="Staff")
    count_on_track(credit, ISSUED, name="Trustee")

    content = login(coordinator).get(url(participant)).content.decode()

    assert "Staff track, submitted" in content
    assert "Trustee track, issued" in content


def test_links_correct_and_remove(login, coordinator, participant, supervisor):
    free = verified_credit(participant, supervisor, title="Free")
    counted = verified_credit(participant, supervisor, title="Counted")
    count_on_track(counted, SUBMITTED)

    content = login(coordinator).get(url(participant)).content.decode()

    assert correct_href(free) in content
    assert remove_href(free) in content
    assert correct_href(counted) in content
    assert remove_href(counted) not in content


def test_own_credits_not_removable(login, coordinator, supervisor):
    credit = verified_credit(coordinator, supervisor)

    content = login(coordinator).get(url(coordinator)).content.decode()

    assert "Ask another CE coordinator" in content
    assert remove_href(credit) not in content


def test_paginated(login, coordinator, participant):
    for number in range(51):
        CreditFactory(person=participant, title=f"Webinar number {number}")

    client = login(coordinator)
    first = client.get(url(participant)).content.decode()
    second = client.get(url(participant), {"page": 2}).content.decode()

    assert "Page 1 of 2" in first
    assert "Showing 1 to 50 of 51 credits" in first
    assert "Showing 51 to 51 of 51 credits" in second


def test_person_page_links_here(login, coordinator, participant):
    content = login(coordinator).get(reverse("person_detail", args=[participant.pk]))

    assert f'href="{url(participant)}"' in content.content.decode()


def test_superuser_without_group_allowed(login, participant):
    admin = UserFactory(is_superuser=True)

    assert login(admin).get(url(participant)).status_code == 200


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(login, request, participant, persona):
    user = request.getfixturevalue(persona)

    assert login(user).get(url(participant)).status_code == 404


def test_unknown_person_gets_404(login, coordinator):
    response = login(coordinator).get(
        reverse("ce_credits:person_credits", args=[999999])
    )

    assert response.status_code == 404


def test_anonymous_redirects_to_login(client, participant):
    response = client.get(url(participant))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_not_allowed(login, coordinator, participant):
    assert login(coordinator).post(url(participant)).status_code == 405


def test_queries_constant(
    login, coordinator, participant, supervisor, django_assert_max_num_queries
):
    verified_credit(participant, supervisor)
    client = login(coordinator)
    with django_assert_max_num_queries(20) as baseline:
        client.get(url(participant))

    for number in range(5):
        credit = verified_credit(
            participant,
            supervisor,
            title=f"Counted webinar {number}",
            status=Credit.Status.DENIED,
            denial_reason="Not library training.",
        )
        count_on_track(credit, ISSUED, name="Trustee")
        CreditFactory(person=participant)

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(url(participant))
    assert response.content.decode().count("Trustee track, issued") == 5
