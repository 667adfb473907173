from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from accounts.models import Position
from ce_credits import links, services
from ce_credits.emails import notify_verifiers_of_pending
from ce_credits.models import VerifierLink
from certifications import services as track_services

from ..factories import (
    CatalogEventFactory,
    CreditFactory,
    TrackFactory,
    category,
    track_type,
)
from .link_support import (
    CHAIR_EMAIL,
    CHAIR_NAME,
    open_link,
    page_url,
    token_in,
    trustee_with_external_chair,
)

pytestmark = pytest.mark.django_db

OTHER_CHAIR_EMAIL = "dana@lcboard.example"


class DownBackend(BaseEmailBackend):
    """Fails every send, as when the mail server cannot be reached."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def trustee(library):
    return trustee_with_external_chair(library)


def test_claim_mails_link(trustee, django_capture_on_commit_callbacks, mailoutbox):
    event = CatalogEventFactory(title="Board basics")

    with django_capture_on_commit_callbacks(execute=True):
        services.credit_claim_event(person=trustee, event=event)

    link = VerifierLink.objects.get(person=trustee)
    mail = mailoutbox[0]
    assert len(mailoutbox) == 1
    assert mail.to == [CHAIR_EMAIL]
    assert mail.subject == "Please verify the CE credits of Terry Trustee"
    assert f"Dear {CHAIR_NAME}," in mail.body
    assert "Trustee, Lewis and Clark Library, Helena" in mail.body
    assert "Terry Trustee has 1 credit marked PENDING" in mail.body
    assert "- Board basics, " in mail.body
    expiry = format_date(timezone.localtime(link.expires_at), "F j, Y")
    assert f"the link works until {expiry}:" in mail.body
    assert links.verifier_link_from_token(token_in(mail.body)) == link


def test_mail_counts_pending(trustee, django_capture_on_commit_callbacks, mailoutbox):
    CreditFactory(person=trustee)
    CreditFactory(person=trustee)

    with django_capture_on_commit_callbacks(execute=True):
        links.verifier_link_send(person=trustee)

    assert "Terry Trustee has 2 credits marked PENDING" in mailoutbox[0].body


def test_independent_claim_mails_link(
    trustee, django_capture_on_commit_callbacks, mailoutbox
):
    template = CreditFactory.build()

    with django_capture_on_commit_callbacks(execute=True):
        services.credit_add_independent(
            person=trustee,
            title="Open meeting law",
            begin=template.begin,
            end=template.end,
            sponsor="Montana Library Association",
            presenter="L. Counsel",
            category=category(),
            credits=template.credits,
        )

    assert [mail.to for mail in mailoutbox] == [[CHAIR_EMAIL]]
    assert "Terry Trustee has 1 credit marked PENDING" in mailoutbox[0].body


def test_link_expires_in_30_days(trustee):
    CreditFactory(person=trustee)
    before = timezone.now()

    link = links.verifier_link_send(person=trustee)

    assert link.closed_at is None
    assert link.verifier_name == CHAIR_NAME
    assert link.verifier_email == CHAIR_EMAIL
    assert len(link.nonce) == 32
    assert link.expires_at - link.created_at == timedelta(days=30)
    assert link.created_at >= before


def test_token_signs_pk_and_nonce(trustee):
    CreditFactory(person=trustee)
    link = links.verifier_link_send(person=trustee)

    assert links.link_token(link).startswith(f"{link.pk}:{link.nonce}:")


def test_claim_mails_open_link_again(
    trustee, django_capture_on_commit_callbacks, mailoutbox
):
    CreditFactory(person=trustee, title="Board basics")
    with django_capture_on_commit_callbacks(execute=True):
        first = links.verifier_link_send(person=trustee)

    with django_capture_on_commit_callbacks(execute=True):
        event = CatalogEventFactory(title="Open meeting law")
        services.credit_claim_event(person=trustee, event=event)

    first.refresh_from_db()
    assert first.closed_at is None
    assert list(VerifierLink.objects.filter(person=trustee)) == [first]
    earlier, later = [mail.body for mail in mailoutbox]
    assert token_in(later) == token_in(earlier)
    assert links.verifier_link_from_token(token_in(earlier)) == first
    assert "Terry Trustee has 2 credits marked PENDING" in later
    assert "- Board basics, " in later
    assert "- Open meeting law, " in later


def test_open_page_still_decides_after_claim(
    client, trustee, django_capture_on_commit_callbacks, mailoutbox
):
    credit = CreditFactory(person=trustee)
    with django_capture_on_commit_callbacks(execute=True):
        links.verifier_link_send(person=trustee)
    token = token_in(mailoutbox[0].body)
    page = client.get(page_url(token))

    with django_capture_on_commit_callbacks(execute=True):
        services.credit_claim_event(person=trustee, event=CatalogEventFactory())
    response = client.post(
        reverse("ce_credits:link_verify", args=[token, credit.pk]),
        {f"seen-{credit.pk}": credit.fingerprint},
    )

    credit.refresh_from_db()
    assert page.status_code == 200
    assert response.status_code == 302
    assert credit.status == "verified"


@pytest.mark.parametrize(("minutes", "reused"), [(1, True), (0, True), (-1, False)])
def test_reuse_needs_days_left(trustee, minutes, reused):
    CreditFactory(person=trustee)
    margin = timedelta(days=links.LINK_REUSE_MIN_DAYS, minutes=minutes)
    # A second of slack for the time the send itself takes.
    old = open_link(trustee, expires_at=timezone.now() + margin + timedelta(seconds=1))

    link = links.verifier_link_send(person=trustee)

    old.refresh_from_db()
    assert (link == old) is reused
    assert (old.closed_at is None) is reused
    assert VerifierLink.objects.filter(person=trustee, closed_at=None).get() == link


def test_expired_open_link_replaced(trustee):
    CreditFactory(person=trustee)
    old = open_link(
        trustee,
        created_at=timezone.now() - timedelta(days=31),
        expires_at=timezone.now() - timedelta(days=1),
    )

    link = links.verifier_link_send(person=trustee)

    old.refresh_from_db()
    assert link != old
    assert old.closed_at is not None


@pytest.mark.parametrize(
    "verifier",
    [{"verifier_email": OTHER_CHAIR_EMAIL}, {"verifier_name": "Dana Chair"}],
)
def test_link_of_other_verifier_replaced(trustee, verifier):
    CreditFactory(person=trustee)
    old = open_link(trustee, **verifier)

    link = links.verifier_link_send(person=trustee)

    old.refresh_from_db()
    assert link != old
    assert old.closed_at is not None
    assert (link.verifier_name, link.verifier_email) == (CHAIR_NAME, CHAIR_EMAIL)


def test_address_case_ignored_for_reuse(trustee):
    CreditFactory(person=trustee)
    old = open_link(trustee, verifier_email=CHAIR_EMAIL.upper())

    assert links.verifier_link_send(person=trustee) == old


def test_fresh_send_replaces_usable_link(trustee):
    CreditFactory(person=trustee)
    old = open_link(trustee)

    link = links.verifier_link_send(person=trustee, fresh=True)

    old.refresh_from_db()
    assert link != old
    assert old.closed_at is not None
    with pytest.raises(links.ReplacedLink):
        links.verifier_link_from_token(links.link_token(old))


def test_failed_mail_keeps_open_link(
    trustee, settings, caplog, django_capture_on_commit_callbacks
):
    old = open_link(trustee)
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"

    with django_capture_on_commit_callbacks(execute=True):
        services.credit_claim_event(person=trustee, event=CatalogEventFactory())

    assert "Mail ce_credits/email/verifier_link.txt to 1 recipients failed" in (
        caplog.text
    )
    old.refresh_from_db()
    assert old.closed_at is None
    assert links.verifier_link_from_token(links.link_token(old)) == old


def test_no_link_without_pending(trustee, mailoutbox):
    CreditFactory(
        person=trustee,
        status="verified",
        decided_via_link=open_link(trustee),
        decided_at=timezone.now(),
    )

    assert links.verifier_link_send(person=trustee) is None
    assert VerifierLink.objects.filter(closed_at__isnull=True).count() == 1
    assert mailoutbox == []


def test_no_link_for_account_verifier(participant, supervisor, mailoutbox):
    CreditFactory(person=participant)

    assert links.verifier_link_send(person=participant) is None
    assert not VerifierLink.objects.exists()


def test_no_link_to_own_address(trustee, mailoutbox):
    Position.objects.filter(person=trustee).update(verifier_email=trustee.email)
    CreditFactory(person=trustee)

    assert links.verifier_link_send(person=trustee) is None
    assert not VerifierLink.objects.exists()


def test_account_verifier_still_mailed(
    participant, supervisor, django_capture_on_commit_callbacks, mailoutbox
):
    CreditFactory(person=participant)

    sent = notify_verifiers_of_pending(participant)

    assert sent is True
    assert mailoutbox[0].to == [supervisor.email]
    assert not VerifierLink.objects.exists()


def test_supervisor_account_gets_no_link(trustee, supervisor, mailoutbox):
    Position.objects.filter(person=trustee).update(
        supervisor=supervisor, verifier_name="", verifier_email=""
    )
    CreditFactory(person=trustee)

    notify_verifiers_of_pending(trustee)

    assert mailoutbox[0].to == [supervisor.email]
    assert reverse("ce_credits:verify_queue") in mailoutbox[0].body
    assert not VerifierLink.objects.exists()


def test_submitted_track_sends_link(
    trustee, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    track = TrackFactory(person=trustee, track_type=track_type("Trustee"))
    CreditFactory(person=trustee, credits=10)
    CreditFactory(person=trustee, credits=5, category=category("Technology"))

    with django_capture_on_commit_callbacks(execute=True):
        track_services.track_submit(track=track, actor=trustee)

    link = VerifierLink.objects.get(person=trustee)
    recipients = [mail.to for mail in mailoutbox]
    assert recipients == [[coordinator.email], [CHAIR_EMAIL]]
    assert "Terry Trustee has 2 credits marked PENDING" in mailoutbox[1].body
    assert links.verifier_link_from_token(token_in(mailoutbox[1].body)) == link


def test_link_and_token_not_logged(
    trustee, caplog, django_capture_on_commit_callbacks, mailoutbox
):
    CreditFactory(person=trustee)

    with caplog.at_level("DEBUG"), django_capture_on_commit_callbacks(execute=True):
        link = links.verifier_link_send(person=trustee)

    token = token_in(mailoutbox[0].body)
    assert "verifier_link.txt sent" in caplog.text
    assert token not in caplog.text
    assert link.nonce not in caplog.text
