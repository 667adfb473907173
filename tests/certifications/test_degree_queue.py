from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certifications.models import DegreeRequest

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("certifications:degree_queue")
Status = DegreeRequest.Status


def make_request(person, status, institution="University of Iowa"):
    return DegreeRequest.objects.create(
        person=person,
        degree=DegreeRequest.Degree.MLS,
        institution=institution,
        conferred_on=timezone.localdate() - timedelta(days=60),
        official_name="Rae Registrar",
        official_email="registrar@uiowa.example",
        link_nonce="d" * 32,
        status=status,
        answered_at=None if status == Status.AWAITING_OFFICIAL else timezone.now(),
    )


def queries_for(client):
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_lists_awaiting_and_confirmed(login, coordinator, participant, outsider):
    make_request(participant, Status.CONFIRMED, "Confirmed University")
    make_request(outsider, Status.AWAITING_OFFICIAL, "Awaiting College")

    response = login(coordinator).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirmed University" in html
    assert "Awaiting College" in html
    assert html.count(">Issue certificate<") == 1
    assert [r.person for r in response.context["confirmed"]] == [participant]
    assert [r.person for r in response.context["awaiting"]] == [outsider]


def test_confirmed_row_shows_official_email(login, coordinator, participant):
    make_request(participant, Status.CONFIRMED)

    response = login(coordinator).get(URL)

    html = response.content.decode()
    assert '<div class="small">registrar@uiowa.example</div>' in html


def test_hides_declined_and_issued(login, coordinator, participant, outsider):
    make_request(participant, Status.DECLINED, "Declined University")

    response = login(coordinator).get(URL)

    html = response.content.decode()
    assert "Declined University" not in html
    assert "No confirmed request is waiting" in html
    assert "No request is waiting for the college" in html


def test_issue_button_posts_to_issue(login, coordinator, participant):
    degree_request = make_request(participant, Status.CONFIRMED)

    html = login(coordinator).get(URL).content.decode()

    action = reverse("certifications:degree_issue", args=[degree_request.pk])
    assert f'action="{action}"' in html


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_non_coordinator_gets_404(login, request, persona):
    user = request.getfixturevalue(persona)

    response = login(user).get(URL)

    assert response.status_code == 404


def test_superuser_sees_queue(login):
    response = login(UserFactory(is_superuser=True)).get(URL)

    assert response.status_code == 200


def test_anonymous_redirects_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_query_count_is_constant(login, coordinator):
    client = login(coordinator)
    make_request(UserFactory(), Status.CONFIRMED)
    make_request(UserFactory(), Status.AWAITING_OFFICIAL)
    few = queries_for(client)

    for _ in range(4):
        make_request(UserFactory(), Status.CONFIRMED)
        make_request(UserFactory(), Status.AWAITING_OFFICIAL)
    many = queries_for(client)

    assert many == few
