import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ce_credits.models import Coursework, Credit, CreditTransition
from certifications.models import TrackCredit

from ..factories import CreditFactory, UserFactory
from .correction_support import (
    APPROVED,
    ISSUED,
    SUBMITTED,
    count_on_track,
    verified_credit,
)
from .proof_files import PDF, add_proof, is_stored

pytestmark = pytest.mark.django_db

REASON = "A duplicate of the webinar entered on the same day."


def remove_url(credit):
    return reverse("ce_credits:credit_remove", args=[credit.pk])


@pytest.fixture
def credit(participant, supervisor):
    return verified_credit(participant, supervisor)


@pytest.fixture
def post(login, coordinator, django_capture_on_commit_callbacks):
    """Post the removal form as the coordinator, running the on-commit work."""

    def send(credit, reason=REASON, user=coordinator):
        with django_capture_on_commit_callbacks(execute=True):
            return login(user).post(remove_url(credit), {"reason": reason}, follow=True)

    return send


def test_get_shows_confirmation(login, coordinator, credit):
    response = login(coordinator).get(remove_url(credit))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Remove “Weeding the YA collection”" in content
    assert "Reason for the removal" in content
    assert Credit.objects.filter(pk=credit.pk).exists()


def test_post_removes_verified_credit(post, coordinator, credit, mailoutbox):
    response = post(credit)

    assert not Credit.objects.filter(pk=credit.pk).exists()
    assert response.redirect_chain[-1][0] == reverse(
        "ce_credits:person_credits", args=[credit.person_id]
    )
    assert "“Weeding the YA collection” was removed" in response.content.decode()

    row = CreditTransition.objects.get(action=CreditTransition.Action.DELETE)
    assert row.credit is None
    assert row.person == credit.person
    assert row.credit_title == "Weeding the YA collection"
    assert row.actor == coordinator
    assert row.from_status == Credit.Status.VERIFIED
    assert row.to_status == ""
    assert row.note == REASON

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [credit.person.email]
    assert "was removed" in mailoutbox[0].subject
    assert REASON in mailoutbox[0].body


def test_removes_pending_and_denied(post, participant, supervisor):
    pending = CreditFactory(person=participant)
    denied = verified_credit(
        participant,
        supervisor,
        status=Credit.Status.DENIED,
        denial_reason="A vendor demo.",
    )

    post(pending)
    post(denied)

    assert not Credit.objects.filter(pk__in=[pending.pk, denied.pk]).exists()


def test_reason_required(post, credit, mailoutbox):
    response = post(credit, reason="   ")

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Credit.objects.filter(pk=credit.pk).exists()
    assert mailoutbox == []


@pytest.mark.parametrize("status", [SUBMITTED, APPROVED])
def test_blocked_by_open_review(post, login, coordinator, credit, status):
    count_on_track(credit, status)

    page = login(coordinator).get(remove_url(credit)).content.decode()
    response = post(credit)

    assert "Return the track to the participant first" in page
    assert "Return the track to the participant first" in response.content.decode()
    assert Credit.objects.filter(pk=credit.pk).exists()


def test_blocked_by_issued_certificate(post, credit):
    count_on_track(credit, ISSUED)

    response = post(credit)

    content = response.content.decode()
    assert "An issued certificate rests on this credit" in content
    assert "Return the track" not in content
    assert TrackCredit.objects.filter(credit=credit).exists()


def test_own_credit_rejected(post, coordinator, supervisor):
    credit = verified_credit(coordinator, supervisor)

    response = post(credit)

    assert "Ask another CE coordinator" in response.content.decode()
    assert Credit.objects.filter(pk=credit.pk).exists()


def test_deletes_proof_files(post, credit):
    proofs = [add_proof(credit), add_proof(credit, name="agenda.pdf")]

    post(credit)

    for proof in proofs:
        assert not is_stored(proof.file)


def test_files_kept_when_blocked(post, credit):
    proof = add_proof(credit)
    count_on_track(credit, SUBMITTED)

    post(credit)

    assert is_stored(proof.file)


def test_removes_coursework_and_transcript(post, participant, coordinator):
    credit = verified_credit(
        participant, coordinator, source=Credit.Source.COURSEWORK, presenter=""
    )
    coursework = Coursework(
        credit=credit,
        institution="University of Montana",
        term="Fall 2025",
        unit=Coursework.Unit.SEMESTER,
        college_credits=1,
        entered_by=coordinator,
    )
    coursework.transcript.save("transcript.pdf", ContentFile(PDF))

    post(credit)

    assert not Coursework.objects.filter(pk=coursework.pk).exists()
    assert not is_stored(coursework.transcript)


def test_superuser_removes(post, credit):
    admin = UserFactory(is_superuser=True)

    post(credit, user=admin)

    assert not Credit.objects.filter(pk=credit.pk).exists()
    row = CreditTransition.objects.get(action=CreditTransition.Action.DELETE)
    assert row.actor == admin


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(login, request, credit, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(remove_url(credit)).status_code == 404
    assert client.post(remove_url(credit), {"reason": REASON}).status_code == 404
    assert Credit.objects.filter(pk=credit.pk).exists()


def test_anonymous_redirects_to_login(client, credit):
    response = client.post(remove_url(credit), {"reason": REASON})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Credit.objects.filter(pk=credit.pk).exists()
