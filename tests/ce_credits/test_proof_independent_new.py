from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits.models import MAX_PROOF_BYTES, Credit, CreditTransition, ProofFile

from ..factories import CreditFactory
from .proof_files import JPEG, PDF, PNG, TEXT, is_stored, upload

pytestmark = pytest.mark.django_db

URL = reverse("ce_credits:independent_new")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def stored_files(tmp_path):
    return [path for path in tmp_path.rglob("*") if path.is_file()]


def test_form_offers_proof_field(login, participant):
    response = login(participant).get(URL)

    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "Proof of attendance" in html
    assert 'type="file" name="proofs"' in html
    assert "multiple" in html
    assert 'accept="application/pdf,image/png,image/jpeg' in html


def test_saves_credit_with_proofs(login, participant, event_data):
    event_data["proofs"] = [
        upload(PDF, "certificate.pdf"),
        upload(PNG, "badge.png"),
        upload(JPEG, "photo.jpg"),
    ]

    response = login(participant).post(URL, event_data)

    assert response.status_code == 302
    credit = Credit.objects.get(person=participant)
    saved = list(credit.proofs.values_list("original_name", "content_type"))
    assert saved == [
        ("certificate.pdf", "application/pdf"),
        ("badge.png", "image/png"),
        ("photo.jpg", "image/jpeg"),
    ]
    assert all(is_stored(proof.file) for proof in credit.proofs.all())


def test_records_claim_then_proofs(login, participant, event_data):
    event_data["proofs"] = [upload(PDF, "certificate.pdf")]

    login(participant).post(URL, event_data)

    transitions = CreditTransition.objects.filter(person=participant)
    assert [(row.action, row.note) for row in transitions] == [
        (CreditTransition.Action.CLAIM, ""),
        (CreditTransition.Action.EDIT, "Proof added: certificate.pdf"),
    ]


def test_proofs_optional(login, participant, event_data):
    response = login(participant).post(URL, event_data)

    assert response.status_code == 302
    credit = Credit.objects.get(person=participant)
    assert not credit.proofs.exists()


def test_text_named_pdf_saves_nothing(login, participant, event_data, tmp_path):
    event_data["proofs"] = [upload(PDF, "good.pdf"), upload(TEXT, "notes.pdf")]

    response = login(participant).post(URL, event_data)

    assert response.status_code == 200
    assert response.context["form"].errors["proofs"] == [
        "“notes.pdf” is not a PDF, PNG or JPEG file. Upload the proof in one of "
        "those formats."
    ]
    # Crispy renders a field's errors right below its input.
    assert (
        '<p id="error_1_id_proofs"><strong>“notes.pdf” is not a PDF'
        in response.content.decode()
    )
    assert not Credit.objects.exists()
    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []


def test_oversized_file_saves_nothing(login, participant, event_data, tmp_path):
    big = PDF + b"\0" * (MAX_PROOF_BYTES + 1 - len(PDF))
    event_data["proofs"] = [upload(big, "scan.pdf")]

    response = login(participant).post(URL, event_data)

    assert response.status_code == 200
    assert response.context["form"].errors["proofs"] == [
        "“scan.pdf” is larger than 10 MB. Scan it at a lower resolution or save "
        "it as a smaller PDF."
    ]
    assert not Credit.objects.exists()
    assert stored_files(tmp_path) == []


def test_each_rejected_file_named(login, participant, event_data):
    event_data["proofs"] = [upload(TEXT, "notes.pdf"), upload(b"", "blank.png")]

    response = login(participant).post(URL, event_data)

    errors = response.context["form"].errors["proofs"]
    assert len(errors) == 2
    assert "“notes.pdf”" in errors[0]
    assert "“blank.png” is empty" in errors[1]


def test_invalid_event_saves_no_proof(login, participant, event_data, tmp_path):
    event_data["credits"] = "0.25"
    event_data["proofs"] = [upload(PDF, "certificate.pdf")]

    response = login(participant).post(URL, event_data)

    assert response.status_code == 200
    assert "credits" in response.context["form"].errors
    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []


def test_service_error_saves_no_proof(login, participant, event_data, tmp_path):
    # A third presented credit on one topic within four years passes the form,
    # and the service rejects it.
    for days_ago in (100, 200):
        CreditFactory(
            person=participant,
            title=event_data["title"],
            end=timezone.now() - timedelta(days=days_ago),
            presented=True,
            contact_hours=Decimal("2"),
            credits=Decimal("4"),
        )
    event_data["presented"] = "on"
    event_data["proofs"] = [upload(PDF, "certificate.pdf")]

    response = login(participant).post(URL, event_data)

    assert response.status_code == 200
    assert "presented" in response.context["form"].errors
    assert Credit.objects.count() == 2
    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []
