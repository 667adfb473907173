from datetime import UTC, date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ce_credits.models import Credit
from ce_credits.transcripts import (
    TranscriptFilter,
    decider_name,
    person_transcript,
    transcript_rows,
)

from ..factories import CreditFactory, category
from .transcript_support import (
    add_many_credits,
    category_names,
    credit_ending,
    denied,
    local,
    verified,
    verified_by_link,
)

pytestmark = pytest.mark.django_db

MARCH = TranscriptFilter(from_date=date(2025, 3, 1), to_date=date(2025, 3, 31))


def titles(transcript):
    return [credit.title for credit in transcript.credits]


def totals_by_name(transcript):
    return {line.category.name: line.credits for line in transcript.category_totals}


def queries_to_read(person, criteria=None):
    with CaptureQueriesContext(connection) as queries:
        transcript = person_transcript(person, criteria or TranscriptFilter())
        transcript_rows(transcript.credits)
    return len(queries)


def test_lists_only_own_credits(participant, outsider):
    CreditFactory(person=participant, title="Mine")
    CreditFactory(person=outsider, title="Theirs")

    assert titles(person_transcript(participant)) == ["Mine"]


def test_oldest_end_first(participant):
    credit_ending(participant, local(2025, 5, 2), title="Second")
    credit_ending(participant, local(2025, 5, 1), title="First")
    credit_ending(participant, local(2025, 5, 3), title="Third")

    assert titles(person_transcript(participant)) == ["First", "Second", "Third"]


def test_date_range_inclusive(participant):
    credit_ending(participant, local(2025, 2, 28, 23, 59), title="Day before")
    credit_ending(participant, local(2025, 3, 1, 0, 0), title="First moment")
    credit_ending(participant, local(2025, 3, 15), title="Middle")
    credit_ending(participant, local(2025, 3, 31, 23, 30), title="Late last day")
    credit_ending(participant, local(2025, 4, 1, 0, 0), title="Day after")

    assert titles(person_transcript(participant, MARCH)) == [
        "First moment",
        "Middle",
        "Late last day",
    ]


def test_late_evening_counts_on_local_day(participant):
    end = local(2025, 3, 31, 23, 30)
    credit_ending(participant, end, title="Late last day")

    assert end.astimezone(UTC).date() == date(2025, 4, 1)
    assert titles(person_transcript(participant, MARCH)) == ["Late last day"]


def test_open_ended_ranges(participant):
    credit_ending(participant, local(2024, 12, 31), title="Old")
    credit_ending(participant, local(2025, 6, 1), title="New")

    since = TranscriptFilter(from_date=date(2025, 1, 1))
    until = TranscriptFilter(to_date=date(2024, 12, 31))
    assert titles(person_transcript(participant, since)) == ["New"]
    assert titles(person_transcript(participant, until)) == ["Old"]


def test_latest_possible_to_date(participant):
    credit_ending(participant, local(2025, 6, 1), title="New")

    criteria = TranscriptFilter(to_date=date.max)
    assert titles(person_transcript(participant, criteria)) == ["New"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("", ["Pending", "Verified", "Denied"]),
        (Credit.Status.PENDING, ["Pending"]),
        (Credit.Status.VERIFIED, ["Verified"]),
        (Credit.Status.DENIED, ["Denied"]),
    ],
)
def test_status_filter(participant, supervisor, status, expected):
    credit_ending(participant, local(2025, 3, 1), title="Pending")
    verified(participant, supervisor, title="Verified", end=local(2025, 3, 2))
    denied(participant, supervisor, title="Denied", end=local(2025, 3, 3))

    criteria = TranscriptFilter(status=status)
    assert titles(person_transcript(participant, criteria)) == expected


def test_totals_every_category_in_order(participant):
    CreditFactory(person=participant, category=category("Technology"), credits=2)

    transcript = person_transcript(participant)

    assert [line.category.name for line in transcript.category_totals] == (
        category_names()
    )
    assert totals_by_name(transcript) == {
        "Library Administration": Decimal(0),
        "Library Services to the Public": Decimal(0),
        "Collection Management and Technical Services": Decimal(0),
        "Technology": Decimal("2.0"),
    }
    assert transcript.total == Decimal("2.0")


def test_totals_of_many_credits(participant):
    expected = add_many_credits(participant, 250)

    transcript = person_transcript(participant)

    assert transcript.credits.count() == 250
    assert totals_by_name(transcript) == expected
    assert transcript.total == sum(expected.values())


def test_totals_leave_out_denied(participant, supervisor):
    administration = category("Library Administration")
    verified(participant, supervisor, category=administration, credits=3)
    CreditFactory(person=participant, category=administration, credits="1.5")
    denied(participant, supervisor, category=administration, credits=4)

    transcript = person_transcript(participant)

    assert transcript.credits.count() == 3
    assert totals_by_name(transcript)["Library Administration"] == Decimal("4.5")
    assert transcript.total == Decimal("4.5")


def test_totals_follow_filter(participant, supervisor, outsider):
    technology = category("Technology")
    credit_ending(participant, local(2025, 3, 10), category=technology, credits=2)
    credit_ending(participant, local(2025, 4, 10), category=technology, credits=5)
    credit_ending(outsider, local(2025, 3, 10), category=technology, credits=7)
    verified(
        participant, supervisor, category=technology, credits=1, end=local(2025, 3, 9)
    )

    in_march = person_transcript(participant, MARCH)
    verified_in_march = person_transcript(
        participant,
        TranscriptFilter(
            from_date=MARCH.from_date, to_date=MARCH.to_date, status="verified"
        ),
    )

    assert totals_by_name(in_march)["Technology"] == Decimal("3.0")
    assert in_march.total == Decimal("3.0")
    assert totals_by_name(verified_in_march)["Technology"] == Decimal("1.0")


def test_totals_zero_without_credits(participant):
    transcript = person_transcript(participant)

    assert list(totals_by_name(transcript).values()) == [Decimal(0)] * 4
    assert transcript.total == Decimal(0)


def test_current_position_with_library(participant, library):
    transcript = person_transcript(participant)

    assert transcript.position.library == library
    assert transcript.position.is_current


def test_query_count_constant(participant, supervisor):
    CreditFactory(person=participant)
    few = queries_to_read(participant)

    add_many_credits(participant, 60)
    verified(participant, supervisor)
    verified_by_link(participant)
    denied(participant, supervisor)

    assert queries_to_read(participant) == few
    assert queries_to_read(participant, MARCH) == few
    assert few == 3


def test_decider_of_each_kind(participant, supervisor):
    pending = CreditFactory(person=participant)
    by_account = verified(participant, supervisor)
    by_link = verified_by_link(participant, verifier_name="Bea Chair")

    assert decider_name(pending) == ""
    assert decider_name(by_account) == "Dana Director"
    assert decider_name(by_link) == "Bea Chair (by emailed link)"
