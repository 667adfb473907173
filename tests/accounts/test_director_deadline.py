import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Library, Position
from accounts.services import director_deadline_notify
from certifications.models import Certificate, Track
from certifications.periods import years_later

from ..factories import (
    LibraryFactory,
    PositionFactory,
    TrackFactory,
    UserFactory,
    track_type,
)

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


@pytest.fixture
def director(db):
    return UserFactory(first_name="Nell", last_name="Newhire", email="nell@x.example")


def certify(person, *, track_name="Library Director, initial", issued_on=None):
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
        number=f"MT-DEAD{next(_numbers):04d}",
        holder_name=person.get_full_name(),
        track_name=track_name,
        issued_on=issued_on,
        expires_on=years_later(issued_on),
    )


def hire(person, library, *, kind=Position.Kind.DIRECTOR, **fields):
    fields.setdefault("start_date", timezone.localdate() - timedelta(days=20))
    return PositionFactory(person=person, library=library, kind=kind, **fields)


def test_mail_to_director_and_board_chair(
    library, board_chair, director, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        position = hire(director, library)

    due_on = years_later(position.start_date)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == ["cory@lclib.example", "nell@x.example"]
    assert message.subject == (
        f"Library Director certification due {due_on:%B} {due_on.day}, "
        f"{due_on.year}: Lewis and Clark Library"
    )
    assert f"due by {due_on:%B} {due_on.day}, {due_on.year}" in message.body
    assert "to the library board chair: Cory Chair." in message.body


def test_mail_waits_for_commit(
    library, board_chair, director, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        hire(director, library)

    assert len(callbacks) == 1
    assert mailoutbox == []


def test_no_mail_for_staff_position(
    library, board_chair, director, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        hire(director, library, kind=Position.Kind.STAFF)

    assert callbacks == []
    assert mailoutbox == []


def test_no_mail_when_position_changes(
    library, board_chair, director, django_capture_on_commit_callbacks, mailoutbox
):
    position = hire(director, library)

    with django_capture_on_commit_callbacks(execute=True):
        position.title = "Library Director"
        position.save()

    assert mailoutbox == []


def test_no_mail_for_certified_director(
    library, board_chair, director, django_capture_on_commit_callbacks, mailoutbox
):
    certify(director)

    with django_capture_on_commit_callbacks(execute=True):
        hire(director, library)

    assert mailoutbox == []


def test_expired_certificate_still_gets_mail(
    library, board_chair, director, django_capture_on_commit_callbacks, mailoutbox
):
    certify(director, issued_on=timezone.localdate() - timedelta(days=5 * 365))

    with django_capture_on_commit_callbacks(execute=True):
        hire(director, library)

    assert len(mailoutbox) == 1


def test_staff_certificate_still_gets_mail(
    library, board_chair, director, django_capture_on_commit_callbacks, mailoutbox
):
    certify(director, track_name="Staff")

    with django_capture_on_commit_callbacks(execute=True):
        hire(director, library)

    assert len(mailoutbox) == 1


def test_director_without_board_chair(
    library, director, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        hire(director, library)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nell@x.example"]
    assert "board chair" not in mailoutbox[0].body


def test_only_active_chairs_of_same_library(
    library, board_chair, director, django_capture_on_commit_callbacks, mailoutbox
):
    today = timezone.localdate()
    former_chair = hire(
        UserFactory(),
        library,
        kind=Position.Kind.BOARD_CHAIR,
        start_date=today - timedelta(days=900),
        end_date=today - timedelta(days=30),
    ).person
    other_chair = hire(
        UserFactory(), LibraryFactory(), kind=Position.Kind.BOARD_CHAIR
    ).person

    with django_capture_on_commit_callbacks(execute=True):
        hire(director, library)

    recipients = mailoutbox[0].to
    assert board_chair.email in recipients
    assert former_chair.email not in recipients
    assert other_chair.email not in recipients


def test_no_mail_for_school_library(
    director, django_capture_on_commit_callbacks, mailoutbox
):
    school = LibraryFactory(kind=Library.Kind.SCHOOL)

    with django_capture_on_commit_callbacks(execute=True):
        hire(director, school)

    assert mailoutbox == []


def test_no_mail_for_ended_position(
    library, director, django_capture_on_commit_callbacks, mailoutbox
):
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        hire(
            director,
            library,
            start_date=today - timedelta(days=3000),
            end_date=today - timedelta(days=1000),
        )

    assert mailoutbox == []


def test_past_deadline_says_overdue(
    library, director, django_capture_on_commit_callbacks, mailoutbox
):
    start_date = timezone.localdate() - timedelta(days=5 * 365)

    with django_capture_on_commit_callbacks(execute=True):
        hire(director, library, start_date=start_date)

    assert "so the certificate is overdue" in mailoutbox[0].body


def test_service_returns_whether_sent(library, director, mailoutbox):
    position = hire(director, library)
    staff = hire(UserFactory(), library, kind=Position.Kind.STAFF)

    assert director_deadline_notify(position) is True
    assert director_deadline_notify(staff) is False
    assert len(mailoutbox) == 1
