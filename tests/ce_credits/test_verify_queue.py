from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Position
from ce_credits.models import Credit

from ..factories import CreditFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("ce_credits:verify_queue")


def add_staff_credits(library, count):
    """Add `count` pending credits, each of a new staff member of `library`."""
    for _ in range(count):
        person = UserFactory()
        PositionFactory(person=person, library=library, kind=Position.Kind.STAFF)
        CreditFactory(person=person)


def queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_lists_pending_credit(login, participant, supervisor):
    credit = CreditFactory(
        person=participant,
        title="Weeding the collection",
        sponsor="Montana Library Association",
        presenter="Jo Weeder",
        description="Half-day workshop on CREW.",
    )

    response = login(supervisor).get(URL)

    assert response.status_code == 200
    assert response.context["groups"][0].person == participant
    assert response.context["groups"][0].credits == [credit]
    for text in (
        "Pat Reader",
        "Lewis and Clark Library",
        "Staff",
        "Weeding the collection",
        "Montana Library Association",
        "Jo Weeder",
        "Library Administration",
        "Half-day workshop on CREW.",
        reverse("ce_credits:credit_verify", args=[credit.pk]),
        reverse("ce_credits:credit_deny", args=[credit.pk]),
        reverse("ce_credits:verify_selected"),
        reverse("ce_credits:deny_selected"),
    ):
        assert text in response.content.decode()


def test_groups_by_person_oldest_first(login, library, participant, supervisor):
    colleague = UserFactory(first_name="Sam", last_name="Shelver")
    PositionFactory(person=colleague, library=library, kind=Position.Kind.STAFF)
    now = timezone.now()
    newest = CreditFactory(person=participant, created_at=now)
    oldest = CreditFactory(person=colleague, created_at=now - timedelta(days=9))
    middle = CreditFactory(person=participant, created_at=now - timedelta(days=3))

    groups = login(supervisor).get(URL).context["groups"]

    assert [group.person for group in groups] == [colleague, participant]
    assert groups[0].credits == [oldest]
    assert groups[1].credits == [middle, newest]


def test_hides_decided_credits(login, participant, supervisor):
    CreditFactory(
        person=participant,
        title="Already verified",
        status=Credit.Status.VERIFIED,
        decided_by=supervisor,
        decided_at=timezone.now(),
    )

    response = login(supervisor).get(URL)

    assert response.context["groups"] == []
    assert "Already verified" not in response.content.decode()


def test_hides_other_libraries(login, participant, supervisor, outsider):
    CreditFactory(person=outsider, title="Bitterroot webinar")

    response = login(supervisor).get(URL)

    assert response.context["groups"] == []
    assert "No credits are waiting for your verification." in (
        response.content.decode()
    )


def test_hides_own_credits(login, supervisor):
    CreditFactory(person=supervisor, title="Director's own webinar")

    response = login(supervisor).get(URL)

    assert "Director's own webinar" not in response.content.decode()


def test_board_chair_sees_director_only(login, participant, supervisor, board_chair):
    CreditFactory(person=participant, title="Staff webinar")
    CreditFactory(person=supervisor, title="Director webinar")

    response = login(board_chair).get(URL)

    assert [group.person for group in response.context["groups"]] == [supervisor]
    assert "Staff webinar" not in response.content.decode()


def test_coordinator_sees_all_but_own(login, participant, outsider, coordinator):
    CreditFactory(person=participant)
    CreditFactory(person=outsider)
    CreditFactory(person=coordinator, title="Coordinator's own webinar")

    response = login(coordinator).get(URL)

    people = {group.person for group in response.context["groups"]}
    assert people == {participant, outsider}
    assert "Coordinator's own webinar" not in response.content.decode()


def test_login_required(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_not_allowed(login, supervisor):
    response = login(supervisor).post(URL)

    assert response.status_code == 405


def test_query_count_constant(login, library, supervisor, django_assert_num_queries):
    client = login(supervisor)
    add_staff_credits(library, 3)
    few = queries_for(client)

    add_staff_credits(library, 27)
    with django_assert_num_queries(few):
        response = client.get(URL)

    assert len(response.context["groups"]) == 30
