import pytest
from django.urls import reverse

from ce_credits import services

from ..factories import CatalogEventFactory, CreditFactory, category

pytestmark = pytest.mark.django_db


def test_claim_mails_verifier(
    participant, supervisor, django_capture_on_commit_callbacks, mailoutbox
):
    event = CatalogEventFactory(title="Intellectual freedom basics")

    with django_capture_on_commit_callbacks(execute=True):
        services.credit_claim_event(person=participant, event=event)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [supervisor.email]
    assert "Pat Reader" in mailoutbox[0].subject
    assert reverse("ce_credits:verify_queue") in mailoutbox[0].body


def test_independent_claim_mails_verifier(
    participant, supervisor, django_capture_on_commit_callbacks, mailoutbox
):
    template = CreditFactory.build()

    with django_capture_on_commit_callbacks(execute=True):
        services.credit_add_independent(
            person=participant,
            title="Storytime skills",
            begin=template.begin,
            end=template.end,
            sponsor="Montana Library Association",
            presenter="R. Teller",
            category=category("Library Services to the Public"),
            credits=template.credits,
        )

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [supervisor.email]
    assert "1 continuing-education credit marked PENDING" in mailoutbox[0].body


def test_no_mail_without_verifier(
    outsider, django_capture_on_commit_callbacks, mailoutbox
):
    # Nobody holds the board chair's seat at the outsider's library.
    event = CatalogEventFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.credit_claim_event(person=outsider, event=event)

    assert mailoutbox == []
