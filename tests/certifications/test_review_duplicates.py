from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from ce_credits.models import Credit
from certifications.review import find_duplicates, normalized_title


def at(day, hour=9):
    """Return 9 a.m. (or `hour`) on day `day` of March 2026 in the site's zone."""
    return timezone.make_aware(datetime(2026, 3, day, hour))


def credit(pk, title, begin, end):
    return Credit(pk=pk, title=title, begin=begin, end=end)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Open Meeting Law", "open meeting law"),
        ("  Open\tMeeting \n Law ", "open meeting law"),
        ("OPEN  MEETING  LAW", "open meeting law"),
    ],
)
def test_normalized_title(title, expected):
    assert normalized_title(title) == expected


def test_same_event_twice():
    first = credit(1, "Open Meeting Law", at(3), at(3, 11))
    second = credit(2, "open  meeting law", at(3, 13), at(3, 15))

    duplicates = find_duplicates([first, second])

    assert duplicates == {1: [second], 2: [first]}


def test_overlapping_multi_day_ranges():
    conference = credit(1, "MLA Conference", at(10), at(12, 17))
    one_day = credit(2, "MLA conference", at(12), at(12, 12))

    assert find_duplicates([conference, one_day]) == {1: [one_day], 2: [conference]}


def test_touching_days_overlap():
    first = credit(1, "Grant writing", at(3), at(4, 17))
    second = credit(2, "Grant writing", at(4, 18), at(5))

    assert set(find_duplicates([first, second])) == {1, 2}


def test_separate_days_not_duplicates():
    first = credit(1, "Storytime skills", at(3), at(3, 11))
    second = credit(2, "Storytime skills", at(4), at(4, 11))

    assert find_duplicates([first, second]) == {}


def test_different_titles_not_duplicates():
    first = credit(1, "Storytime skills", at(3), at(3, 11))
    second = credit(2, "Storytime skills II", at(3), at(3, 11))

    assert find_duplicates([first, second]) == {}


def test_three_copies_all_listed():
    copies = [credit(pk, "Weeding", at(3), at(3, 11)) for pk in (1, 2, 3)]

    duplicates = find_duplicates(copies)

    assert duplicates[1] == [copies[1], copies[2]]
    assert duplicates[2] == [copies[0], copies[2]]
    assert duplicates[3] == [copies[0], copies[1]]


def test_local_day_decides():
    # 11 p.m. in Montana is already the next day in UTC, so comparing UTC
    # dates would wrongly match these two.
    evening = at(3, 23)
    first = credit(1, "Evening webinar", evening - timedelta(hours=1), evening)
    second = credit(2, "Evening webinar", at(4, 8), at(4, 9))

    assert find_duplicates([first, second]) == {}


def test_no_credits():
    assert find_duplicates([]) == {}
