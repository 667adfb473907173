from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ce_credits.models import Coursework, Credit, CreditTransition
from ce_credits.services import coursework_add

from ..factories import category

pytestmark = pytest.mark.django_db

Unit = Coursework.Unit


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def transcript():
    return SimpleUploadedFile(
        "transcript.pdf", b"%PDF-1.7\n%\xe2\xe3\n", content_type="application/pdf"
    )


def add(participant, actor, **overrides):
    fields = {
        "title": "Cataloging and Classification",
        "institution": "University of Washington",
        "term": "Spring 2026",
        "term_start": date(2026, 3, 30),
        "term_end": date(2026, 6, 12),
        "unit": Unit.QUARTER,
        "college_credits": Decimal("5"),
        "category": category("Collection Management and Technical Services"),
        "transcript": transcript(),
        **overrides,
    }
    return coursework_add(participant=participant, actor=actor, **fields)


@pytest.mark.parametrize(
    "unit, college_credits, expected",
    [
        (Unit.SEMESTER, "3", "12"),
        (Unit.SEMESTER, "0.5", "2"),
        (Unit.QUARTER, "5", "10"),
        (Unit.QUARTER, "2.5", "5"),
    ],
)
def test_ce_credits_for_units(unit, college_credits, expected):
    assert Coursework.ce_credits_for(unit, Decimal(college_credits)) == Decimal(
        expected
    )


def test_add_creates_verified_credit(participant, coordinator):
    credit = add(participant, coordinator)

    credit.refresh_from_db()
    assert credit.person == participant
    assert credit.source == Credit.Source.COURSEWORK
    assert credit.title == "Cataloging and Classification"
    assert credit.sponsor == "University of Washington"
    assert credit.credits == Decimal("10")
    assert credit.category.name == "Collection Management and Technical Services"
    assert credit.status == Credit.Status.VERIFIED
    assert credit.decided_by == coordinator
    assert credit.decided_at is not None


def test_add_spans_whole_term(participant, coordinator):
    credit = add(participant, coordinator)

    begin = timezone.localtime(credit.begin)
    end = timezone.localtime(credit.end)
    assert (begin.date(), begin.time()) == (date(2026, 3, 30), time(0, 0))
    assert (end.date(), end.time()) == (date(2026, 6, 12), time(23, 59))


def test_add_term_ending_today_ends_now(participant, coordinator):
    today = timezone.localdate()

    credit = add(
        participant,
        coordinator,
        term_start=today - timedelta(days=90),
        term_end=today,
    )

    assert credit.end <= timezone.now()
    assert timezone.localdate(credit.end) == today


def test_add_stores_coursework(participant, coordinator):
    credit = add(participant, coordinator)

    coursework = credit.coursework
    assert coursework.institution == "University of Washington"
    assert coursework.term == "Spring 2026"
    assert coursework.unit == Unit.QUARTER
    assert coursework.college_credits == Decimal("5")
    assert coursework.entered_by == coordinator
    assert coursework.transcript.name.startswith("transcripts/")
    with coursework.transcript.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")


def test_add_records_transition(participant, coordinator):
    credit = add(participant, coordinator)

    transition = CreditTransition.objects.get(credit=credit)
    assert transition.action == CreditTransition.Action.CLAIM
    assert transition.actor == coordinator
    assert transition.person == participant
    assert transition.from_status == ""
    assert transition.to_status == Credit.Status.VERIFIED


def test_add_rejects_non_coordinator(participant, supervisor):
    with pytest.raises(PermissionDenied):
        add(participant, supervisor)

    assert not Credit.objects.exists()


def test_add_rejects_own_coursework(coordinator):
    with pytest.raises(ValidationError):
        add(coordinator, coordinator)

    assert not Credit.objects.exists()


def test_add_rejects_term_end_before_start(participant, coordinator):
    with pytest.raises(ValidationError) as caught:
        add(participant, coordinator, term_end=date(2026, 3, 29))

    assert "term_end" in caught.value.message_dict
    assert not Credit.objects.exists()


def test_add_rejects_future_term_end(participant, coordinator):
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        add(participant, coordinator, term_end=tomorrow)

    assert "term_end" in caught.value.message_dict
    assert not Credit.objects.exists()


def test_add_rejects_credits_off_step(participant, coordinator):
    with pytest.raises(ValidationError) as caught:
        add(
            participant,
            coordinator,
            unit=Unit.SEMESTER,
            college_credits=Decimal("0.25"),
        )

    assert "college_credits" in caught.value.message_dict

    assert not Credit.objects.exists()
    assert not Coursework.objects.exists()


def test_duplicate_compared_without_case(participant, coordinator):
    add(participant, coordinator)

    with pytest.raises(ValidationError) as caught:
        add(
            participant,
            coordinator,
            title="  cataloging AND classification",
            institution="university of washington ",
            term="SPRING 2026",
        )

    assert caught.value.code == "duplicate"
    assert Coursework.objects.count() == 1


def test_too_many_college_credits_rejected(participant, coordinator):
    with pytest.raises(ValidationError) as caught:
        add(participant, coordinator, college_credits=Decimal("12.5"))

    assert "college_credits" in caught.value.message_dict
    assert not Credit.objects.exists()


def test_database_rejects_too_many_credits(participant, coordinator):
    credit = add(participant, coordinator)

    with pytest.raises(IntegrityError), transaction.atomic():
        Coursework.objects.filter(credit=credit).update(college_credits=Decimal(13))
