"""The transitions of degree requests and where the coordinator reads them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certifications import degree
from certifications.models import DegreeRequest, DegreeRequestTransition

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

Status = DegreeRequest.Status
QUEUE = reverse("certifications:degree_queue")


def create(person):
    return degree.degree_request_create(
        person=person,
        degree=DegreeRequest.Degree.MLS,
        institution="University of Iowa",
        conferred_on=timezone.localdate() - timedelta(days=60),
        official_name="Rae Registrar",
        official_email="registrar@uiowa.example",
    )


def confirm_url(degree_request):
    degree_request.refresh_from_db()
    return reverse(
        "certifications:degree_confirm", args=[degree.link_token(degree_request)]
    )


def changes(degree_request):
    """Return the (from, to, actor) triples of the request, oldest first."""
    return [
        (row.from_status, row.to_status, row.actor)
        for row in degree_request.transitions.all()
    ]


def test_creation_recorded(supervisor):
    degree_request = create(supervisor)

    transition = degree_request.transitions.get()
    assert transition.actor == supervisor
    assert transition.from_status == ""
    assert transition.to_status == Status.AWAITING_OFFICIAL
    assert transition.note == (
        "Confirmation link addressed to Rae Registrar <registrar@uiowa.example>."
    )


def test_rejected_creation_leaves_no_row(supervisor):
    create(supervisor)

    with pytest.raises(ValidationError):
        create(supervisor)

    assert DegreeRequestTransition.objects.count() == 1


def test_resend_recorded(login, coordinator, supervisor):
    degree_request = create(supervisor)

    login(coordinator).post(
        reverse("certifications:degree_resend", args=[degree_request.pk])
    )

    transition = degree_request.transitions.last()
    assert transition.actor == coordinator
    assert transition.from_status == Status.AWAITING_OFFICIAL
    assert transition.to_status == Status.AWAITING_OFFICIAL
    assert transition.note.startswith(
        "New confirmation link sent to Rae Registrar <registrar@uiowa.example>."
    )


def test_confirmation_names_official(client, supervisor):
    degree_request = create(supervisor)

    client.post(confirm_url(degree_request))

    transition = degree_request.transitions.last()
    assert transition.actor is None
    assert transition.from_status == Status.AWAITING_OFFICIAL
    assert transition.to_status == Status.CONFIRMED
    assert transition.note == (
        "Confirmed by Rae Registrar <registrar@uiowa.example> through the emailed link."
    )


def test_decline_keeps_official_note(client, supervisor):
    degree_request = create(supervisor)
    token = degree.link_token(degree_request)

    client.post(
        reverse("certifications:degree_decline", args=[token]),
        {"note": "No such graduate."},
    )

    transition = degree_request.transitions.last()
    assert transition.actor is None
    assert transition.to_status == Status.DECLINED
    assert transition.note == (
        "Declined by Rae Registrar <registrar@uiowa.example> through the "
        "emailed link. No such graduate."
    )


def test_whole_route_recorded(client, login, coordinator, supervisor):
    degree_request = create(supervisor)
    coordinator_client = login(coordinator)
    coordinator_client.post(
        reverse("certifications:degree_resend", args=[degree_request.pk])
    )
    client.post(confirm_url(degree_request))

    coordinator_client.post(
        reverse("certifications:degree_issue", args=[degree_request.pk])
    )

    degree_request.refresh_from_db()
    assert changes(degree_request) == [
        ("", Status.AWAITING_OFFICIAL, supervisor),
        (Status.AWAITING_OFFICIAL, Status.AWAITING_OFFICIAL, coordinator),
        (Status.AWAITING_OFFICIAL, Status.CONFIRMED, None),
        (Status.CONFIRMED, Status.ISSUED, coordinator),
    ]
    assert degree_request.transitions.last().note == (
        f"Certificate {degree_request.certificate.number}."
    )


def test_rejected_issue_leaves_no_row(coordinator, supervisor):
    degree_request = create(supervisor)

    with pytest.raises(ValidationError):
        degree.certificate_issue_by_degree(
            degree_request=degree_request, actor=coordinator
        )

    assert degree_request.transitions.count() == 1


def test_queue_shows_history(client, login, coordinator, supervisor, participant):
    confirmed = create(supervisor)
    client.post(confirm_url(confirmed))
    create(participant)

    response = login(coordinator).get(QUEUE)

    html = " ".join(response.content.decode().split())
    assert html.count("<summary>History") == 2
    assert "Dana Director: New to Awaiting the college official." in html
    assert "Pat Reader: New to Awaiting the college official." in html
    assert (
        "the college official: Awaiting the college official to Confirmed by the "
        "college. Confirmed by Rae Registrar &lt;registrar@uiowa.example&gt;"
    ) in html


def test_queue_history_query_count(client, login, coordinator):
    coordinator_client = login(coordinator)

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = coordinator_client.get(QUEUE)
        assert response.status_code == 200
        return len(context.captured_queries)

    client.post(confirm_url(create(UserFactory())))
    create(UserFactory())
    few = queries()

    for _ in range(3):
        client.post(confirm_url(create(UserFactory())))
        degree_request = create(UserFactory())
        coordinator_client.post(
            reverse("certifications:degree_resend", args=[degree_request.pk])
        )
    many = queries()

    assert many == few


def test_admin_shows_history_read_only(login, coordinator, supervisor):
    coordinator.is_staff = True
    coordinator.save(update_fields=["is_staff"])
    degree_request = create(supervisor)
    change_url = reverse(
        "admin:certifications_degreerequest_change", args=[degree_request.pk]
    )

    response = login(coordinator).get(change_url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirmation link addressed to Rae Registrar" in html
    assert 'name="transitions-MAX_NUM_FORMS" value="0"' in html
    assert 'name="transitions-0-note"' not in html
