import logging
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from certifications.models import Reminder
from certifications.reminders import months_before

from .reminders_support import claim, days_from_now, issue_certificate

pytestmark = pytest.mark.django_db

EXPIRES_ON = date(2031, 8, 31)


def send_reminders(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def certificate(participant):
    return issue_certificate(participant, expires_on=EXPIRES_ON)


def test_summary_line(certificate, mailoutbox):
    output = send_reminders("--today", "2031-07-31")

    assert output == (
        "Reminders for 2031-07-31: 1 sent (certificate_expiry 1, director_due 0, "
        "verifier_digest 0, coordinator_escalation 0), 0 failed.\n"
    )
    assert len(mailoutbox) == 1


def test_summary_of_second_run(certificate, mailoutbox):
    send_reminders("--today", "2031-07-31")

    output = send_reminders("--today", "2031-07-31")

    assert output.startswith("Reminders for 2031-07-31: 0 sent (")
    assert len(mailoutbox) == 1


def test_summary_counts_failures(certificate, settings):
    settings.EMAIL_BACKEND = "tests.certifications.test_reminders_failures.DownBackend"

    output = send_reminders("--today", "2031-07-31")

    assert output.startswith("Reminders for 2031-07-31: 0 sent (")
    assert output.endswith("), 1 failed.\n")


def test_dry_run_lists_and_sends_nothing(participant, supervisor, mailoutbox):
    today = days_from_now(7)
    certificate = issue_certificate(participant, expires_on=today)
    credit = claim(participant)

    output = send_reminders("--dry-run", "--today", str(today))

    assert output.splitlines() == [
        f"Would send certificate_expiry certificate:{certificate.pk}:day "
        "to pat@lclib.example",
        f"Would send verifier_digest credit:{credit.pk}:7d to dana@lclib.example",
        f"Dry run for {today}: 2 reminders would be sent (certificate_expiry 1, "
        "director_due 0, verifier_digest 1, coordinator_escalation 0); nothing "
        "was sent or recorded.",
    ]
    assert mailoutbox == []
    assert not Reminder.objects.exists()


def test_dry_run_then_real_run_sends(certificate, mailoutbox):
    send_reminders("--dry-run", "--today", "2031-07-31")

    send_reminders("--today", "2031-07-31")

    assert len(mailoutbox) == 1


def test_dry_run_lists_failed_reminder(certificate, settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.certifications.test_reminders_failures.DownBackend"
    send_reminders("--today", "2031-07-31")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    output = send_reminders("--dry-run", "--today", "2031-08-01")

    assert output.startswith(
        f"Would send certificate_expiry certificate:{certificate.pk}:1m"
    )
    assert Reminder.objects.get().attempts == 1


def test_runs_as_of_current_date(participant, mailoutbox):
    today = timezone.localdate()
    certificate = issue_certificate(participant, expires_on=today)

    output = send_reminders()

    assert output.startswith(f"Reminders for {today}: 1 sent (")
    assert Reminder.objects.get().key == f"certificate:{certificate.pk}:day"


def test_invalid_date_rejected(db):
    with pytest.raises(CommandError, match="invalid date '2031-02-30'"):
        send_reminders("--today", "2031-02-30")


def test_counts_logged(certificate, caplog):
    with caplog.at_level(logging.INFO, logger="certifications.reminders"):
        send_reminders("--today", str(months_before(EXPIRES_ON, 3)))

    messages = [record.getMessage() for record in caplog.records]
    assert "Sent 1 certificate_expiry reminders for 2031-05-31" in messages
    assert "Sent 0 director_due reminders for 2031-05-31" in messages
    assert "Sent 0 verifier_digest reminders for 2031-05-31" in messages
    assert "Sent 0 coordinator_escalation reminders for 2031-05-31" in messages


def test_digest_from_command(participant, supervisor, mailoutbox):
    claim(participant)

    send_reminders("--today", str(days_from_now(7)))

    assert [message.to for message in mailoutbox] == [["dana@lclib.example"]]
