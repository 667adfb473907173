"""The coordinator's correction and removal services, called directly."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ce_credits.corrections import credit_correct, credit_remove
from ce_credits.models import Credit, CreditTransition

from ..factories import CreditFactory
from .correction_support import verified_credit

pytestmark = pytest.mark.django_db

Action = CreditTransition.Action


@pytest.fixture
def credit(participant, supervisor):
    return verified_credit(participant, supervisor)


def test_correct_records_reason_and_changes(coordinator, credit):
    credit_correct(
        credit=credit,
        actor=coordinator,
        reason="  Wrong sponsor.  ",
        sponsor="Montana Library Association",
        description="",
    )

    row = CreditTransition.objects.get(action=Action.CORRECT)
    assert row.note == (
        "Reason: Wrong sponsor.\n"
        "Sponsor: “United for Libraries” → “Montana Library Association”"
    )


def test_correct_unchanged_returns_none(coordinator, credit):
    result = credit_correct(
        credit=credit, actor=coordinator, reason="Check.", title=credit.title
    )

    assert result is None
    assert not CreditTransition.objects.exists()


def test_correct_requires_reason(coordinator, credit):
    with pytest.raises(ValidationError) as error:
        credit_correct(credit=credit, actor=coordinator, reason=" ", title="Weeding")

    assert "reason" in error.value.message_dict


def test_correct_rejects_non_coordinator(supervisor, credit):
    with pytest.raises(PermissionDenied):
        credit_correct(credit=credit, actor=supervisor, reason="Typo.", title="X")


def test_correct_rejects_unknown_field(coordinator, credit):
    with pytest.raises(TypeError):
        credit_correct(
            credit=credit, actor=coordinator, reason="Typo.", status="pending"
        )


def test_correct_checks_model_rules(coordinator, credit):
    with pytest.raises(ValidationError) as error:
        credit_correct(
            credit=credit,
            actor=coordinator,
            reason="Typo.",
            end=credit.begin - timedelta(hours=1),
        )

    assert "end" in error.value.message_dict
    credit.refresh_from_db()
    assert credit.end > credit.begin


def test_correct_keeps_presenter_limit(coordinator, participant, supervisor):
    presented = {"presented": True, "contact_hours": 1, "credits": 2}
    credit = verified_credit(
        participant, supervisor, title="Book clubs for teens", **presented
    )
    for days in (100, 200):
        verified_credit(
            participant,
            supervisor,
            title="Teen book clubs",
            begin=credit.begin - timedelta(days=days),
            end=credit.end - timedelta(days=days),
            **presented,
        )

    with pytest.raises(ValidationError) as error:
        credit_correct(
            credit=credit,
            actor=coordinator,
            reason="Same topic.",
            title="Teen book clubs",
        )

    assert "more than two presenter credits" in error.value.messages[0]


def test_remove_credit_gone_in_the_meantime(coordinator, participant):
    credit = CreditFactory(person=participant, title="Gone")
    Credit.objects.filter(pk=credit.pk).delete()

    with pytest.raises(ValidationError) as error:
        credit_remove(credit=credit, actor=coordinator, reason="Duplicate.")

    assert "“Gone” was removed in the meantime" in error.value.messages[0]


def test_remove_rejects_non_coordinator(participant, credit):
    with pytest.raises(PermissionDenied):
        credit_remove(credit=credit, actor=participant, reason="Duplicate.")

    assert Credit.objects.filter(pk=credit.pk).exists()


def test_mail_waits_for_commit(
    coordinator, credit, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        credit_remove(credit=credit, actor=coordinator, reason="Duplicate.")
        assert mailoutbox == []

    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
