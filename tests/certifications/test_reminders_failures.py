import logging
from datetime import date, timedelta
from smtplib import SMTPRecipientsRefused, SMTPServerDisconnected

import pytest
from django.core.mail.backends.locmem import EmailBackend

from certifications.models import Reminder
from certifications.reminders import months_before

from ..factories import UserFactory
from .reminders_support import hire_director, issue_certificate, run

pytestmark = pytest.mark.django_db

BACKEND = "tests.certifications.test_reminders_failures"
EXPIRES_ON = date(2031, 8, 31)
MILESTONE_ON = months_before(EXPIRES_ON, 6)


class DownBackend(EmailBackend):
    """Fails every send, as when the SMTP server is unreachable."""

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class NoRouteBackend(EmailBackend):
    def send_messages(self, messages):
        raise OSError(113, "No route to host")


class RefusingBackend(EmailBackend):
    """Refuses mail to REFUSED and delivers the rest to the test outbox."""

    REFUSED = "cory@lclib.example"

    def send_messages(self, messages):
        for message in messages:
            if self.REFUSED in message.to:
                raise SMTPRecipientsRefused({self.REFUSED: (550, b"Mailbox unknown")})
        return super().send_messages(messages)


class RefusingHolderBackend(RefusingBackend):
    REFUSED = "pat@lclib.example"


@pytest.fixture
def certificate(participant):
    return issue_certificate(participant, expires_on=EXPIRES_ON)


@pytest.mark.parametrize(
    ("backend", "error"),
    [
        ("DownBackend", "SMTPServerDisconnected: Connection unexpectedly closed"),
        ("NoRouteBackend", "OSError: [Errno 113] No route to host"),
    ],
)
def test_failure_is_recorded(certificate, settings, mailoutbox, backend, error):
    settings.EMAIL_BACKEND = f"{BACKEND}.{backend}"

    result = run(MILESTONE_ON)

    assert mailoutbox == []
    assert result.sent[Reminder.Kind.CERTIFICATE_EXPIRY] == 0
    assert len(result.failed) == 1
    row = Reminder.objects.get()
    assert row.key == f"certificate:{certificate.pk}:6m"
    assert row.sent_at is None
    assert row.attempts == 1
    assert row.last_error == error


def test_failure_is_logged_with_ids(certificate, settings, caplog):
    settings.EMAIL_BACKEND = f"{BACKEND}.DownBackend"

    with caplog.at_level(logging.INFO, logger="certifications.reminders"):
        run(MILESTONE_ON)

    row = Reminder.objects.get()
    failures = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(failures) == 1
    message = failures[0].getMessage()
    assert f"certificate:{certificate.pk}:6m" in message
    assert f"reminder ids {row.pk}" in message
    assert "attempt 1" in message
    assert "SMTPServerDisconnected" in message


def test_failed_reminder_retried_then_sent_once(certificate, settings, mailoutbox):
    settings.EMAIL_BACKEND = f"{BACKEND}.DownBackend"
    run(MILESTONE_ON)
    run(MILESTONE_ON)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    retry = run(MILESTONE_ON + timedelta(days=1))
    later = run(MILESTONE_ON + timedelta(days=2))

    assert retry.sent[Reminder.Kind.CERTIFICATE_EXPIRY] == 1
    assert later.sent[Reminder.Kind.CERTIFICATE_EXPIRY] == 0
    assert len(mailoutbox) == 1
    row = Reminder.objects.get()
    assert row.sent_at is not None
    assert row.attempts == 3
    assert row.milestone_on == MILESTONE_ON
    assert "SMTPServerDisconnected" in row.last_error


def test_failed_recipient_alone_is_retried(library, board_chair, settings, mailoutbox):
    board_chair.positions.update(start_date=date(2015, 1, 1))
    position = hire_director(
        library, start_date=date(2027, 5, 31), person__email="nell@x.example"
    )
    settings.EMAIL_BACKEND = f"{BACKEND}.RefusingBackend"
    run(date(2030, 5, 31))
    assert [message.to for message in mailoutbox] == [["nell@x.example"]]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(date(2030, 6, 1))

    assert [message.to for message in mailoutbox] == [
        ["nell@x.example"],
        ["cory@lclib.example"],
    ]
    chair_row = Reminder.objects.get(recipient="cory@lclib.example")
    assert chair_row.key == f"director:{position.pk}:12m"
    assert chair_row.attempts == 2
    assert "Mailbox unknown" in chair_row.last_error
    assert Reminder.objects.get(recipient="nell@x.example").attempts == 1


def test_failure_does_not_stop_run(participant, settings, mailoutbox):
    issue_certificate(participant, expires_on=EXPIRES_ON)
    issue_certificate(UserFactory(email="lee@lclib.example"), expires_on=EXPIRES_ON)
    settings.EMAIL_BACKEND = f"{BACKEND}.RefusingHolderBackend"

    result = run(MILESTONE_ON)

    assert [message.to for message in mailoutbox] == [["lee@lclib.example"]]
    assert result.sent[Reminder.Kind.CERTIFICATE_EXPIRY] == 1
    assert [mail.recipient for mail in result.failed] == ["pat@lclib.example"]
