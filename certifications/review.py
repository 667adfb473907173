"""Reads for the coordinator's review: the queue, one track's record, duplicates."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Position
from ce_credits.models import Category, Credit

from .models import Certificate, Track, TrackCredit, TrackTransition
from .progress import (
    ZERO,
    CategoryProgress,
    Fit,
    TrackProgress,
    progress_for_tracks,
    track_progress,
)

STATUS_BADGES = {
    Credit.Status.PENDING: "warning",
    Credit.Status.VERIFIED: "success",
    Credit.Status.DENIED: "danger",
}


def normalized_title(title):
    """Return `title` in lower case with each run of whitespace made one space."""
    return " ".join(title.lower().split())


def _days_of(credit):
    return timezone.localdate(credit.begin), timezone.localdate(credit.end)


def _days_overlap(first, second):
    first_begin, first_end = _days_of(first)
    second_begin, second_end = _days_of(second)
    return first_begin <= second_end and second_begin <= first_end


def find_duplicates(credits):
    """Map the pk of each credit that may repeat another to the credits it repeats.

    Two credits match when their titles are equal after `normalized_title` and
    their date ranges overlap. Ranges are compared in whole days of the site's
    time zone, so one event entered twice with different hours still matches.
    """
    by_title = defaultdict(list)
    for credit in credits:
        by_title[normalized_title(credit.title)].append(credit)

    duplicates = {}
    for same_title in by_title.values():
        for first, second in combinations(same_title, 2):
            if _days_overlap(first, second):
                duplicates.setdefault(first.pk, []).append(second)
                duplicates.setdefault(second.pk, []).append(first)
    return duplicates


def _current_seats():
    return Prefetch(
        "person__positions",
        Position.objects.filter(is_current=True).select_related("library"),
        to_attr="current_seats",
    )


def _seat_of(person):
    return person.current_seats[0] if person.current_seats else None


@dataclass(frozen=True)
class QueueRow:
    """A track in the coordinator's queue, with its owner's current position."""

    track: Track
    seat: Position | None
    progress: TrackProgress


def queue_rows(status):
    """Return the tracks in `status`, oldest submission first, with their figures.

    The query count stays the same however many rows there are, because every
    track's frozen credits are prefetched and `track_progress` computes the
    figures from them.
    """
    tracks = (
        Track.objects.for_panel()
        .filter(status=status)
        .select_related("person")
        .prefetch_related(
            _current_seats(),
            Prefetch(
                "trackcredit_set",
                TrackCredit.objects.select_related("credit"),
                to_attr="frozen_rows",
            ),
        )
        .order_by("submitted_at", "pk")
    )

    rows = []
    for track in tracks:
        credits = [row.credit for row in track.frozen_rows]
        frozen_ids = {credit.pk for credit in credits}
        progress = track_progress(track, credits, frozen_ids=frozen_ids)
        rows.append(
            QueueRow(track=track, seat=_seat_of(track.person), progress=progress)
        )
    return rows


@dataclass(frozen=True)
class ListedCredit:
    """A credit on the review page, with the credits it may repeat."""

    credit: Credit
    counted: bool
    duplicates: tuple[Credit, ...]

    @property
    def badge(self):
        return STATUS_BADGES[self.credit.status]


@dataclass
class CategoryGroup:
    """The listed credits of one category and what they add up to."""

    category: Category
    minimum: CategoryProgress | None
    credits: list[ListedCredit] = field(default_factory=list)
    earned: Decimal = ZERO
    verified: Decimal = ZERO


@dataclass(frozen=True)
class HistoryEntry:
    transition: TrackTransition
    from_label: str
    to_label: str


@dataclass
class TrackReview:
    """Everything the review page shows about one track."""

    track: Track
    seat: Position | None
    progress: TrackProgress
    groups: list[CategoryGroup]
    verifiers: list
    history: list[HistoryEntry]
    certificate: Certificate | None

    @property
    def requirements(self):
        return self.progress.requirements

    @property
    def can_approve(self):
        return self.track.status == Track.Status.SUBMITTED

    @property
    def is_approved(self):
        return self.track.status == Track.Status.APPROVED

    @property
    def can_return(self):
        return self.track.status in (Track.Status.SUBMITTED, Track.Status.APPROVED)

    @property
    def duplicate_count(self):
        return sum(
            1 for group in self.groups for listed in group.credits if listed.duplicates
        )


def _is_listed(credit, track, progress):
    # A submitted track lists every credit it froze, denied ones included,
    # which explains a figure that dropped. Before submission the page lists
    # only the credits that would count.
    fit = progress.fits.get(credit.pk)
    if track.is_locked:
        return fit is not None
    return fit == Fit.COUNTED


def _group_by_category(listed, progress, categories):
    minimums = {category.category_id: category for category in progress.categories}
    groups = {
        category.pk: CategoryGroup(category, minimums.get(category.pk))
        for category in categories
    }

    for item in listed:
        group = groups[item.credit.category_id]
        group.credits.append(item)
        if item.counted:
            group.earned += item.credit.credits
            if not item.credit.is_pending:
                group.verified += item.credit.credits

    return [
        group for group in groups.values() if group.credits or group.minimum is not None
    ]


def _status_label(value):
    return Track.Status(value).label if value else "New"


def review_of(track):
    """Collect the review page of `track`: figures, credits, duplicates, history.

    `track` comes from `get_track_to_review`, with its type and owner loaded.
    """
    person = track.person
    credits = list(
        Credit.objects.filter(person=person)
        .for_panel()
        .prefetch_related("proofs")
        .order_by("begin", "pk")
    )
    progress = progress_for_tracks(person, [track], credits=credits)[0]
    duplicates = find_duplicates(credits)

    listed = [
        ListedCredit(
            credit=credit,
            counted=progress.fits[credit.pk] == Fit.COUNTED,
            duplicates=tuple(duplicates.get(credit.pk, ())),
        )
        for credit in credits
        if _is_listed(credit, track, progress)
    ]
    groups = _group_by_category(listed, progress, Category.objects.all())

    seat = person.positions.filter(is_current=True).select_related("library").first()
    history = [
        HistoryEntry(
            transition=transition,
            from_label=_status_label(transition.from_status),
            to_label=_status_label(transition.to_status),
        )
        for transition in track.transitions.select_related("actor")
    ]
    User = get_user_model()
    return TrackReview(
        track=track,
        seat=seat,
        progress=progress,
        groups=groups,
        verifiers=list(User.objects.verifiers_of(person)),
        history=history,
        certificate=Certificate.objects.filter(track=track).first(),
    )
