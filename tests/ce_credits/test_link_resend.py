"""The coordinator's button that emails a new link to a verifier without an
account, on the page of a person.
"""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Position
from ce_credits import links
from ce_credits.models import VerifierLink

from ..factories import CreditFactory, UserFactory
from .link_support import (
    CHAIR_EMAIL,
    open_link,
    page_url,
    token_in,
    trustee_with_external_chair,
)

pytestmark = pytest.mark.django_db

BUTTON = "Send a new verification link"


@pytest.fixture
def trustee(library):
    return trustee_with_external_chair(library)


@pytest.fixture
def credit(trustee):
    return CreditFactory(person=trustee)


@pytest.fixture
def resend(login, coordinator, django_capture_on_commit_callbacks):
    """POST the coordinator's resend of `person`, running the mail callbacks."""

    def post(person, user=coordinator):
        client = login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url(person), follow=True)

    return post


def url(person):
    return reverse("ce_credits:verifier_link_resend", args=[person.pk])


def detail_url(person):
    return reverse("person_detail", args=[person.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_button_shown_for_external_verifier(login, coordinator, trustee, credit):
    html = login(coordinator).get(detail_url(trustee)).content.decode()

    assert BUTTON in html
    assert f'action="{url(trustee)}"' in html


def test_button_hidden_without_pending(login, coordinator, trustee):
    html = login(coordinator).get(detail_url(trustee)).content.decode()

    assert BUTTON not in html


def test_button_hidden_for_account_verifier(
    login, coordinator, participant, supervisor
):
    CreditFactory(person=participant)

    html = login(coordinator).get(detail_url(participant)).content.decode()

    assert BUTTON not in html


def test_resend_mails_working_link(client, resend, trustee, credit, mailoutbox):
    old = open_link(trustee)
    old_token = links.link_token(old)

    response = resend(trustee)

    assert response.redirect_chain == [(detail_url(trustee), 302)]
    assert messages_of(response) == [
        "A new verification link was emailed to Bea Chair (bea@lcboard.example). "
        "It replaces any earlier link and works for 30 days."
    ]
    assert [mail.to for mail in mailoutbox] == [[CHAIR_EMAIL]]
    client.logout()
    assert client.get(page_url(token_in(mailoutbox[0].body))).status_code == 200
    assert client.get(page_url(old_token)).status_code == 410


def test_nothing_pending_sends_nothing(resend, trustee, mailoutbox):
    response = resend(trustee)

    assert messages_of(response) == [
        "No link was sent, because no credit of Terry Trustee is pending."
    ]
    assert mailoutbox == []
    assert not VerifierLink.objects.exists()


def test_account_verifier_gets_no_link(resend, participant, supervisor, mailoutbox):
    CreditFactory(person=participant)

    response = resend(participant)

    assert "is not a verifier without an account" in messages_of(response)[0]
    assert mailoutbox == []


def test_own_address_gets_no_link(resend, trustee, credit, mailoutbox):
    Position.objects.filter(person=trustee).update(verifier_email=trustee.email)

    response = resend(trustee)

    assert messages_of(response) == [
        "No link was sent, because the verifier's address on record is Terry "
        "Trustee's own. Reassign the verifier first."
    ]
    assert mailoutbox == []


def test_logged_with_ids(resend, coordinator, trustee, credit, caplog):
    with caplog.at_level(logging.INFO, logger="ce_credits"):
        resend(trustee)

    link = VerifierLink.objects.get(person=trustee)
    assert (
        f"Verifier link {link.pk} sent for user {trustee.pk} by coordinator "
        f"{coordinator.pk}"
    ) in caplog.text


@pytest.mark.parametrize("persona", ["participant", "supervisor", "board_chair"])
def test_others_get_404(login, request, trustee, credit, persona, mailoutbox):
    user = request.getfixturevalue(persona)

    response = login(user).post(url(trustee))

    assert response.status_code == 404
    assert mailoutbox == []


def test_unknown_person_gets_404(login, coordinator):
    response = login(coordinator).post(
        reverse("ce_credits:verifier_link_resend", args=[999999])
    )

    assert response.status_code == 404


def test_anonymous_redirects_to_login(client, trustee, credit):
    response = client.post(url(trustee))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not VerifierLink.objects.exists()


def test_get_not_allowed(login, coordinator, trustee, credit):
    response = login(coordinator).get(url(trustee))

    assert response.status_code == 405
    assert not VerifierLink.objects.exists()


def test_csrf_checked(coordinator, trustee, credit):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)

    rejected = browser.post(url(trustee))
    browser.get(detail_url(trustee))
    accepted = browser.post(
        url(trustee), {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value}
    )

    assert rejected.status_code == 403
    assert accepted.status_code == 302


def test_superuser_resends(resend, trustee, credit, mailoutbox):
    admin = UserFactory(is_superuser=True)

    resend(trustee, user=admin)

    assert [mail.to for mail in mailoutbox] == [[CHAIR_EMAIL]]
