import pytest
from django.urls import reverse

from certifications.models import DegreeRequest

from .test_degree_queue import make_request

pytestmark = pytest.mark.django_db

Status = DegreeRequest.Status


def resend(client, degree_request, **kwargs):
    url = reverse("certifications:degree_resend", args=[degree_request.pk])
    return client.post(url, **kwargs)


def test_resend_mails_new_link(
    login, coordinator, participant, mailoutbox, django_capture_on_commit_callbacks
):
    degree_request = make_request(participant, Status.AWAITING_OFFICIAL)

    with django_capture_on_commit_callbacks(execute=True):
        response = resend(login(coordinator), degree_request)

    degree_request.refresh_from_db()
    assert response.status_code == 302
    assert degree_request.link_nonce != "d" * 32
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["registrar@uiowa.example"]


def test_resend_after_answer_rejected(login, coordinator, participant, mailoutbox):
    degree_request = make_request(participant, Status.CONFIRMED)

    response = resend(login(coordinator), degree_request, follow=True)

    degree_request.refresh_from_db()
    assert degree_request.link_nonce == "d" * 32
    assert "already answered" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_resend_hidden_from_others(login, participant, persona, request):
    degree_request = make_request(participant, Status.AWAITING_OFFICIAL)

    response = resend(login(request.getfixturevalue(persona)), degree_request)

    assert response.status_code == 404


def test_resend_needs_post(login, coordinator, participant):
    degree_request = make_request(participant, Status.AWAITING_OFFICIAL)

    response = login(coordinator).get(
        reverse("certifications:degree_resend", args=[degree_request.pk])
    )

    assert response.status_code == 405
