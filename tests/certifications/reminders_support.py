"""Builders shared by the reminder tests."""

import itertools
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Position
from certifications.models import Certificate, Reminder, Track
from certifications.periods import years_later
from certifications.reminders import send_reminders

from ..factories import CreditFactory, PositionFactory, TrackFactory, track_type

_numbers = itertools.count(1)

# A start date before every run date of the tests, for the positions that must
# be held on those dates.
LONG_AGO = date(2015, 1, 1)


def issue_certificate(
    person, *, expires_on, track_name="Staff", issued_on=None, **fields
):
    """Give `person` a certificate of the named 2023 track, issued four years
    before `expires_on` unless `issued_on` is given."""
    track = TrackFactory(
        person=person,
        track_type=track_type(track_name),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=person,
        number=f"MT-REM{next(_numbers):05d}",
        holder_name=person.get_full_name(),
        track_name=track_name,
        issued_on=issued_on or years_later(expires_on, -4),
        expires_on=expires_on,
        **fields,
    )


def hire_director(library, *, start_date, **fields):
    return PositionFactory(
        library=library,
        kind=Position.Kind.DIRECTOR,
        start_date=start_date,
        **fields,
    )


def claim(person, *, days_ago=0, **fields):
    """Return a pending credit of `person` claimed `days_ago` days before now."""
    return CreditFactory(
        person=person, created_at=timezone.now() - timedelta(days=days_ago), **fields
    )


def days_from_now(days):
    return timezone.localdate() + timedelta(days=days)


def run(today):
    """Send the reminders due on `today` and return the run's result."""
    return send_reminders(today)


def keys_sent():
    """Return the (key, recipient) pairs of the sent reminders, sorted."""
    rows = Reminder.objects.filter(sent_at__isnull=False)
    return sorted(rows.values_list("key", "recipient"))
