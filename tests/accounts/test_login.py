import pytest
from django.urls import reverse

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("login")


def test_login_page_asks_for_email(client):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Log in with your email address and password." in html
    assert 'type="email"' in html
    assert 'type="password"' in html
    assert reverse("password_reset") in html


def test_login_with_email(client, participant):
    response = client.post(URL, {"username": "Pat@LClib.example", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_login_wrong_password_rejected(client, participant):
    response = client.post(URL, {"username": participant.email, "password": "nope"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_logout_returns_to_login(login, participant):
    response = login(participant).post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
