import pytest
from django.test import override_settings
from django.urls import reverse

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("login")
THROTTLED = (
    "Too many failed attempts to log in with this email address, or from your network."
)


@pytest.fixture(autouse=True)
def low_rate():
    with override_settings(LOGIN_RATE_LIMIT="3/h", LOGIN_IP_RATE_LIMIT="5/h"):
        yield


def attempt(client, email, password="wrong-password", ip="10.0.0.1"):
    return client.post(URL, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_right_password_rejected_after_limit(client, participant):
    for _ in range(3):
        assert attempt(client, participant.email).status_code == 200

    response = attempt(client, participant.email, password=PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert THROTTLED in response.content.decode()


def test_retry_after_header(client, participant):
    for _ in range(3):
        attempt(client, participant.email)

    response = attempt(client, participant.email)

    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Try again in" in response.context["form"].non_field_errors()[0]


def test_same_email_throttled_from_other_ip(client, participant):
    for number in range(3):
        attempt(client, participant.email, ip=f"10.0.0.{number + 1}")

    response = attempt(client, participant.email, password=PASSWORD, ip="10.9.9.9")

    assert response.status_code == 429


def test_same_ip_throttled_at_higher_count(client, participant):
    for number in range(4):
        attempt(client, f"guess{number}@lclib.example")
    colleague = attempt(client, participant.email, password=PASSWORD)
    client.post(reverse("logout"))
    attempt(client, "guess9@lclib.example")

    response = attempt(client, participant.email, password=PASSWORD)

    assert colleague.status_code == 302
    assert response.status_code == 429


def test_other_client_unaffected(client, participant):
    other = UserFactory(email="other@lclib.example")
    for _ in range(3):
        attempt(client, participant.email)

    response = attempt(client, other.email, password=PASSWORD, ip="10.9.9.9")

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_success_not_counted(client, participant):
    for _ in range(4):
        response = attempt(client, participant.email, password=PASSWORD)
        assert response.status_code == 302
        client.post(reverse("logout"))

    assert attempt(client, participant.email).status_code == 200


def test_email_counted_without_case(client, participant):
    emails = ["PAT@lclib.example", "pat@LCLIB.example", " pat@lclib.example"]
    for number, email in enumerate(emails):
        attempt(client, email, ip=f"10.0.1.{number + 1}")

    response = attempt(client, participant.email, password=PASSWORD, ip="10.9.9.9")

    assert response.status_code == 429


def test_throttled_attempt_logged(client, participant, caplog):
    for _ in range(3):
        attempt(client, participant.email)

    messages = [record.getMessage() for record in caplog.records]
    assert any(message.startswith("Login throttled") for message in messages)
    assert not any(PASSWORD in message for message in messages)


def test_wrong_password_message(client, participant):
    response = attempt(client, participant.email)

    assert response.context["form"].non_field_errors() == [
        "The email address or the password is wrong. Check them, or reset your "
        "password with the link below."
    ]
