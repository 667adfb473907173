from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ce_credits.models import Coursework
from ce_credits.services import coursework_add

from ..factories import CreditFactory, category

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def credit(participant, coordinator):
    """Return the participant's coursework credit with a PDF transcript."""
    return coursework_add(
        participant=participant,
        actor=coordinator,
        title="Reference and User Services",
        institution="Emporia State University",
        term="Spring 2026",
        term_start=date(2026, 1, 20),
        term_end=date(2026, 5, 15),
        unit=Coursework.Unit.SEMESTER,
        college_credits=Decimal("3"),
        category=category("Library Services to the Public"),
        transcript=SimpleUploadedFile("ut-transcript.pdf", PDF),
    )


def url(credit):
    return reverse("ce_credits:transcript_download", args=[credit.pk])


def content_of(response):
    return b"".join(response.streaming_content)


def test_owner_downloads(login, participant, credit):
    response = login(participant).get(url(credit))

    assert response.status_code == 200
    assert content_of(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="ut-transcript.pdf"'
    )
    assert "private" in response["Cache-Control"]


def test_coordinator_downloads(login, coordinator, credit):
    response = login(coordinator).get(url(credit))

    assert response.status_code == 200
    assert content_of(response) == PDF


def test_verifier_downloads(login, supervisor, credit):
    response = login(supervisor).get(url(credit))

    assert response.status_code == 200


def test_outsider_gets_404(login, outsider, credit):
    response = login(outsider).get(url(credit))

    assert response.status_code == 404


def test_anonymous_redirects_to_login(client, credit):
    response = client.get(url(credit))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_credit_without_coursework_gets_404(login, participant):
    credit = CreditFactory(person=participant)

    response = login(participant).get(url(credit))

    assert response.status_code == 404


def test_unknown_credit_gets_404(login, coordinator):
    response = login(coordinator).get(
        reverse("ce_credits:transcript_download", args=[999999])
    )

    assert response.status_code == 404


def test_missing_file_gets_404(login, participant, credit):
    credit.coursework.transcript.delete(save=False)

    response = login(participant).get(url(credit))

    assert response.status_code == 404


def test_post_not_allowed(login, participant, credit):
    response = login(participant).post(url(credit))

    assert response.status_code == 405


def test_file_has_no_public_url(login, participant, credit):
    stored = credit.coursework.transcript.name
    client = login(participant)

    assert client.get(f"/{stored}").status_code == 404
    assert client.get(f"/media/{stored}").status_code == 404
