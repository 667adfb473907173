from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certifications import degree
from certifications.models import Certificate, DegreeRequest, Track

pytestmark = pytest.mark.django_db

Status = DegreeRequest.Status
QUEUE = reverse("certifications:degree_queue")


def make_request(person, status=Status.CONFIRMED):
    return DegreeRequest.objects.create(
        person=person,
        degree=DegreeRequest.Degree.MIS,
        institution="Drexel University",
        conferred_on=timezone.localdate() - timedelta(days=60),
        official_name="Rae Registrar",
        official_email="registrar@drexel.example",
        link_nonce="e" * 32,
        status=status,
        answered_at=None if status == Status.AWAITING_OFFICIAL else timezone.now(),
    )


def url(degree_request):
    return reverse("certifications:degree_issue", args=[degree_request.pk])


def test_coordinator_issues(login, coordinator, supervisor):
    degree_request = make_request(supervisor)

    response = login(coordinator).post(url(degree_request), follow=True)

    certificate = Certificate.objects.get()
    degree_request.refresh_from_db()
    assert response.redirect_chain == [(QUEUE, 302)]
    assert certificate.earned_by == Certificate.Route.DEGREE
    assert degree_request.status == Status.ISSUED
    assert (
        f"Certificate {certificate.number} issued to Dana Director by degree."
        in response.content.decode()
    )


def test_declined_request_not_issued(login, coordinator, supervisor):
    degree_request = make_request(supervisor, status=Status.DECLINED)

    response = login(coordinator).post(url(degree_request), follow=True)

    assert response.redirect_chain == [(QUEUE, 302)]
    assert "Only a request that the college confirmed" in response.content.decode()
    assert not Certificate.objects.exists()
    assert not Track.objects.exists()


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_non_coordinator_gets_404(login, request, board_chair, persona):
    degree_request = make_request(board_chair)
    user = request.getfixturevalue(persona)

    response = login(user).post(url(degree_request))

    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_get_not_allowed(login, coordinator, supervisor):
    degree_request = make_request(supervisor)

    response = login(coordinator).get(url(degree_request))

    assert response.status_code == 405
    assert not Certificate.objects.exists()


def test_unknown_request_gets_404(login, coordinator):
    response = login(coordinator).post(
        reverse("certifications:degree_issue", args=[999999])
    )

    assert response.status_code == 404


def test_confirm_then_issue(client, login, coordinator, supervisor):
    degree_request = make_request(supervisor, status=Status.AWAITING_OFFICIAL)
    token = degree.link_token(degree_request)
    client.post(reverse("certifications:degree_confirm", args=[token]))

    login(coordinator).post(url(degree_request))

    certificate = Certificate.objects.get()
    assert certificate.person == supervisor
    assert certificate.earned_by == Certificate.Route.DEGREE
    assert Track.objects.filter(person=supervisor).open().get().track_type.name == (
        "Library Director, renewal"
    )
