import time
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.core.signing import TimestampSigner
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certifications import degree
from certifications.models import DegreeRequest

pytestmark = pytest.mark.django_db

Status = DegreeRequest.Status


def make_request(person, **fields):
    return DegreeRequest.objects.create(
        person=person,
        degree=DegreeRequest.Degree.MLIS,
        institution="San José State University",
        conferred_on=timezone.localdate() - timedelta(days=300),
        official_name="Rae Registrar",
        official_email="registrar@sjsu.example",
        link_nonce="a" * 32,
        **fields,
    )


@pytest.fixture
def degree_request(participant):
    return make_request(participant)


def url(token):
    return reverse("certifications:degree_confirm", args=[token])


def token_signed_days_ago(degree_request, days):
    past = time.time() - days * 24 * 60 * 60
    with patch("django.core.signing.time.time", return_value=past):
        return degree.link_token(degree_request)


def test_page_shows_degree(client, degree_request):
    response = client.get(url(degree.link_token(degree_request)))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Pat Reader" in html
    assert "Master of Library and Information Science (MLIS)" in html
    assert "San José State University" in html
    assert degree_request.conferred_on.strftime("%B") in html
    assert ">Confirm</button>" in html
    assert ">Decline</button>" in html


def test_get_changes_nothing(client, degree_request):
    client.get(url(degree.link_token(degree_request)))

    degree_request.refresh_from_db()
    assert degree_request.status == Status.AWAITING_OFFICIAL


def test_post_confirms(client, degree_request):
    response = client.post(url(degree.link_token(degree_request)))

    degree_request.refresh_from_db()
    assert response.status_code == 200
    assert "You confirmed" in response.content.decode()
    assert degree_request.status == Status.CONFIRMED
    assert degree_request.answered_at is not None


def test_requester_cannot_confirm(login, participant, degree_request):
    client = login(participant)

    response = client.post(url(degree.link_token(degree_request)))

    degree_request.refresh_from_db()
    assert response.status_code == 403
    assert "Only the college official can answer" in response.content.decode()
    assert degree_request.status == Status.AWAITING_OFFICIAL


def test_requester_cannot_decline(login, participant, degree_request):
    client = login(participant)
    token = degree.link_token(degree_request)

    response = client.post(
        reverse("certifications:degree_decline", args=[token]), {"note": ""}
    )

    degree_request.refresh_from_db()
    assert response.status_code == 403
    assert degree_request.status == Status.AWAITING_OFFICIAL


def test_other_account_may_confirm(login, supervisor, degree_request):
    response = login(supervisor).post(url(degree.link_token(degree_request)))

    degree_request.refresh_from_db()
    assert response.status_code == 200
    assert degree_request.status == Status.CONFIRMED


def test_confirm_mails_coordinators(
    client, degree_request, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(degree.link_token(degree_request)))

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [coordinator.email]
    assert reverse("certifications:degree_queue") in mailoutbox[0].body


def test_csrf_cookie_set_and_checked(degree_request):
    browser = Client(enforce_csrf_checks=True)
    link = url(degree.link_token(degree_request))

    browser.get(link)
    cookie = browser.cookies["csrftoken"].value
    rejected = Client(enforce_csrf_checks=True).post(link)
    accepted = browser.post(link, {"csrfmiddlewaretoken": cookie})

    assert rejected.status_code == 403
    assert accepted.status_code == 200
    degree_request.refresh_from_db()
    assert degree_request.status == Status.CONFIRMED


def test_tampered_token_gets_404(client, degree_request):
    token = degree.link_token(degree_request)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(url(tampered))

    assert response.status_code == 404
    assert "This link is not valid." in response.content.decode()


def test_token_for_other_pk_gets_404(client, degree_request):
    _, _, rest = degree.link_token(degree_request).partition(":")
    forged = f"{degree_request.pk + 1}:{rest}"

    response = client.get(url(forged))

    assert response.status_code == 404


def test_garbage_token_gets_404(client, degree_request):
    response = client.get(url("not-a-token"))

    assert response.status_code == 404


def test_token_of_other_salt_gets_404(client, degree_request):
    token = TimestampSigner(salt="other").sign(
        f"{degree_request.pk}:{degree_request.link_nonce}"
    )

    response = client.get(url(token))

    assert response.status_code == 404


def test_expired_token_gets_410(client, degree_request):
    token = token_signed_days_ago(degree_request, 31)

    response = client.get(url(token))

    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()


def test_expired_token_cannot_confirm(client, degree_request):
    token = token_signed_days_ago(degree_request, 31)

    response = client.post(url(token))

    degree_request.refresh_from_db()
    assert response.status_code == 410
    assert degree_request.status == Status.AWAITING_OFFICIAL


def test_token_of_29_days_works(client, degree_request):
    token = token_signed_days_ago(degree_request, 29)

    response = client.get(url(token))

    assert response.status_code == 200


def test_used_token_gets_410(client, degree_request):
    link = url(degree.link_token(degree_request))
    client.post(link)

    again = client.get(link)
    repeat = client.post(link)

    assert again.status_code == 410
    assert "already answered" in again.content.decode()
    assert repeat.status_code == 410


def test_superseded_token_gets_410(client, degree_request, coordinator):
    old_link = url(degree.link_token(degree_request))
    degree.degree_link_resend(degree_request=degree_request, actor=coordinator)
    degree_request.refresh_from_db()

    response = client.get(old_link)
    new_response = client.get(url(degree.link_token(degree_request)))

    assert response.status_code == 410
    assert "replaced by a newer one" in response.content.decode()
    assert new_response.status_code == 200


def test_other_request_keeps_link_working(
    client, degree_request, outsider, django_capture_on_commit_callbacks
):
    link = url(degree.link_token(degree_request))
    with django_capture_on_commit_callbacks(execute=True):
        degree.degree_request_create(
            person=outsider,
            degree=DegreeRequest.Degree.MIS,
            institution="University of Denver",
            conferred_on=timezone.localdate() - timedelta(days=10),
            official_name="Dee Dean",
            official_email="dean@du.example",
        )

    response = client.post(link)

    degree_request.refresh_from_db()
    assert response.status_code == 200
    assert degree_request.status == Status.CONFIRMED


def test_logged_in_user_sees_same_page(login, outsider, degree_request):
    response = login(outsider).get(url(degree.link_token(degree_request)))

    assert response.status_code == 200
