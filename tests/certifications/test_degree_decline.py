from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certifications import degree
from certifications.models import DegreeRequest

pytestmark = pytest.mark.django_db

Status = DegreeRequest.Status


@pytest.fixture
def degree_request(participant):
    return DegreeRequest.objects.create(
        person=participant,
        degree=DegreeRequest.Degree.MLS,
        institution="University of Arizona",
        conferred_on=timezone.localdate() - timedelta(days=300),
        official_name="Rae Registrar",
        official_email="registrar@arizona.example",
        link_nonce="b" * 32,
    )


def url(degree_request):
    return reverse(
        "certifications:degree_decline", args=[degree.link_token(degree_request)]
    )


def test_post_declines_with_note(client, degree_request):
    response = client.post(url(degree_request), {"note": "  Conferred in 2019.  "})

    degree_request.refresh_from_db()
    assert response.status_code == 200
    assert "You declined" in response.content.decode()
    assert degree_request.status == Status.DECLINED
    assert degree_request.official_note == "Conferred in 2019."
    assert degree_request.answered_at is not None


def test_post_declines_without_note(client, degree_request):
    client.post(url(degree_request))

    degree_request.refresh_from_db()
    assert degree_request.status == Status.DECLINED
    assert degree_request.official_note == ""


def test_decline_mails_person(
    client, degree_request, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(degree_request), {"note": "No such graduate."})

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["pat@lclib.example"]
    assert "No such graduate." in mailoutbox[0].body


def test_get_redirects_to_confirm_page(client, degree_request):
    token = degree.link_token(degree_request)

    response = client.get(url(degree_request))

    degree_request.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("certifications:degree_confirm", args=[token])
    assert degree_request.status == Status.AWAITING_OFFICIAL


def test_long_note_rejected(client, degree_request):
    response = client.post(url(degree_request), {"note": "x" * 2001})

    degree_request.refresh_from_db()
    assert response.status_code == 200
    assert response.context["decline_form"].errors["note"]
    assert degree_request.status == Status.AWAITING_OFFICIAL


def test_decline_after_confirm_gets_410(client, degree_request):
    link = url(degree_request)
    client.post(
        reverse(
            "certifications:degree_confirm", args=[degree.link_token(degree_request)]
        )
    )

    response = client.post(link)

    degree_request.refresh_from_db()
    assert response.status_code == 410
    assert degree_request.status == Status.CONFIRMED


def test_tampered_token_gets_404(client, degree_request):
    token = degree.link_token(degree_request) + "x"

    response = client.post(reverse("certifications:degree_decline", args=[token]))

    assert response.status_code == 404
