"""The site's own pages for 400, 403, 404, 405, CSRF failures and 500."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from .factories import CreditFactory

pytestmark = pytest.mark.django_db


def test_404_page_keeps_menu(login, participant, outsider):
    credit = CreditFactory(person=outsider)

    response = login(participant).get(
        reverse("ce_credits:credit_edit", args=[credit.pk])
    )

    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert reverse("certifications:panel") in html
    assert credit.title not in html


def test_404_page_for_visitor(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_405_page_keeps_allow(login, participant):
    response = login(participant).get(reverse("certifications:track_add"))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "<h1>Page cannot be opened</h1>" in response.content.decode()


def test_405_of_logout_get(login, participant):
    client = login(participant)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert "Page cannot be opened" in response.content.decode()
    assert "_auth_user_id" in client.session


def test_csrf_failure_page(participant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    client.cookies["csrftoken"] = "a" * 32

    response = client.post(
        reverse("certifications:track_add"), {"csrfmiddlewaretoken": "b" * 32}
    )

    html = " ".join(response.content.decode().split())
    assert response.status_code == 403
    assert "<h1>Form not accepted</h1>" in html
    assert "security token is missing or out of date" in html
    assert reverse("certifications:panel") in html


def test_csrf_failure_without_cookie(participant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)

    response = client.post(reverse("certifications:track_add"), {})

    assert response.status_code == 403
    html = " ".join(response.content.decode().split())
    assert "did not send this site's cookie" in html


def test_403_page(participant):
    request = RequestFactory().get("/")
    request.user = participant

    response = defaults.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "<h1>Access denied</h1>" in response.content.decode()


def test_500_page_without_request_context():
    request = RequestFactory().get("/")

    response = defaults.server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Server error</h1>" in html
    assert "Nothing you entered was saved." in html


def test_400_page_without_request_context():
    request = RequestFactory().get("/")

    response = defaults.bad_request(request, SuspiciousOperation())

    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Request not accepted</h1>" in html
    assert "nothing was saved" in html
    assert reverse("home") in html
