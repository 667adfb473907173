"""The number of proof files one form may send and one credit may keep."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from ce_credits import proofs
from ce_credits.models import (
    MAX_PROOFS_PER_CREDIT,
    MAX_PROOFS_PER_UPLOAD,
    Credit,
    ProofFile,
)

from ..factories import CreditFactory
from .proof_files import PDF, add_proof, upload

pytestmark = pytest.mark.django_db

NEW_EVENT_URL = reverse("ce_credits:independent_new")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def uploads(count):
    return [upload(PDF, f"page-{number}.pdf") for number in range(1, count + 1)]


def credit_with_proofs(person, count):
    credit = CreditFactory(person=person, title="Storytime skills")
    for number in range(count):
        add_proof(credit, name=f"stored-{number}.pdf")
    return credit


def test_limits_match_400_page():
    # templates/400.html states the per-upload limit as plain text, because
    # Django renders it without a context.
    assert MAX_PROOFS_PER_UPLOAD == 10
    assert MAX_PROOFS_PER_CREDIT == 20


def test_django_limit_above_form_limit():
    # Django counts every file of a request. Above this, its 400 page would
    # show in place of the form's message.
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES > MAX_PROOFS_PER_UPLOAD


def test_help_text_states_limits(login, participant):
    response = login(participant).get(NEW_EVENT_URL)

    html = response.content.decode()
    assert "of at most 10 MB each." in html
    assert "Choose up to 10 files at a time." in html
    assert "A credit keeps at most 20 files in all." in html


def test_new_event_takes_ten_files(login, participant, event_data):
    event_data["proofs"] = uploads(MAX_PROOFS_PER_UPLOAD)

    response = login(participant).post(NEW_EVENT_URL, event_data)

    assert response.status_code == 302
    assert ProofFile.objects.count() == MAX_PROOFS_PER_UPLOAD


def test_eleven_files_show_field_message(login, participant, event_data):
    event_data["proofs"] = uploads(MAX_PROOFS_PER_UPLOAD + 1)

    response = login(participant).post(NEW_EVENT_URL, event_data)

    assert response.status_code == 200
    assert response.context["form"].errors["proofs"] == [
        "Choose at most 10 files at a time. You chose 11, so add the others "
        "afterwards with “Add proof” beside the credit."
    ]
    assert not Credit.objects.exists()
    assert not ProofFile.objects.exists()


def test_proof_add_eleven_files_message(login, participant):
    credit = CreditFactory(person=participant, title="Storytime skills")

    response = login(participant).post(
        reverse("ce_credits:proof_add", args=[credit.pk]),
        {"proofs": uploads(MAX_PROOFS_PER_UPLOAD + 1)},
        follow=True,
    )

    [message] = [str(message) for message in response.context["messages"]]
    assert message == (
        "No proof was added to “Storytime skills”. Choose at most 10 files at a "
        "time. You chose 11, so add the others afterwards with “Add proof” beside "
        "the credit."
    )
    assert not ProofFile.objects.exists()


def test_full_credit_rejects_another_file(participant):
    credit = credit_with_proofs(participant, MAX_PROOFS_PER_CREDIT)

    with pytest.raises(ValidationError) as raised:
        proofs.proof_add(credit=credit, actor=participant, upload=upload())

    assert raised.value.messages == [
        "“Storytime skills” already has 20 proof files, the most one credit "
        "keeps. Remove a file before you add another."
    ]
    assert credit.proofs.count() == MAX_PROOFS_PER_CREDIT


def test_credit_takes_files_up_to_limit(participant):
    credit = credit_with_proofs(participant, MAX_PROOFS_PER_CREDIT - 2)

    proofs.proofs_add(credit=credit, actor=participant, uploads=uploads(2))

    assert credit.proofs.count() == MAX_PROOFS_PER_CREDIT


def test_files_beyond_room_add_none(login, participant, tmp_path):
    credit = credit_with_proofs(participant, MAX_PROOFS_PER_CREDIT - 2)
    stored_before = sorted(tmp_path.rglob("*"))

    response = login(participant).post(
        reverse("ce_credits:proof_add", args=[credit.pk]),
        {"proofs": uploads(3)},
        follow=True,
    )

    [message] = [str(message) for message in response.context["messages"]]
    assert message == (
        "“Storytime skills” has 18 proof files and keeps at most 20, so you can "
        "add 2 more, not 3. Choose fewer files or remove some first."
    )
    assert credit.proofs.count() == MAX_PROOFS_PER_CREDIT - 2
    assert sorted(tmp_path.rglob("*")) == stored_before


def test_coordinator_bound_by_credit_limit(coordinator, participant):
    credit = credit_with_proofs(participant, MAX_PROOFS_PER_CREDIT)

    with pytest.raises(ValidationError, match="the most one credit keeps"):
        proofs.proofs_add(credit=credit, actor=coordinator, uploads=uploads(1))


def test_new_credit_over_limit_saves_nothing(participant, event_data):
    credit = CreditFactory.build(person=participant)
    fields = {
        name: getattr(credit, name)
        for name in ("title", "begin", "end", "sponsor", "presenter", "credits")
    }

    with pytest.raises(ValidationError) as raised:
        proofs.credit_add_with_proofs(
            person=participant,
            uploads=uploads(MAX_PROOFS_PER_CREDIT + 1),
            category=credit.category,
            **fields,
        )

    assert raised.value.message_dict == {
        "proofs": [
            "You chose 21 files, but a credit keeps at most 20 proof files. "
            "Choose the ones that show your attendance best."
        ]
    }
    assert not Credit.objects.exists()


def test_over_django_limit_shows_400_page(login, participant, event_data, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    event_data["proofs"] = uploads(3)

    response = login(participant).post(NEW_EVENT_URL, event_data)

    html = " ".join(response.content.decode().split())
    assert response.status_code == 400
    assert "<h1>Request not accepted</h1>" in html
    assert "choose fewer: a form takes at most 10 proof files at a time" in html
    assert not Credit.objects.exists()
