from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from certifications.models import Track
from certifications.periods import years_later
from certifications.progress import Fit, period_of, progress_for_tracks

from ..factories import CreditFactory, TrackFactory, track_type

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")


def ending_at(day, hour=12, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=DENVER)


def fit(track, credit):
    track = Track.objects.for_panel().get(pk=track.pk)
    return progress_for_tracks(track.person, [track])[0].fits[credit.pk]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2024, 3, 15), date(2028, 3, 15)),
        (date(2024, 2, 29), date(2028, 2, 28)),
        (date(2023, 12, 31), date(2027, 12, 31)),
    ],
)
def test_years_later(start, end):
    assert years_later(start) == end


@pytest.fixture
def old_track(participant):
    """A Trustee track whose whole period lies in the past."""
    return TrackFactory(
        person=participant,
        track_type=track_type("Trustee"),
        started_on=date(2020, 2, 29),
    )


def test_period_ends_on_28_february(old_track):
    assert period_of(old_track) == (date(2020, 2, 29), date(2024, 2, 28))


def test_first_day_counts(old_track, participant):
    credit = CreditFactory(person=participant, end=ending_at(date(2020, 2, 29), 9))

    assert fit(old_track, credit) == Fit.COUNTED


def test_day_before_start_is_outside(old_track, participant):
    credit = CreditFactory(person=participant, end=ending_at(date(2020, 2, 28)))

    assert fit(old_track, credit) == Fit.OUTSIDE_PERIOD


def test_last_day_late_evening_counts(old_track, participant):
    # 23:30 in Montana is already the next day in UTC.
    credit = CreditFactory(person=participant, end=ending_at(date(2024, 2, 28), 23, 30))

    assert fit(old_track, credit) == Fit.COUNTED


def test_day_after_end_is_outside(old_track, participant):
    credit = CreditFactory(person=participant, end=ending_at(date(2024, 2, 29), 0, 30))

    assert fit(old_track, credit) == Fit.OUTSIDE_PERIOD


def test_submission_freezes_counted_credits(participant):
    track = TrackFactory(person=participant, track_type=track_type("Trustee"))
    counted = CreditFactory(person=participant, credits=Decimal("15"))
    Track.objects.filter(pk=track.pk).update(
        status=Track.Status.SUBMITTED, submitted_at=counted.end
    )
    track.counted_credits.add(counted, through_defaults={"kind": track.kind})
    later = CreditFactory(person=participant, end=counted.end + timedelta(hours=1))

    track = Track.objects.for_panel().get(pk=track.pk)
    result = progress_for_tracks(participant, [track])[0]

    assert result.counted == [counted]
    assert later.pk not in result.fits
