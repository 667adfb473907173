"""Requesting a new verifier link from the page of an expired or replaced one."""

import logging

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import verifiers
from accounts.models import Position
from ce_credits import links
from ce_credits.models import Credit, VerifierLink

from ..factories import CreditFactory
from .link_support import (
    CHAIR_EMAIL,
    expire_in_database,
    open_link,
    page_url,
    token_in,
    token_signed_days_ago,
    trustee_with_external_chair,
)

pytestmark = pytest.mark.django_db

BUTTON = "Email me a new link"


@pytest.fixture
def trustee(library):
    person = trustee_with_external_chair(library)
    CreditFactory(person=person, title="Trustee orientation")
    return person


@pytest.fixture
def link(trustee):
    return open_link(trustee)


@pytest.fixture
def expired_token(link):
    """The token of the trustee's link, after the link expired."""
    token = links.link_token(link)
    expire_in_database(link)
    return token


@pytest.fixture
def renew(client, django_capture_on_commit_callbacks):
    """POST to the renewal URL of a token, running the mail callbacks."""

    def post(token, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(renew_url(token), data or {}, **extra)

    return post


def decide_all(person, link):
    """Mark every credit of `person` verified through `link`, without the services."""
    person.credits.update(
        status=Credit.Status.VERIFIED, decided_at=timezone.now(), decided_via_link=link
    )


def renew_url(token):
    return reverse("ce_credits:link_renew", args=[token])


def test_expired_page_offers_new_link(client, expired_token):
    response = client.get(page_url(expired_token))

    html = response.content.decode()
    assert response.status_code == 410
    assert BUTTON in html
    assert f'action="{renew_url(expired_token)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_old_signature_page_offers_new_link(client, link):
    response = client.get(page_url(token_signed_days_ago(link, 31)))

    assert response.status_code == 410
    assert BUTTON in response.content.decode()


def test_replaced_page_offers_new_link(client, trustee, link):
    token = links.link_token(link)
    links.verifier_link_send(person=trustee, fresh=True)

    response = client.get(page_url(token))

    assert response.status_code == 410
    assert BUTTON in response.content.decode()


def test_used_up_page_offers_nothing(client, trustee, link):
    token = links.link_token(link)
    links.link_credit_verify(link=link, credit=trustee.credits.get())

    response = client.get(page_url(token))

    assert response.status_code == 410
    assert BUTTON not in response.content.decode()


def test_expired_without_pending_offers_nothing(client, trustee, link, expired_token):
    decide_all(trustee, link)

    response = client.get(page_url(expired_token))

    assert response.status_code == 410
    assert BUTTON not in response.content.decode()


def test_reassigned_page_offers_nothing(client, trustee, link):
    token = links.link_token(link)
    links.verifier_links_close(person=trustee)

    response = client.get(page_url(token))

    assert BUTTON not in response.content.decode()


def test_expired_link_renewed(client, renew, trustee, link, expired_token, mailoutbox):
    response = renew(expired_token)

    html = response.content.decode()
    assert response.status_code == 200
    assert "A new link is on its way" in html
    assert "b…@lcboard.example" in html
    assert CHAIR_EMAIL not in html
    assert [mail.to for mail in mailoutbox] == [[CHAIR_EMAIL]]
    new_token = token_in(mailoutbox[0].body)
    assert client.get(page_url(new_token)).status_code == 200
    assert client.get(page_url(expired_token)).status_code == 410
    assert VerifierLink.objects.filter(person=trustee).count() == 2


def test_replaced_link_renewed(renew, trustee, link, mailoutbox):
    token = links.link_token(link)
    newer = links.verifier_link_send(person=trustee, fresh=True)

    response = renew(token)

    assert response.status_code == 200
    assert [mail.to for mail in mailoutbox] == [[CHAIR_EMAIL]]
    newest = links.verifier_link_from_token(token_in(mailoutbox[0].body))
    assert newest.pk > newer.pk


def test_address_in_request_ignored(renew, expired_token, mailoutbox):
    renew(
        expired_token,
        {"email": "mallory@evil.example", "verifier_email": "mallory@evil.example"},
    )

    assert [mail.to for mail in mailoutbox] == [[CHAIR_EMAIL]]


def test_nothing_pending_sends_nothing(renew, trustee, link, expired_token, mailoutbox):
    decide_all(trustee, link)

    response = renew(expired_token)

    assert response.status_code == 410
    assert "no credit of this link is waiting" in response.content.decode()
    assert mailoutbox == []
    assert VerifierLink.objects.filter(person=trustee).count() == 1


def test_verifier_with_account_gets_no_link(
    renew, trustee, board_chair, coordinator, expired_token, mailoutbox
):
    verifiers.verifier_reassign(
        person=trustee, actor=coordinator, supervisor=board_chair
    )
    mailoutbox.clear()

    response = renew(expired_token)

    assert response.status_code == 410
    assert "another verifier now confirms these credits" in (response.content.decode())
    assert mailoutbox == []
    assert not VerifierLink.objects.filter(person=trustee, closed_at=None).exists()


def test_other_external_verifier_gets_no_link(
    renew, trustee, expired_token, mailoutbox
):
    Position.objects.filter(person=trustee).update(
        verifier_name="Nell Newchair", verifier_email="nell@lcboard.example"
    )

    response = renew(expired_token)

    assert response.status_code == 410
    assert mailoutbox == []


def test_working_link_goes_to_its_page(renew, link, mailoutbox):
    token = links.link_token(link)

    response = renew(token)

    assert response.status_code == 302
    assert response.url == page_url(token)
    assert mailoutbox == []


def test_tampered_token_gets_404(renew, expired_token, mailoutbox):
    tampered = expired_token[:-1] + ("A" if expired_token[-1] != "A" else "B")

    response = renew(tampered)

    assert response.status_code == 404
    assert "This link is not valid." in response.content.decode()
    assert mailoutbox == []


def test_get_not_allowed(client, expired_token):
    assert client.get(renew_url(expired_token)).status_code == 405


def test_csrf_checked(trustee, expired_token):
    browser = Client(enforce_csrf_checks=True)

    browser.get(page_url(expired_token))
    cookie = browser.cookies["csrftoken"].value
    rejected = Client(enforce_csrf_checks=True).post(renew_url(expired_token))
    accepted = browser.post(renew_url(expired_token), {"csrfmiddlewaretoken": cookie})

    assert rejected.status_code == 403
    assert accepted.status_code == 200


def test_logged_with_ids_only(renew, trustee, link, expired_token, caplog, mailoutbox):
    with caplog.at_level(logging.INFO, logger="ce_credits"):
        renew(expired_token)

    newest = VerifierLink.objects.filter(person=trustee).latest("pk")
    assert f"Verifier link {link.pk} renewed as link {newest.pk} for user " in (
        caplog.text
    )
    assert expired_token not in caplog.text
    assert token_in(mailoutbox[0].body) not in caplog.text


@override_settings(LINK_RENEW_RATE_LIMIT="2/h")
def test_rate_limited_per_client(renew, expired_token, mailoutbox):
    tampered = expired_token[:-1] + ("A" if expired_token[-1] != "A" else "B")
    statuses = [renew(tampered).status_code for _ in range(2)]

    response = renew(expired_token)

    assert statuses == [404, 404]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert mailoutbox == []


@override_settings(LINK_RENEW_RATE_LIMIT="2/h")
def test_rate_limited_per_person(renew, trustee, mailoutbox):
    responses = []
    for number in range(3):
        links.verifier_links_close(person=trustee)
        old = open_link(trustee)
        token = links.link_token(old)
        expire_in_database(old)
        responses.append(renew(token, REMOTE_ADDR=f"192.0.2.{number + 1}"))

    assert [response.status_code for response in responses] == [200, 200, 429]
    assert int(responses[2]["Retry-After"]) > 0
    assert "Too many requests for a new link" in responses[2].content.decode()
    assert len(mailoutbox) == 2
