"""Which credits count toward a track, and how far the track has come.

Every figure the site shows about a track (the progress bars, the credits still
needed, the submit prompt, the coordinator's review) comes from `track_progress`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone

from ce_credits.models import Credit

from .models import Track, TrackCredit

ZERO = Decimal("0")


class Fit(models.TextChoices):
    COUNTED = "counted", "Counted"
    OUTSIDE_PERIOD = "outside_period", "Outside the period"
    ALREADY_USED = "already_used", "Already used"
    DENIED = "denied", "Denied"


@dataclass(frozen=True)
class Minimum:
    category_id: int
    category_name: str
    credits: Decimal


@dataclass(frozen=True)
class Requirements:
    track_name: str
    edition_name: str
    total: Decimal
    minimums: tuple[Minimum, ...]

    def as_json(self):
        return {
            "track": self.track_name,
            "edition": self.edition_name,
            "total": str(self.total),
            "minimums": [
                {
                    "category_id": minimum.category_id,
                    "category": minimum.category_name,
                    "credits": str(minimum.credits),
                }
                for minimum in self.minimums
            ],
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            track_name=data["track"],
            edition_name=data["edition"],
            total=Decimal(data["total"]),
            minimums=tuple(
                Minimum(
                    category_id=item["category_id"],
                    category_name=item["category"],
                    credits=Decimal(item["credits"]),
                )
                for item in data["minimums"]
            ),
        )


def requirements_of(track):
    """Return the rules of a track: frozen on submission, live before it.

    Reads `track.track_type.minimums`, which callers prefetch with
    `Track.objects.for_panel()`.
    """
    if track.requirements:
        return Requirements.from_json(track.requirements)

    track_type = track.track_type
    return Requirements(
        track_name=track_type.name,
        edition_name=track_type.edition.name,
        total=track_type.total_credits,
        minimums=tuple(
            Minimum(
                category_id=minimum.category_id,
                category_name=minimum.category.name,
                credits=minimum.credits,
            )
            for minimum in track_type.minimums.all()
        ),
    )


@dataclass
class CategoryProgress:
    category_id: int
    name: str
    required: Decimal
    earned: Decimal = ZERO
    verified: Decimal = ZERO

    @property
    def needed(self):
        return max(self.required - self.earned, ZERO)

    @property
    def percent(self):
        return percent_of(self.earned, self.required)


@dataclass
class TrackProgress:
    track: Track
    requirements: Requirements
    categories: list[CategoryProgress]
    fits: dict[int, Fit] = field(default_factory=dict)
    counted: list[Credit] = field(default_factory=list)

    @property
    def total_required(self):
        return self.requirements.total

    @property
    def total_earned(self):
        return sum((credit.credits for credit in self.counted), ZERO)

    @property
    def total_verified(self):
        return sum(
            (credit.credits for credit in self.counted if not credit.is_pending), ZERO
        )

    @property
    def total_needed(self):
        return max(self.total_required - self.total_earned, ZERO)

    @property
    def percent(self):
        return percent_of(self.total_earned, self.total_required)

    @property
    def is_complete(self):
        """Whether the counted credits reach the total and every minimum."""
        return self.total_needed == ZERO and all(
            category.needed == ZERO for category in self.categories
        )

    @property
    def pending(self):
        return [credit for credit in self.counted if credit.is_pending]

    @property
    def all_verified(self):
        return not self.pending


def percent_of(part, whole):
    if whole <= ZERO:
        return 100
    return min(int(part * 100 / whole), 100)


def period_of(track):
    """Return the first and last day on which a counted credit's event may end."""
    return track.started_on, track.period_end


def fit_of(credit, track, used_ids):
    """Return whether `credit` counts toward an open track, or why it does not.

    No credit's event ends in the future, so every counted credit ended before
    the submission that freezes the list.
    """
    if credit.status == Credit.Status.DENIED:
        return Fit.DENIED
    if credit.pk in used_ids:
        return Fit.ALREADY_USED

    first_day, last_day = period_of(track)
    ended_on = timezone.localdate(credit.end)
    if not first_day <= ended_on <= last_day:
        return Fit.OUTSIDE_PERIOD
    return Fit.COUNTED


def track_progress(track, credits, used_ids=frozenset(), frozen_ids=None):
    """Compute a track's progress from the owner's credits.

    `used_ids` holds the credits counted by another track of the same kind.
    A submitted track counts what it counted on submission: `frozen_ids`,
    less the credits denied since.
    """
    requirements = requirements_of(track)
    categories = [
        CategoryProgress(minimum.category_id, minimum.category_name, minimum.credits)
        for minimum in requirements.minimums
    ]
    by_category = {category.category_id: category for category in categories}
    progress = TrackProgress(track, requirements, categories)

    for credit in credits:
        if frozen_ids is not None:
            if credit.pk not in frozen_ids:
                continue
            fit = Fit.DENIED if credit.status == Credit.Status.DENIED else Fit.COUNTED
        else:
            fit = fit_of(credit, track, used_ids)
        progress.fits[credit.pk] = fit
        if fit != Fit.COUNTED:
            continue

        progress.counted.append(credit)
        category = by_category.get(credit.category_id)
        if category is not None:
            category.earned += credit.credits
            if not credit.is_pending:
                category.verified += credit.credits

    return progress


def progress_for_tracks(person, tracks, credits=None):
    """Compute the progress of several tracks of one person in two queries.

    Pass `credits` when the caller has already fetched the person's credits.
    """
    if credits is None:
        credits = list(Credit.objects.filter(person=person).for_panel())

    rows = TrackCredit.objects.filter(credit__person=person).values_list(
        "track_id", "credit_id", "kind"
    )
    frozen = {}
    used_by_kind = {}
    for track_id, credit_id, kind in rows:
        frozen.setdefault(track_id, set()).add(credit_id)
        used_by_kind.setdefault(kind, {}).setdefault(credit_id, track_id)

    results = []
    for track in tracks:
        if track.is_locked:
            results.append(
                track_progress(track, credits, frozen_ids=frozen.get(track.pk, set()))
            )
            continue
        used_ids = {
            credit_id
            for credit_id, track_id in used_by_kind.get(track.kind, {}).items()
            if track_id != track.pk
        }
        results.append(track_progress(track, credits, used_ids=used_ids))
    return results
