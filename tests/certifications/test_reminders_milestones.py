from datetime import date, timedelta

import pytest

from certifications.reminders import LATE_LIMIT, Milestone, due_milestone, months_before


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 8, 15), 1, date(2027, 7, 15)),
        (date(2027, 8, 15), 12, date(2026, 8, 15)),
        (date(2027, 1, 10), 3, date(2026, 10, 10)),
        (date(2027, 3, 31), 1, date(2027, 2, 28)),
        (date(2028, 3, 31), 1, date(2028, 2, 29)),
        (date(2027, 3, 31), 6, date(2026, 9, 30)),
        (date(2028, 2, 29), 12, date(2027, 2, 28)),
        (date(2027, 5, 31), 0, date(2027, 5, 31)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_no_milestone_before_twelve_months():
    assert due_milestone(date(2027, 8, 15), date(2026, 8, 14)) is None


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 8, 15), Milestone("12m", date(2026, 8, 15))),
        (date(2027, 2, 14), Milestone("12m", date(2026, 8, 15))),
        (date(2027, 2, 15), Milestone("6m", date(2027, 2, 15))),
        (date(2027, 5, 15), Milestone("3m", date(2027, 5, 15))),
        (date(2027, 7, 15), Milestone("1m", date(2027, 7, 15))),
        (date(2027, 8, 14), Milestone("1m", date(2027, 7, 15))),
        (date(2027, 8, 15), Milestone("day", date(2027, 8, 15))),
    ],
)
def test_latest_milestone_on_or_before_today(today, expected):
    assert due_milestone(date(2027, 8, 15), today) == expected


def test_day_milestone_until_late_limit():
    target = date(2027, 8, 15)

    assert due_milestone(target, target + LATE_LIMIT) == Milestone("day", target)
    one_day = timedelta(days=1)
    assert due_milestone(target, target + LATE_LIMIT + one_day) is None
