"""Send the day's reminder mail. Meant to run once a day from cron or a timer."""

import argparse
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from certifications.reminders import send_reminders


def parse_day(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {value!r}: expected YYYY-MM-DD, such as 2026-03-01"
        ) from None


class Command(BaseCommand):
    help = (
        "Send the reminders due today: certificate expiry and director "
        "certification due dates (12, 6, 3 and 1 months before, and on the day), "
        "credits waiting 7 and 14 days for their verifier, and 30 days to the "
        "coordinators. Each reminder is sent once, and a failed one is retried "
        "on the next run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=parse_day,
            help="Run as of this date (YYYY-MM-DD) instead of the current date.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the reminders that would be sent, without sending or recording.",
        )

    def handle(self, *args, today=None, dry_run=False, **options):
        result = send_reminders(today or timezone.localdate(), dry_run=dry_run)
        if dry_run:
            for mail in result.planned:
                keys = ", ".join(mail.keys)
                self.stdout.write(f"Would send {mail.kind} {keys} to {mail.recipient}")
        self.stdout.write(result.summary())
