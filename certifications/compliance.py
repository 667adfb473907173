"""Whether each public library's director is certified or within the deadline.

A public library meets the state's standards only while its director holds a
valid Library Director certificate or is within four years of the director
position's start date.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import timezone

from accounts.models import Library, Position, User

from .models import Certificate, TrackType
from .periods import years_later


class Status(models.TextChoices):
    CERTIFIED = "certified", "Certified"
    IN_WINDOW = "in_window", "In window"
    OVERDUE = "overdue", "Overdue"
    NO_DIRECTOR = "no_director", "No director on record"


# The order of the status sort: what needs the coordinator's attention first.
STATUS_RANK = {
    Status.OVERDUE: 0,
    Status.NO_DIRECTOR: 1,
    Status.IN_WINDOW: 2,
    Status.CERTIFIED: 3,
}

SORT_FIELDS = ("library", "city", "status", "due")
DEFAULT_SORT = "library"


@dataclass(frozen=True)
class ComplianceRow:
    """The status of one public library.

    `due_on` and `days` are set for the in-window and overdue statuses only:
    `days` counts the days left until the due date, or the days since it passed.
    """

    library: Library
    director: User | None
    position: Position | None
    status: Status
    due_on: date | None
    days: int | None
    certificate: Certificate | None


def valid_director_certificates(on=None):
    """Return the Library Director certificates valid on the date `on`."""
    return Certificate.objects.valid(on).filter(
        track__kind=TrackType.Kind.LIBRARY_DIRECTOR
    )


def _current_directors(today):
    """Return the current director position of each public library, by library id.

    A library with several active director positions is led by the one who
    started last.
    """
    positions = (
        Position.objects.active(today)
        .filter(kind=Position.Kind.DIRECTOR, library__kind=Library.Kind.PUBLIC)
        .select_related("person")
        .order_by("start_date", "pk")
    )
    return {position.library_id: position for position in positions}


def _certificates_by_person(person_ids, today):
    """Return the latest-expiring valid director certificate of each person."""
    certificates = valid_director_certificates(today).filter(person_id__in=person_ids)
    latest = {}
    for certificate in certificates.order_by("expires_on", "pk"):
        latest[certificate.person_id] = certificate
    return latest


def _row(library, position, certificate, today):
    if position is None:
        return ComplianceRow(
            library=library,
            director=None,
            position=None,
            status=Status.NO_DIRECTOR,
            due_on=None,
            days=None,
            certificate=None,
        )

    if certificate is not None:
        status, due_on, days = Status.CERTIFIED, None, None
    else:
        due_on = years_later(position.start_date)
        if due_on >= today:
            status, days = Status.IN_WINDOW, (due_on - today).days
        else:
            status, days = Status.OVERDUE, (today - due_on).days
    return ComplianceRow(
        library=library,
        director=position.person,
        position=position,
        status=status,
        due_on=due_on,
        days=days,
        certificate=certificate,
    )


def library_compliance(today=None):
    """Return a `ComplianceRow` for each public library, sorted by name.

    Runs three queries for any number of libraries.
    """
    today = today or timezone.localdate()
    libraries = list(Library.objects.filter(kind=Library.Kind.PUBLIC))
    directors = _current_directors(today)
    certificates = _certificates_by_person(
        {position.person_id for position in directors.values()}, today
    )

    rows = []
    for library in libraries:
        position = directors.get(library.pk)
        certificate = None
        if position is not None:
            certificate = certificates.get(position.person_id)
        rows.append(_row(library, position, certificate, today))
    return sort_rows(rows, DEFAULT_SORT)


def count_by_status(rows):
    """Return the number of rows of each status, every status included."""
    counts = dict.fromkeys(Status, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def filter_rows(rows, *, status="", text=""):
    """Return the rows of `status` whose library name, city or director name
    contains `text`, case ignored. An empty `status` or `text` matches all."""
    text = text.strip().casefold()
    matching = []
    for row in rows:
        if status and row.status != status:
            continue
        director_name = row.director.get_full_name() if row.director else ""
        searched = (row.library.name, row.library.city, director_name)
        if text and not any(text in value.casefold() for value in searched):
            continue
        matching.append(row)
    return matching


def parse_sort(value):
    """Return (field, descending) for a `?sort=` value such as "due" or "-city".

    A value outside `SORT_FIELDS` falls back to `DEFAULT_SORT`.
    """
    descending = value.startswith("-")
    field = value.removeprefix("-")
    if field not in SORT_FIELDS:
        return DEFAULT_SORT, False
    return field, descending


def sort_rows(rows, field, *, descending=False):
    """Sort rows by one of `SORT_FIELDS`, then by library name and city.

    Rows without a due date come last in either direction of the due-date sort.
    """
    rows = sorted(rows, key=_name_key)
    if field == "library":
        return rows[::-1] if descending else rows

    if field == "due":
        dated = [row for row in rows if row.due_on is not None]
        undated = [row for row in rows if row.due_on is None]
        dated.sort(key=lambda row: row.due_on, reverse=descending)
        return dated + undated

    # Python's sort is stable, also in reverse, so ties keep the name order.
    return sorted(rows, key=_SORT_KEYS[field], reverse=descending)


def _name_key(row):
    return (row.library.name.casefold(), row.library.city.casefold())


_SORT_KEYS = {
    "city": lambda row: row.library.city.casefold(),
    "status": lambda row: STATUS_RANK[row.status],
}
