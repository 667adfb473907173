"""Proofs of attendance downloaded through a verifier's emailed link."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits import links
from ce_credits.models import Credit

from ..factories import CreditFactory
from .link_support import (
    expire_in_database,
    open_link,
    token_signed_days_ago,
    trustee_with_external_chair,
)
from .proof_files import PDF, add_proof

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def trustee(library):
    return trustee_with_external_chair(library)


@pytest.fixture
def credit(trustee):
    return CreditFactory(person=trustee, title="Trustee orientation")


@pytest.fixture
def proof(credit):
    return add_proof(credit, PDF, "attendance.pdf")


@pytest.fixture
def link(trustee):
    return open_link(trustee)


@pytest.fixture
def token(link):
    return links.link_token(link)


def url(token, proof):
    return reverse("ce_credits:link_proof_download", args=[token, proof.pk])


def content_of(response):
    return b"".join(response.streaming_content)


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_verifier_downloads(client, token, proof):
    response = client.get(url(token, proof))

    assert response.status_code == 200
    assert content_of(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="attendance.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert directives(response) == {"private", "no-store"}


def test_other_persons_proof_gets_404(client, token, participant):
    other = add_proof(CreditFactory(person=participant))

    response = client.get(url(token, other))

    assert response.status_code == 404


def test_decided_credit_gets_404(client, trustee, link, token, credit, proof):
    CreditFactory(person=trustee)
    credit.status = Credit.Status.VERIFIED
    credit.decided_at = timezone.now()
    credit.decided_via_link = link
    credit.save(update_fields=["status", "decided_at", "decided_via_link"])

    response = client.get(url(token, proof))

    assert response.status_code == 404


def test_unknown_proof_gets_404(client, token, credit):
    response = client.get(
        reverse("ce_credits:link_proof_download", args=[token, 999999])
    )

    assert response.status_code == 404


def test_expired_link_gets_410(client, link, token, proof):
    expire_in_database(link)

    response = client.get(url(token, proof))

    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()


def test_old_signature_gets_410(client, link, proof):
    response = client.get(url(token_signed_days_ago(link, 31), proof))

    assert response.status_code == 410


def test_replaced_link_gets_410(client, trustee, token, proof):
    links.verifier_link_send(person=trustee, fresh=True)

    response = client.get(url(token, proof))

    assert response.status_code == 410


def test_tampered_token_gets_404(client, token, proof):
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(url(tampered, proof))

    assert response.status_code == 404
    assert "This link is not valid." in response.content.decode()


def test_missing_file_gets_404(client, token, proof):
    proof.file.storage.delete(proof.file.name)

    response = client.get(url(token, proof))

    assert response.status_code == 404


def test_post_not_allowed(client, token, proof):
    assert client.post(url(token, proof)).status_code == 405
