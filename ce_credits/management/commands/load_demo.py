"""Load the demonstration data: catalogue, libraries, people, credits and tracks.

Catalogue events keep their real titles and move forward by whole years, so
that several of them ended within the past year and can be claimed. Credits
and tracks are made through the services, as on the site, so each one has its
audit rows. A second run creates nothing new.
"""

import logging
from collections import Counter
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from ce_credits.demo import people
from ce_credits.demo.events import (
    CATALOG_CSV,
    INDEPENDENT_CSV,
    load_catalogue,
    read_rows,
)
from ce_credits.models import CLAIM_WINDOW, CatalogEvent
from certifications.models import Track
from certifications.services import progress_of

MEMORY_MAIL = "django.core.mail.backends.locmem.EmailBackend"
MAIL_LOGGER = "accounts.emails"


@contextmanager
def quiet_logger(name):
    """Drop the named logger's records below WARNING; errors still show."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Load demo libraries, accounts, catalogue events, credits and tracks. "
        "Records that already exist are left as they are."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        catalogue_rows = read_rows(CATALOG_CSV)
        example_rows = read_rows(INDEPENDENT_CSV)
        examples = {row.title: row for row in example_rows}
        every_title = tuple(
            dict.fromkeys(row.title for row in [*catalogue_rows, *example_rows])
        )

        # The services mail the verifiers about every claim and the board about
        # every new director. The demo keeps those messages in memory, where
        # they are dropped at exit, and keeps the per-message log lines quiet.
        with (
            override_settings(EMAIL_BACKEND=MEMORY_MAIL),
            quiet_logger(MAIL_LOGGER),
            transaction.atomic(),
        ):
            shift, event_count = load_catalogue(catalogue_rows, now=now)
            library_count = people.load_libraries()
            accounts, position_count = people.load_people(today=timezone.localdate(now))
            counts = Counter()
            for history in people.HISTORIES:
                counts += people.load_history(
                    history, titles=every_title, examples=examples, now=now
                )

        self.report_catalogue(event_count, shift, now)
        self.stdout.write(f"Libraries: {library_count} created.")
        self.report_accounts(accounts, position_count)
        self.stdout.write(
            f"Credits: {counts['credits']} created, {counts['verified']} of them "
            "verified."
        )
        self.stdout.write(
            f"Tracks: {counts['tracks']} added, {counts['submitted']} submitted."
        )
        if counts["tracks"]:
            self.report_tracks()

    def report_catalogue(self, event_count, shift, now):
        if not event_count:
            self.stdout.write("Catalogue: no events created.")
            return
        events = CatalogEvent.objects.all()
        window = events.filter(end__lte=now, end__gt=now - CLAIM_WINDOW).count()
        upcoming = events.filter(end__gt=now).count()
        self.stdout.write(
            f"Catalogue: {event_count} events created, moved forward {shift} "
            f"years; {window} ended within the past year and {upcoming} have "
            "not ended yet."
        )

    def report_accounts(self, accounts, position_count):
        self.stdout.write(
            f"Accounts: {len(accounts)} created, with {position_count} positions."
        )
        for person in accounts:
            self.stdout.write(f"  {person.email}: {person.get_full_name()}")

    def report_tracks(self):
        tracks = Track.objects.for_panel().filter(
            person__email__in=[history.email for history in people.HISTORIES]
        )
        for track in tracks.select_related("person"):
            progress = progress_of(track)
            state = "complete" if progress.is_complete else "in progress"
            self.stdout.write(
                f"  {track.person.email}: {track.track_type.name}, "
                f"{track.get_status_display().lower()}, {progress.total_earned} "
                f"of {progress.total_required} credits, requirements {state}."
            )
