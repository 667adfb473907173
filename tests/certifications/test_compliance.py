import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Library, Position
from certifications.compliance import (
    Status,
    count_by_status,
    filter_rows,
    library_compliance,
    parse_sort,
    sort_rows,
)
from certifications.models import Certificate, Track
from certifications.periods import years_later

from ..factories import LibraryFactory, PositionFactory, TrackFactory, track_type

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def certify(person, *, issued_on=None, track_name="Library Director, initial"):
    """Give `person` an issued certificate of the named 2023 track."""
    issued_on = issued_on or timezone.localdate() - timedelta(days=100)
    track = TrackFactory(
        person=person,
        track_type=track_type(track_name),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=person,
        number=f"MT-TEST{next(_numbers):04d}",
        holder_name=person.get_full_name(),
        track_name=track_name,
        issued_on=issued_on,
        expires_on=years_later(issued_on),
    )


def director_since(library, start_date, **fields):
    return PositionFactory(
        library=library,
        kind=Position.Kind.DIRECTOR,
        start_date=start_date,
        **fields,
    )


def row_of(library):
    rows = [row for row in library_compliance() if row.library == library]
    assert len(rows) == 1
    return rows[0]


def test_certified_director(library, supervisor):
    certificate = certify(supervisor)

    row = row_of(library)

    assert row.status == Status.CERTIFIED
    assert row.director == supervisor
    assert row.certificate == certificate
    assert row.due_on is None
    assert row.days is None


def test_director_in_window(library, supervisor):
    position = Position.objects.get(person=supervisor)
    due_on = years_later(position.start_date)

    row = row_of(library)

    assert row.status == Status.IN_WINDOW
    assert row.position == position
    assert row.due_on == due_on
    assert row.days == (due_on - timezone.localdate()).days
    assert row.certificate is None


def test_due_today_is_in_window(library):
    today = timezone.localdate()
    director_since(library, today.replace(year=today.year - 4))

    row = row_of(library)

    assert row.status == Status.IN_WINDOW
    assert row.due_on == today
    assert row.days == 0


def test_due_yesterday_is_overdue(library):
    yesterday = timezone.localdate() - timedelta(days=1)
    director_since(library, yesterday.replace(year=yesterday.year - 4))

    row = row_of(library)

    assert row.status == Status.OVERDUE
    assert row.due_on == yesterday
    assert row.days == 1


def test_expired_certificate_is_overdue(library):
    today = timezone.localdate()
    position = director_since(library, today - timedelta(days=6 * 365))
    certify(position.person, issued_on=today - timedelta(days=5 * 365))

    row = row_of(library)

    assert row.status == Status.OVERDUE
    assert row.certificate is None


def test_certificate_issued_later_not_valid(library, supervisor):
    certify(supervisor, issued_on=timezone.localdate() + timedelta(days=1))

    assert row_of(library).status == Status.IN_WINDOW


def test_staff_certificate_not_certified(library, supervisor):
    certify(supervisor, track_name="Staff")

    row = row_of(library)

    assert row.status == Status.IN_WINDOW
    assert row.certificate is None


def test_library_without_director(library, participant, board_chair):
    row = row_of(library)

    assert row.status == Status.NO_DIRECTOR
    assert row.director is None
    assert row.position is None
    assert row.due_on is None


def test_former_director_not_counted(library):
    today = timezone.localdate()
    former = director_since(
        library, today - timedelta(days=900), end_date=today - timedelta(days=1)
    )
    certify(former.person)

    row = row_of(library)

    assert row.status == Status.NO_DIRECTOR
    assert row.director is None


def test_former_director_certificate_not_counted(library, supervisor):
    today = timezone.localdate()
    former = director_since(
        library,
        today - timedelta(days=2000),
        end_date=today - timedelta(days=500),
        is_current=False,
    )
    certify(former.person)

    row = row_of(library)

    assert row.director == supervisor
    assert row.status == Status.IN_WINDOW


def test_latest_start_is_current_director(library, supervisor):
    newer = director_since(library, timezone.localdate() - timedelta(days=10))
    certify(supervisor)

    row = row_of(library)

    assert row.position == newer
    assert row.status == Status.IN_WINDOW


def test_director_starting_later_not_counted(library):
    director_since(library, timezone.localdate() + timedelta(days=30))

    assert row_of(library).status == Status.NO_DIRECTOR


def test_non_public_libraries_excluded(library):
    for kind in (Library.Kind.ACADEMIC, Library.Kind.SCHOOL, Library.Kind.SPECIAL):
        other = LibraryFactory(kind=kind)
        director_since(other, timezone.localdate() - timedelta(days=30))

    libraries = [row.library for row in library_compliance()]

    assert libraries == [library]


def test_rows_ordered_by_name(db):
    LibraryFactory(name="Whitefish Community Library")
    LibraryFactory(name="billings Public Library")
    LibraryFactory(name="Missoula Public Library")

    names = [row.library.name for row in library_compliance()]

    assert names == [
        "billings Public Library",
        "Missoula Public Library",
        "Whitefish Community Library",
    ]


def test_three_queries_for_many_libraries(django_assert_num_queries):
    for _ in range(8):
        position = director_since(
            LibraryFactory(), timezone.localdate() - timedelta(days=30)
        )
        certify(position.person)
    LibraryFactory()

    with django_assert_num_queries(3):
        rows = library_compliance()
        for row in rows:
            str(row.director)
            str(row.certificate)

    assert len(rows) == 9


def test_count_by_status(library, supervisor, outsider):
    certify(outsider)
    LibraryFactory()

    counts = count_by_status(library_compliance())

    assert counts == {
        Status.CERTIFIED: 1,
        Status.IN_WINDOW: 1,
        Status.OVERDUE: 0,
        Status.NO_DIRECTOR: 1,
    }


def test_filter_by_status(library, supervisor, outsider):
    certify(outsider)

    rows = filter_rows(library_compliance(), status=Status.CERTIFIED)

    assert [row.director for row in rows] == [outsider]


def test_filter_by_text(library, supervisor, outsider):
    rows = library_compliance()

    by_name = filter_rows(rows, text="  lewis and ")
    by_city = filter_rows(rows, text="HAMILTON")
    by_director = filter_rows(rows, text="dana dir")

    assert [row.library for row in by_name] == [library]
    assert [row.director for row in by_city] == [outsider]
    assert [row.director for row in by_director] == [supervisor]
    assert filter_rows(rows, text="nowhere") == []


def test_parse_sort():
    assert parse_sort("due") == ("due", False)
    assert parse_sort("-city") == ("city", True)
    assert parse_sort("") == ("library", False)
    assert parse_sort("-director__email") == ("library", False)
    assert parse_sort("--due") == ("library", False)


def test_sort_by_due_puts_undated_last(library, supervisor):
    today = timezone.localdate()
    late = director_since(LibraryFactory(), today - timedelta(days=5 * 365))
    certified = director_since(LibraryFactory(), today - timedelta(days=30))
    certify(certified.person)
    rows = library_compliance()

    ascending = [row.position for row in sort_rows(rows, "due")]
    descending = [row.position for row in sort_rows(rows, "due", descending=True)]

    supervisor_seat = Position.objects.get(person=supervisor)
    assert ascending == [late, supervisor_seat, certified]
    assert descending == [supervisor_seat, late, certified]


def test_sort_by_status_puts_overdue_first(library, supervisor, outsider):
    certify(supervisor)
    overdue = LibraryFactory(name="Zortman Library")
    director_since(overdue, timezone.localdate() - timedelta(days=5 * 365))
    empty = LibraryFactory(name="Yaak Library")
    rows = library_compliance()

    statuses = [row.status for row in sort_rows(rows, "status")]
    names = [row.library.name for row in sort_rows(rows, "status")]

    assert statuses == [
        Status.OVERDUE,
        Status.NO_DIRECTOR,
        Status.IN_WINDOW,
        Status.CERTIFIED,
    ]
    assert names[:2] == [overdue.name, empty.name]


def test_sort_by_city_then_name(db):
    LibraryFactory(name="B Library", city="Butte")
    LibraryFactory(name="A Library", city="Helena")
    LibraryFactory(name="C Library", city="Butte")
    rows = library_compliance()

    names = [row.library.name for row in sort_rows(rows, "city")]
    reversed_names = [
        row.library.name for row in sort_rows(rows, "city", descending=True)
    ]

    assert names == ["B Library", "C Library", "A Library"]
    assert reversed_names == ["A Library", "B Library", "C Library"]
