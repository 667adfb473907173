import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ce_credits import proofs, services
from ce_credits.models import Credit, CreditTransition, ProofFile
from certifications.models import TrackCredit

from ..factories import CreditFactory, TrackFactory
from .proof_files import PNG, is_stored, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def credit(participant):
    return CreditFactory(person=participant, title="Storytime skills")


@pytest.fixture
def proof(participant, credit):
    return proofs.proof_add(
        credit=credit, actor=participant, upload=upload(name="certificate.pdf")
    )


def url(proof):
    return reverse("ce_credits:proof_delete", args=[proof.pk])


def test_removes_row_and_file(participant, proof, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        proofs.proof_delete(proof=proof, actor=participant)

    assert not ProofFile.objects.filter(pk=proof.pk).exists()
    assert not is_stored(proof.file)


def test_file_stays_until_commit(
    participant, proof, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        proofs.proof_delete(proof=proof, actor=participant)

        assert is_stored(proof.file)
    assert len(callbacks) == 1


def test_keeps_other_proofs(
    participant, credit, proof, django_capture_on_commit_callbacks
):
    other = proofs.proof_add(
        credit=credit, actor=participant, upload=upload(PNG, "photo.png")
    )

    with django_capture_on_commit_callbacks(execute=True):
        proofs.proof_delete(proof=proof, actor=participant)

    assert list(credit.proofs.all()) == [other]
    assert is_stored(other.file)


def test_records_transition(participant, credit, proof):
    proofs.proof_delete(proof=proof, actor=participant)

    transition = CreditTransition.objects.filter(credit=credit).last()
    assert transition.action == CreditTransition.Action.EDIT
    assert transition.actor == participant
    assert transition.from_status == Credit.Status.PENDING
    assert transition.note == "Proof removed: certificate.pdf"


def test_owner_cannot_remove_from_verified(participant, supervisor, credit, proof):
    services.credit_verify(credit=credit, actor=supervisor)

    with pytest.raises(ValidationError) as raised:
        proofs.proof_delete(proof=proof, actor=participant)

    assert raised.value.code == "decided"
    assert ProofFile.objects.filter(pk=proof.pk).exists()
    assert is_stored(proof.file)


def test_coordinator_removes_from_verified(
    supervisor, coordinator, credit, proof, django_capture_on_commit_callbacks
):
    services.credit_verify(credit=credit, actor=supervisor)

    with django_capture_on_commit_callbacks(execute=True):
        proofs.proof_delete(proof=proof, actor=coordinator)

    assert not ProofFile.objects.filter(pk=proof.pk).exists()
    assert not is_stored(proof.file)


def test_removed_twice_rejected(participant, proof):
    proofs.proof_delete(proof=proof, actor=participant)

    with pytest.raises(ValidationError) as raised:
        proofs.proof_delete(proof=proof, actor=participant)

    assert raised.value.code == "gone"


def test_view_removes(login, participant, proof, django_capture_on_commit_callbacks):
    client = login(participant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(proof), follow=True)

    assert response.redirect_chain == [(reverse("certifications:panel"), 302)]
    assert (
        "Removed “certificate.pdf” from “Storytime skills”."
        in response.content.decode()
    )
    assert not ProofFile.objects.filter(pk=proof.pk).exists()
    assert not is_stored(proof.file)


def test_view_refuses_locked(login, participant, credit, proof):
    track = TrackFactory(
        person=participant, status="submitted", submitted_at=timezone.now()
    )
    TrackCredit.objects.create(track=track, credit=credit, kind=track.kind)

    response = login(participant).post(url(proof), follow=True)

    assert "A submitted certification track counts" in response.content.decode()
    assert ProofFile.objects.filter(pk=proof.pk).exists()
    assert is_stored(proof.file)


def test_view_404_for_verifier(login, supervisor, proof):
    response = login(supervisor).post(url(proof))

    assert response.status_code == 404
    assert ProofFile.objects.filter(pk=proof.pk).exists()


def test_view_404_for_outsider(login, outsider, proof):
    response = login(outsider).post(url(proof))

    assert response.status_code == 404
    assert ProofFile.objects.filter(pk=proof.pk).exists()


def test_view_get_not_allowed(login, participant, proof):
    response = login(participant).get(url(proof))

    assert response.status_code == 405
    assert ProofFile.objects.filter(pk=proof.pk).exists()


def test_view_requires_login(client, proof):
    response = client.post(url(proof))

    assert response.status_code == 302
    assert ProofFile.objects.filter(pk=proof.pk).exists()


def test_credit_delete_removes_files(
    login, participant, credit, proof, django_capture_on_commit_callbacks
):
    other = proofs.proof_add(
        credit=credit, actor=participant, upload=upload(PNG, "photo.png")
    )
    client = login(participant)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ce_credits:credit_delete", args=[credit.pk]))

    assert not Credit.objects.filter(pk=credit.pk).exists()
    assert not ProofFile.objects.exists()
    assert not is_stored(proof.file)
    assert not is_stored(other.file)


def test_refused_credit_delete_keeps_files(
    participant, supervisor, credit, proof, django_capture_on_commit_callbacks
):
    services.credit_verify(credit=credit, actor=supervisor)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.credit_delete(credit=credit, actor=participant)

    assert callbacks == []
    assert is_stored(proof.file)


def test_edit_without_files_keeps_them(login, participant, credit, proof, event_data):
    response = login(participant).post(
        reverse("ce_credits:credit_edit", args=[credit.pk]), event_data
    )

    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.title == "Readers' advisory for teens"
    assert list(credit.proofs.all()) == [proof]
    assert is_stored(proof.file)
