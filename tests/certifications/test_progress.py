from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ce_credits.models import Credit
from certifications.models import Track, TrackCredit
from certifications.progress import Fit, progress_for_tracks

from ..factories import CreditFactory, TrackFactory, category, track_type

pytestmark = pytest.mark.django_db

ADMINISTRATION = "Library Administration"
PUBLIC = "Library Services to the Public"
COLLECTION = "Collection Management and Technical Services"
TECHNOLOGY = "Technology"


def progress(person, name):
    """Return the progress of the person's open track of `name`, adding it."""
    kind = track_type(name).kind
    track = Track.objects.open().filter(person=person, kind=kind).first()
    if track is None:
        track = TrackFactory(person=person, track_type=track_type(name))
    track = Track.objects.for_panel().get(pk=track.pk)
    return progress_for_tracks(person, [track])[0]


def earn(person, category_name, credits, **fields):
    return CreditFactory(
        person=person,
        category=category(category_name),
        credits=Decimal(credits),
        **fields,
    )


def needed(result, category_name):
    return next(c.needed for c in result.categories if c.name == category_name)


def test_director_initial_needs_administration(participant):
    earn(participant, TECHNOLOGY, 60)

    result = progress(participant, "Library Director, initial")

    assert result.total_earned == 60
    assert result.total_needed == 0
    assert needed(result, ADMINISTRATION) == 30
    assert not result.is_complete


def test_director_initial_complete(participant):
    earn(participant, ADMINISTRATION, 30)
    earn(participant, PUBLIC, "29.5")
    earn(participant, TECHNOLOGY, "0.5")

    result = progress(participant, "Library Director, initial")

    assert result.total_earned == 60
    assert result.is_complete


def test_director_renewal_counts_any_category(participant):
    earn(participant, COLLECTION, 59)

    result = progress(participant, "Library Director, renewal")

    assert result.categories == []
    assert result.total_needed == 1
    assert not result.is_complete

    earn(participant, TECHNOLOGY, 1)
    assert progress(participant, "Library Director, renewal").is_complete


def test_staff_needs_every_category(participant):
    earn(participant, ADMINISTRATION, 45)
    earn(participant, PUBLIC, 5)
    earn(participant, COLLECTION, 5)
    earn(participant, TECHNOLOGY, "4.5")

    result = progress(participant, "Staff")

    assert result.total_earned == Decimal("59.5")
    assert needed(result, TECHNOLOGY) == Decimal("0.5")
    assert needed(result, ADMINISTRATION) == 0
    assert not result.is_complete


def test_staff_complete_with_minimums_and_rest(participant):
    for name in (ADMINISTRATION, PUBLIC, COLLECTION, TECHNOLOGY):
        earn(participant, name, 5)
    earn(participant, PUBLIC, 40)

    assert progress(participant, "Staff").is_complete


def test_trustee_reaches_total_but_misses_minimum(participant):
    earn(participant, ADMINISTRATION, "9.5")
    earn(participant, TECHNOLOGY, "5.5")

    result = progress(participant, "Trustee")

    assert result.total_needed == 0
    assert needed(result, ADMINISTRATION) == Decimal("0.5")
    assert not result.is_complete


def test_trustee_complete(participant):
    earn(participant, ADMINISTRATION, 10)
    earn(participant, PUBLIC, 5)

    result = progress(participant, "Trustee")

    assert result.is_complete
    assert result.percent == 100


def test_pending_counts_and_is_reported(participant, supervisor):
    verified = earn(
        participant,
        ADMINISTRATION,
        10,
        status=Credit.Status.VERIFIED,
        decided_by=supervisor,
        decided_at=timezone.now(),
    )
    pending = earn(participant, PUBLIC, 5)

    result = progress(participant, "Trustee")

    assert result.is_complete
    assert result.total_verified == 10
    assert result.pending == [pending]
    assert result.fits[verified.pk] == Fit.COUNTED
    assert not result.all_verified


def test_denied_credit_does_not_count(participant, supervisor):
    denied = earn(
        participant,
        ADMINISTRATION,
        10,
        status=Credit.Status.DENIED,
        denial_reason="A business meeting",
        decided_by=supervisor,
        decided_at=timezone.now(),
    )
    earn(participant, PUBLIC, 5)

    result = progress(participant, "Trustee")

    assert result.total_earned == 5
    assert result.fits[denied.pk] == Fit.DENIED
    assert not result.is_complete


def test_credit_before_start_is_outside_period(participant):
    old = earn(
        participant,
        ADMINISTRATION,
        10,
        end=timezone.now() - timedelta(days=800),
    )

    result = progress(participant, "Trustee")

    assert result.fits[old.pk] == Fit.OUTSIDE_PERIOD
    assert result.total_earned == 0


def test_credit_used_by_issued_track_of_same_kind(participant):
    used = earn(participant, ADMINISTRATION, 10)
    issued = TrackFactory(
        person=participant,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    TrackCredit.objects.create(track=issued, credit=used, kind=issued.kind)

    trustee = progress(participant, "Trustee")
    staff = progress(participant, "Staff")

    assert trustee.fits[used.pk] == Fit.ALREADY_USED
    assert staff.fits[used.pk] == Fit.COUNTED


def test_progress_of_many_tracks_in_two_queries(participant, django_assert_num_queries):
    for _ in range(20):
        earn(participant, ADMINISTRATION, 1)
    tracks = [
        TrackFactory(person=participant, track_type=track_type(name))
        for name in ("Staff", "Trustee")
    ]
    tracks = list(Track.objects.for_panel().filter(pk__in=[t.pk for t in tracks]))

    with django_assert_num_queries(2):
        results = progress_for_tracks(participant, tracks)

    assert {result.total_earned for result in results} == {20}
