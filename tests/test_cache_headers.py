"""Pages with personal records are kept out of browser caches."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from aspen.middleware import NoStoreForUsersMiddleware

pytestmark = pytest.mark.django_db


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_logged_in_page_no_store(login, participant):
    response = login(participant).get(reverse("certifications:panel"))

    assert response.status_code == 200
    assert directives(response) >= {"private", "no-store"}


def test_redirect_to_user_no_store(login, participant):
    response = login(participant).get(reverse("login"))

    assert "no-store" in directives(response)


def test_visitor_page_cacheable(client):
    response = client.get(reverse("certifications:verify_lookup"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_own_cache_control_kept(participant):
    def view(request):
        response = HttpResponse("report")
        response["Cache-Control"] = "private, max-age=60"
        return response

    request = RequestFactory().get("/")
    request.user = participant

    response = NoStoreForUsersMiddleware(view)(request)

    assert directives(response) == {"private", "max-age=60"}
