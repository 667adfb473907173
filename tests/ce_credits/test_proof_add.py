import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ce_credits import proofs
from ce_credits.models import MAX_PROOF_BYTES, Credit, CreditTransition, ProofFile
from ce_credits.uploads import SIGNATURES
from certifications.models import TrackCredit

from ..factories import CatalogEventFactory, CreditFactory, TrackFactory
from .proof_files import JPEG, PDF, PNG, TEXT, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(credit):
    return reverse("ce_credits:proof_add", args=[credit.pk])


def stored_files(tmp_path):
    return [path for path in tmp_path.rglob("*") if path.is_file()]


def verified(credit, verifier):
    credit.status = Credit.Status.VERIFIED
    credit.decided_by = verifier
    credit.decided_at = timezone.now()
    credit.save()
    return credit


def locked(credit):
    track = TrackFactory(
        person=credit.person, status="submitted", submitted_at=timezone.now()
    )
    TrackCredit.objects.create(track=track, credit=credit, kind=track.kind)
    return credit


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (PDF, "certificate.pdf", "application/pdf"),
        (PNG, "certificate.png", "image/png"),
        (JPEG, "certificate.jpg", "image/jpeg"),
    ],
)
def test_accepts_each_type(participant, content, name, content_type):
    credit = CreditFactory(person=participant)

    proof = proofs.proof_add(
        credit=credit, actor=participant, upload=upload(content, name)
    )

    proof.refresh_from_db()
    assert proof.credit == credit
    assert proof.content_type == content_type
    assert proof.original_name == name
    assert proof.size == len(content)
    assert proof.uploaded_by == participant
    with proof.file.open("rb") as file:
        assert file.read() == content


def test_detected_types_are_model_choices():
    detected = {file_type.content_type for _, file_type in SIGNATURES}

    assert detected == set(ProofFile.ContentType.values)


def test_type_comes_from_content(participant):
    credit = CreditFactory(person=participant)

    proof = proofs.proof_add(
        credit=credit,
        actor=participant,
        upload=upload(PNG, "scan.pdf", content_type="application/pdf"),
    )

    assert proof.content_type == "image/png"
    assert proof.file.name.endswith(".png")
    assert proof.original_name == "scan.pdf"


def test_stored_name_is_random(participant):
    credit = CreditFactory(person=participant)

    proof = proofs.proof_add(
        credit=credit, actor=participant, upload=upload(name="Pat Reader.pdf")
    )

    assert proof.file.name.startswith("proofs/")
    assert "Pat" not in proof.file.name


def test_name_loses_control_characters(participant):
    credit = CreditFactory(person=participant)

    proof = proofs.proof_add(
        credit=credit, actor=participant, upload=upload(name="cert\u202efdp.exe.pdf")
    )

    assert proof.original_name == "certfdp.exe.pdf"


def test_text_named_pdf_rejected(participant, tmp_path):
    credit = CreditFactory(person=participant)

    with pytest.raises(ValidationError) as raised:
        proofs.proof_add(
            credit=credit, actor=participant, upload=upload(TEXT, "notes.pdf")
        )

    assert raised.value.code == "file_type"
    assert "“notes.pdf” is not a PDF, PNG or JPEG file" in raised.value.messages[0]
    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []


def test_oversized_file_rejected(participant, tmp_path):
    credit = CreditFactory(person=participant)
    big = upload(PDF + b"\0" * (MAX_PROOF_BYTES + 1 - len(PDF)), "big.pdf")

    with pytest.raises(ValidationError) as raised:
        proofs.proof_add(credit=credit, actor=participant, upload=big)

    assert raised.value.code == "too_large"
    assert raised.value.messages == [
        "“big.pdf” is larger than 10 MB. Scan it at a lower resolution or save "
        "it as a smaller PDF."
    ]
    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []


def test_file_of_limit_size_accepted(participant):
    credit = CreditFactory(person=participant)
    largest = upload(PDF + b"\0" * (MAX_PROOF_BYTES - len(PDF)), "largest.pdf")

    proof = proofs.proof_add(credit=credit, actor=participant, upload=largest)

    assert proof.size == MAX_PROOF_BYTES


def test_empty_file_rejected(participant):
    credit = CreditFactory(person=participant)

    with pytest.raises(ValidationError) as raised:
        proofs.proof_add(credit=credit, actor=participant, upload=upload(b""))

    assert raised.value.code == "empty"
    assert not ProofFile.objects.exists()


def test_records_transition(participant):
    credit = CreditFactory(person=participant)

    proofs.proof_add(credit=credit, actor=participant, upload=upload())

    transition = CreditTransition.objects.get(credit=credit)
    assert transition.action == CreditTransition.Action.EDIT
    assert transition.actor == participant
    assert transition.person == participant
    assert transition.from_status == Credit.Status.PENDING
    assert transition.to_status == Credit.Status.PENDING
    assert transition.note == "Proof added: certificate.pdf"


def test_owner_cannot_add_to_verified(participant, supervisor, tmp_path):
    credit = verified(CreditFactory(person=participant), supervisor)

    with pytest.raises(ValidationError) as raised:
        proofs.proof_add(credit=credit, actor=participant, upload=upload())

    assert raised.value.code == "decided"
    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []


def test_owner_cannot_add_to_locked(participant, tmp_path):
    credit = locked(CreditFactory(person=participant))

    with pytest.raises(ValidationError) as raised:
        proofs.proof_add(credit=credit, actor=participant, upload=upload())

    assert raised.value.code == "locked"
    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []


def test_coordinator_adds_to_any_credit(participant, supervisor, coordinator):
    credit = locked(verified(CreditFactory(person=participant), supervisor))

    proof = proofs.proof_add(credit=credit, actor=coordinator, upload=upload())

    assert proof.uploaded_by == coordinator
    transition = CreditTransition.objects.get(credit=credit)
    assert transition.actor == coordinator
    assert transition.person == participant


def test_verifier_cannot_add(participant, supervisor):
    credit = CreditFactory(person=participant)

    with pytest.raises(PermissionDenied):
        proofs.proof_add(credit=credit, actor=supervisor, upload=upload())

    assert not ProofFile.objects.exists()


def test_several_all_or_none(participant, tmp_path):
    credit = CreditFactory(person=participant)
    uploads = [upload(PDF, "first.pdf"), upload(TEXT, "second.png")]

    with pytest.raises(ValidationError) as raised:
        proofs.proofs_add(credit=credit, actor=participant, uploads=uploads)

    assert len(raised.value.messages) == 1
    assert "“second.png”" in raised.value.messages[0]
    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []


def test_failed_save_removes_stored_file(participant, tmp_path, monkeypatch):
    credit = CreditFactory(person=participant)

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(proofs.services, "_record", fail)
    with pytest.raises(RuntimeError):
        proofs.proof_add(credit=credit, actor=participant, upload=upload())

    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []


def test_failed_second_removes_first_file(participant, tmp_path, monkeypatch):
    credit = CreditFactory(person=participant)
    record = proofs.services._record
    calls = []

    def fail_second(*args, **kwargs):
        calls.append(kwargs["note"])
        if len(calls) == 2:
            raise RuntimeError("database went away")
        record(*args, **kwargs)

    monkeypatch.setattr(proofs.services, "_record", fail_second)
    uploads = [upload(PDF, "first.pdf"), upload(PNG, "second.png")]
    with pytest.raises(RuntimeError):
        proofs.proofs_add(credit=credit, actor=participant, uploads=uploads)

    assert calls == ["Proof added: first.pdf", "Proof added: second.png"]
    assert not ProofFile.objects.exists()
    assert not CreditTransition.objects.exists()
    assert stored_files(tmp_path) == []


def test_view_adds_several(login, participant):
    credit = CreditFactory(person=participant, title="Storytime skills")
    files = [upload(PDF, "certificate.pdf"), upload(JPEG, "photo.jpg")]

    response = login(participant).post(url(credit), {"proofs": files}, follow=True)

    assert response.redirect_chain == [(reverse("certifications:panel"), 302)]
    names = list(credit.proofs.values_list("original_name", flat=True))
    assert names == ["certificate.pdf", "photo.jpg"]
    assert (
        "Added “certificate.pdf”, “photo.jpg” to “Storytime skills”."
        in response.content.decode()
    )


def test_view_adds_to_catalogue_claim(login, participant):
    event = CatalogEventFactory()
    credit = CreditFactory(
        person=participant, source=Credit.Source.CATALOG, catalog_event=event
    )

    login(participant).post(url(credit), {"proofs": [upload()]})

    assert credit.proofs.count() == 1


def test_view_rejects_text_named_pdf(login, participant, tmp_path):
    credit = CreditFactory(person=participant, title="Storytime skills")

    response = login(participant).post(
        url(credit), {"proofs": [upload(TEXT, "notes.pdf")]}, follow=True
    )

    html = response.content.decode()
    assert "No proof was added to “Storytime skills”." in html
    assert "“notes.pdf” is not a PDF, PNG or JPEG file." in html
    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []


def test_view_requires_a_file(login, participant):
    credit = CreditFactory(person=participant)

    response = login(participant).post(url(credit), {}, follow=True)

    assert "No proof was added" in response.content.decode()
    assert not ProofFile.objects.exists()


def test_view_refuses_verified_credit(login, participant, supervisor, tmp_path):
    credit = verified(CreditFactory(person=participant), supervisor)

    response = login(participant).post(url(credit), {"proofs": [upload()]}, follow=True)

    assert "can no longer be changed" in response.content.decode()
    assert not ProofFile.objects.exists()
    assert stored_files(tmp_path) == []


def test_view_refuses_locked_credit(login, participant):
    credit = locked(CreditFactory(person=participant))

    response = login(participant).post(url(credit), {"proofs": [upload()]}, follow=True)

    assert "A submitted certification track counts" in response.content.decode()
    assert not ProofFile.objects.exists()


def test_view_404_for_verifier(login, participant, supervisor):
    credit = CreditFactory(person=participant)

    response = login(supervisor).post(url(credit), {"proofs": [upload()]})

    assert response.status_code == 404
    assert not ProofFile.objects.exists()


def test_view_404_for_outsider(login, participant, outsider):
    credit = CreditFactory(person=participant)

    response = login(outsider).post(url(credit), {"proofs": [upload()]})

    assert response.status_code == 404
    assert not ProofFile.objects.exists()


def test_view_coordinator_adds(login, participant, coordinator):
    credit = CreditFactory(person=participant)

    login(coordinator).post(url(credit), {"proofs": [upload()]})

    assert credit.proofs.get().uploaded_by == coordinator


def test_view_get_not_allowed(login, participant):
    credit = CreditFactory(person=participant)

    response = login(participant).get(url(credit))

    assert response.status_code == 405


def test_view_requires_login(client, participant):
    credit = CreditFactory(person=participant)

    response = client.post(url(credit), {"proofs": [upload()]})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not ProofFile.objects.exists()
