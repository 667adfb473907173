from datetime import date, timedelta

import pytest

from accounts.models import Library, Position
from certifications.models import Reminder
from certifications.reminders import LATE_LIMIT, director_mails, months_before

from ..factories import LibraryFactory, PositionFactory, UserFactory
from .reminders_support import (
    LONG_AGO,
    hire_director,
    issue_certificate,
    keys_sent,
    run,
)

pytestmark = pytest.mark.django_db

START_DATE = date(2027, 5, 31)
DUE_ON = date(2031, 5, 31)
ONE_DAY = timedelta(days=1)


@pytest.fixture
def chair(board_chair):
    board_chair.positions.update(start_date=LONG_AGO)
    return board_chair


@pytest.fixture
def director(library):
    """A director who started on START_DATE, so the certificate is due on DUE_ON."""
    user = UserFactory(first_name="Nell", last_name="Newhire", email="nell@x.example")
    hire_director(library, person=user, start_date=START_DATE)
    return user


def position_of(user):
    return user.positions.get(kind=Position.Kind.DIRECTOR)


@pytest.mark.parametrize(
    ("months", "label"), [(12, "12m"), (6, "6m"), (3, "3m"), (1, "1m"), (0, "day")]
)
def test_director_and_chair_on_each_milestone(
    director, chair, mailoutbox, months, label
):
    result = run(months_before(DUE_ON, months))

    key = f"director:{position_of(director).pk}:{label}"
    assert result.sent[Reminder.Kind.DIRECTOR_DUE] == 2
    assert keys_sent() == [(key, "cory@lclib.example"), (key, "nell@x.example")]
    assert sorted(message.to[0] for message in mailoutbox) == [
        "cory@lclib.example",
        "nell@x.example",
    ]


def test_mail_reads(director, chair, mailoutbox):
    run(months_before(DUE_ON, 6))

    message = mailoutbox[0]
    assert message.subject == (
        "Library Director certification due May 31, 2031: Lewis and Clark Library"
    )
    assert "director of Lewis and Clark Library in Helena since May 31, 2027" in (
        message.body
    )
    assert "due by May 31, 2031, four years from the start date: 182 days" in (
        message.body
    )
    assert "to the library board chair: Cory Chair." in message.body
    assert message.body.endswith("\nhttp://127.0.0.1:8000/ce/")


def test_late_mail_says_overdue(director, chair, mailoutbox):
    run(DUE_ON + ONE_DAY)

    message = mailoutbox[0]
    assert message.subject == (
        "Library Director certification overdue since May 31, 2031: "
        "Lewis and Clark Library"
    )
    assert "passed on May 31, 2031, so the certificate is overdue." in message.body


def test_nothing_before_twelve_months(director, chair, mailoutbox):
    run(months_before(DUE_ON, 12) - ONE_DAY)

    assert mailoutbox == []


def test_nothing_long_after_due_date(director, chair, mailoutbox):
    run(DUE_ON + LATE_LIMIT + ONE_DAY)

    assert mailoutbox == []


def test_second_run_sends_nothing(director, chair, mailoutbox):
    run(months_before(DUE_ON, 3))
    run(months_before(DUE_ON, 3))
    run(months_before(DUE_ON, 3) + ONE_DAY)

    assert len(mailoutbox) == 2


def test_first_late_run_sends_latest_only(director, chair, mailoutbox):
    run(months_before(DUE_ON, 1) + timedelta(days=3))

    key = f"director:{position_of(director).pk}:1m"
    assert keys_sent() == [(key, "cory@lclib.example"), (key, "nell@x.example")]


def test_stops_once_certified(director, chair, mailoutbox):
    run(months_before(DUE_ON, 6))
    issue_certificate(
        director,
        track_name="Library Director, initial",
        issued_on=date(2031, 1, 5),
        expires_on=date(2035, 1, 5),
    )

    run(months_before(DUE_ON, 3))
    run(DUE_ON)

    assert len(mailoutbox) == 2
    assert all(key.endswith(":6m") for key, _ in keys_sent())


def test_staff_certificate_does_not_stop(director, chair, mailoutbox):
    issue_certificate(director, issued_on=date(2030, 1, 5), expires_on=date(2034, 1, 5))

    run(months_before(DUE_ON, 3))

    assert len(mailoutbox) == 2


def test_without_board_chair(director, mailoutbox):
    run(months_before(DUE_ON, 3))

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nell@x.example"]
    assert "board chair" not in mailoutbox[0].body


def test_no_mail_to_inactive_chair(director, chair, mailoutbox):
    chair.is_active = False
    chair.save(update_fields=["is_active"])

    run(months_before(DUE_ON, 3))

    assert [message.to for message in mailoutbox] == [["nell@x.example"]]


def test_no_mail_for_inactive_director(director, chair, mailoutbox):
    director.is_active = False
    director.save(update_fields=["is_active"])

    run(months_before(DUE_ON, 3))

    assert mailoutbox == []


def test_chair_in_two_seats_mailed_once(director, chair, library, mailoutbox):
    PositionFactory(
        person=chair,
        library=library,
        kind=Position.Kind.BOARD_CHAIR,
        start_date=LONG_AGO,
        is_current=False,
    )

    run(months_before(DUE_ON, 3))

    assert sorted(message.to[0] for message in mailoutbox) == [
        "cory@lclib.example",
        "nell@x.example",
    ]


def test_chair_of_other_library_not_mailed(director, chair, mailoutbox):
    PositionFactory(
        library=LibraryFactory(),
        kind=Position.Kind.BOARD_CHAIR,
        start_date=LONG_AGO,
        person__email="elsewhere@x.example",
    )

    run(months_before(DUE_ON, 3))

    recipients = {message.to[0] for message in mailoutbox}
    assert "elsewhere@x.example" not in recipients


def test_no_mail_for_school_library(mailoutbox):
    school = LibraryFactory(kind=Library.Kind.SCHOOL)
    hire_director(school, start_date=START_DATE)

    run(months_before(DUE_ON, 3))

    assert mailoutbox == []


def test_newest_director_gets_mail(director, chair, library, mailoutbox):
    former = position_of(director)
    former.end_date = date(2028, 1, 31)
    former.save(update_fields=["end_date"])
    successor = hire_director(
        library, start_date=date(2028, 2, 1), person__email="next@x.example"
    )

    run(months_before(date(2032, 2, 1), 12))

    key = f"director:{successor.pk}:12m"
    assert keys_sent() == [(key, "cory@lclib.example"), (key, "next@x.example")]


def test_planning_query_count(chair, django_assert_max_num_queries):
    for _ in range(4):
        hire_director(LibraryFactory(), start_date=START_DATE)

    with django_assert_max_num_queries(5):
        mails = director_mails(months_before(DUE_ON, 3))

    assert len(mails) == 4
