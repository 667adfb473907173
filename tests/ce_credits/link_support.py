"""Helpers for the tests of verifier links.

The trustee's board chair has no account, so the trustee's position names the
chair by name and email, and the chair decides through emailed links.
"""

import re
import secrets
import time
from datetime import timedelta
from unittest.mock import patch

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Position
from ce_credits import links
from ce_credits.models import VerifierLink

from ..factories import PositionFactory, UserFactory

CHAIR_NAME = "Bea Chair"
CHAIR_EMAIL = "bea@lcboard.example"


def trustee_with_external_chair(library):
    person = UserFactory(
        first_name="Terry", last_name="Trustee", email="terry@lclib.example"
    )
    PositionFactory(
        person=person,
        library=library,
        kind=Position.Kind.TRUSTEE,
        title="Trustee",
        verifier_name=CHAIR_NAME,
        verifier_email=CHAIR_EMAIL,
    )
    return person


def open_link(person, **fields):
    """Create an open link for `person` without sending it."""
    now = timezone.now()
    values = {
        "verifier_name": CHAIR_NAME,
        "verifier_email": CHAIR_EMAIL,
        "nonce": secrets.token_hex(16),
        "created_at": now,
        "expires_at": now + links.LINK_MAX_AGE,
        **fields,
    }
    return VerifierLink.objects.create(person=person, **values)


def token_signed_days_ago(link, days):
    """Return a token of `link` whose signature is `days` old.

    `links.link_token` stamps the link's creation time, so this signs directly.
    """
    past = time.time() - days * 24 * 60 * 60
    with patch("django.core.signing.time.time", return_value=past):
        return links._signer().sign(f"{link.pk}:{link.nonce}")


def token_in(body):
    """Return the token of the link page's URL in a mail body."""
    prefix = re.escape(settings.SITE_URL + "/credits/link/")
    match = re.search(prefix + r"([^/\s]+)/", body)
    assert match, body
    return match.group(1)


def page_url(token):
    return reverse("ce_credits:link_page", args=[token])


def verify_url(token, credit):
    return reverse("ce_credits:link_verify", args=[token, credit.pk])


def deny_url(token, credit):
    return reverse("ce_credits:link_deny", args=[token, credit.pk])


def expire_in_database(link):
    """Move the link's expiry into the past, keeping its creation before it."""
    VerifierLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - timedelta(days=31),
        expires_at=timezone.now() - timedelta(days=1),
    )
