import logging

import pytest
from django.urls import reverse

from ce_credits import proofs

from ..factories import CreditFactory, UserFactory
from .proof_files import JPEG, PDF, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def proof(participant):
    """Return a PDF proof on a pending credit of the participant (staff)."""
    credit = CreditFactory(person=participant)
    return proofs.proof_add(
        credit=credit, actor=participant, upload=upload(PDF, "certificate.pdf")
    )


def url(proof):
    return reverse("ce_credits:proof_download", args=[proof.pk])


def content_of(response):
    return b"".join(response.streaming_content)


def test_owner_downloads(login, participant, proof):
    response = login(participant).get(url(proof))

    assert response.status_code == 200
    assert content_of(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="certificate.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_response_not_cached(login, participant, proof):
    response = login(participant).get(url(proof))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"private", "no-store"}


def test_sends_detected_type(login, participant):
    credit = CreditFactory(person=participant)
    photo = proofs.proof_add(
        credit=credit,
        actor=participant,
        upload=upload(JPEG, "photo.pdf", content_type="application/pdf"),
    )

    response = login(participant).get(url(photo))

    assert response["Content-Type"] == "image/jpeg"
    assert content_of(response) == JPEG


@pytest.mark.parametrize(
    ("name", "disposition"),
    [
        ('say "hi".pdf', r'inline; filename="say \"hi\".pdf"'),
        ("back\\slash.pdf", r'inline; filename="slash.pdf"'),
        (
            "Zoë’s certificate.pdf",
            "inline; filename*=utf-8''Zo%C3%AB%E2%80%99s%20certificate.pdf",
        ),
    ],
)
def test_name_quoted(login, participant, name, disposition):
    credit = CreditFactory(person=participant)
    proof = proofs.proof_add(credit=credit, actor=participant, upload=upload(PDF, name))

    response = login(participant).get(url(proof))

    assert response["Content-Disposition"] == disposition


def test_verifier_downloads(login, supervisor, proof):
    response = login(supervisor).get(url(proof))

    assert response.status_code == 200
    assert content_of(response) == PDF


def test_coordinator_downloads(login, coordinator, proof):
    response = login(coordinator).get(url(proof))

    assert response.status_code == 200
    assert content_of(response) == PDF


def test_superuser_downloads(login, proof):
    admin = UserFactory(is_superuser=True)

    response = login(admin).get(url(proof))

    assert response.status_code == 200


def test_outsider_gets_404(login, outsider, proof):
    response = login(outsider).get(url(proof))

    assert response.status_code == 404


def test_board_chair_gets_404_on_staff(login, board_chair, proof):
    response = login(board_chair).get(url(proof))

    assert response.status_code == 404


def test_board_chair_downloads_director(login, board_chair, supervisor):
    credit = CreditFactory(person=supervisor)
    proof = proofs.proof_add(credit=credit, actor=supervisor, upload=upload())

    response = login(board_chair).get(url(proof))

    assert response.status_code == 200


def test_unknown_proof_gets_404(login, coordinator):
    response = login(coordinator).get(
        reverse("ce_credits:proof_download", args=[999999])
    )

    assert response.status_code == 404


def test_missing_file_gets_404(login, participant, proof, caplog):
    proof.file.storage.delete(proof.file.name)

    with caplog.at_level(logging.ERROR, logger="ce_credits.views.proofs"):
        response = login(participant).get(url(proof))

    assert response.status_code == 404
    assert f"Proof file {proof.pk} of credit {proof.credit_id} is missing" in (
        caplog.text
    )


def test_anonymous_redirects_to_login(client, proof):
    response = client.get(url(proof))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_not_allowed(login, participant, proof):
    response = login(participant).post(url(proof))

    assert response.status_code == 405


def test_file_has_no_public_url(login, participant, proof):
    stored = proof.file.name
    client = login(participant)

    assert client.get(f"/{stored}").status_code == 404
    assert client.get(f"/media/{stored}").status_code == 404
