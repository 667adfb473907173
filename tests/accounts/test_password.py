import re

import pytest
from django.core import mail
from django.urls import reverse

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "quiet-river-lantern-42"


def test_change_form_renders(login, participant):
    response = login(participant).get(reverse("password_change"))

    assert response.status_code == 200
    assert "Change your password" in response.content.decode()


def test_change_sets_password(login, participant):
    response = login(participant).post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )

    participant.refresh_from_db()
    assert participant.check_password(NEW_PASSWORD)
    assert "Your password has been changed." in response.content.decode()


def test_reset_mails_link(client, participant):
    response = client.post(
        reverse("password_reset"), {"email": participant.email}, follow=True
    )

    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your ASPeN Certification password"
    assert message.to == [participant.email]
    assert "/password/reset/" in message.body


def test_reset_link_sets_password(client, participant):
    client.post(reverse("password_reset"), {"email": participant.email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    participant.refresh_from_db()
    assert participant.check_password(NEW_PASSWORD)
    assert "Your new password is set." in response.content.decode()


def test_reset_bad_link_explained(client, participant):
    url = reverse(
        "password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"}
    )

    response = client.get(url)

    assert "This password reset link is invalid" in response.content.decode()
