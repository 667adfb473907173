"""Builders for the tests of the coordinator's corrections and removals."""

from datetime import timedelta

from django.utils import timezone

from ce_credits.models import Credit
from certifications.models import Track, TrackCredit

from ..factories import CreditFactory, TrackFactory, track_type


def whole_minute(moment):
    return moment.replace(second=0, microsecond=0)


def verified_credit(person, verifier, **fields):
    """Create a verified independent credit that starts and ends on whole minutes."""
    end = whole_minute(timezone.now() - timedelta(days=20))
    defaults = {
        "person": person,
        "title": "Weeding the YA collection",
        "begin": end - timedelta(hours=3),
        "end": end,
        "credits": 3,
        "status": Credit.Status.VERIFIED,
        "decided_by": verifier,
        "decided_at": timezone.now(),
    }
    return CreditFactory(**(defaults | fields))


def count_on_track(credit, status, name="Staff"):
    """Count `credit` on a new track of its owner in `status`, and return the track."""
    track = TrackFactory(
        person=credit.person,
        track_type=track_type(name),
        status=status,
        submitted_at=timezone.now(),
    )
    TrackCredit.objects.create(track=track, credit=credit, kind=track.kind)
    return track


ISSUED = Track.Status.ISSUED
SUBMITTED = Track.Status.SUBMITTED
APPROVED = Track.Status.APPROVED
