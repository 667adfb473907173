import pytest
from django.utils import timezone

from accounts.models import Library, Position
from ce_credits.models import Credit
from certifications.models import Reminder
from certifications.reminders import waiting_credits

from ..factories import LibraryFactory, PositionFactory, UserFactory
from .reminders_support import claim, days_from_now, keys_sent, run

pytestmark = pytest.mark.django_db

DIGEST = Reminder.Kind.VERIFIER_DIGEST
ESCALATION = Reminder.Kind.COORDINATOR_ESCALATION


def mails_to(mailoutbox, address):
    return [message for message in mailoutbox if message.to == [address]]


def rows(kind):
    return sorted(
        Reminder.objects.filter(kind=kind, sent_at__isnull=False).values_list(
            "key", "recipient"
        )
    )


def verify(credit, verifier):
    credit.status = Credit.Status.VERIFIED
    credit.decided_by = verifier
    credit.decided_at = timezone.now()
    credit.save(update_fields=["status", "decided_by", "decided_at"])


@pytest.fixture
def staff_credit(participant, supervisor):
    """A pending credit of the participant, whom the library's director verifies."""
    return claim(participant)


@pytest.fixture
def external_staff(db):
    """A school librarian whose principal verifies through emailed links."""
    user = UserFactory(first_name="Sam", last_name="School", email="sam@school.example")
    PositionFactory(
        person=user,
        library=LibraryFactory(kind=Library.Kind.SCHOOL),
        kind=Position.Kind.STAFF,
        verifier_name="Paula Principal",
        verifier_email="Paula@School.example",
    )
    return user


def test_no_digest_before_seven_days(staff_credit, mailoutbox):
    run(days_from_now(6))

    assert mailoutbox == []


def test_digest_at_seven_days(staff_credit, mailoutbox):
    result = run(days_from_now(7))

    assert result.sent[DIGEST] == 1
    assert rows(DIGEST) == [(f"credit:{staff_credit.pk}:7d", "dana@lclib.example")]
    message = mailoutbox[0]
    assert message.to == ["dana@lclib.example"]
    assert message.subject == "CE credits have waited 7 days for your verification"
    assert "Dear Dana Director," in message.body
    assert "- Pat Reader: 1 pending credit, the oldest claimed 7 days ago" in (
        message.body
    )
    assert message.body.endswith("\nhttp://127.0.0.1:8000/credits/verify/")
    assert Reminder.objects.get().milestone_on == days_from_now(7)


def test_digests_once_per_milestone(staff_credit, mailoutbox):
    for days in (7, 7, 8, 13, 14, 14, 15, 20):
        run(days_from_now(days))

    assert rows(DIGEST) == [
        (f"credit:{staff_credit.pk}:14d", "dana@lclib.example"),
        (f"credit:{staff_credit.pk}:7d", "dana@lclib.example"),
    ]
    assert [message.subject for message in mailoutbox] == [
        "CE credits have waited 7 days for your verification",
        "CE credits have waited 14 days for your verification",
    ]


def test_late_first_run_sends_fourteen_days(staff_credit, mailoutbox):
    run(days_from_now(20))

    assert rows(DIGEST) == [(f"credit:{staff_credit.pk}:14d", "dana@lclib.example")]
    assert Reminder.objects.filter(kind=DIGEST).count() == 1
    assert len(mails_to(mailoutbox, "dana@lclib.example")) == 1


def test_one_digest_lists_every_person(
    staff_credit, participant, supervisor, library, mailoutbox
):
    claim(participant, days_ago=-2)
    colleague = UserFactory(first_name="Lee", last_name="Shelver")
    PositionFactory(person=colleague, library=library, kind=Position.Kind.STAFF)
    claim(colleague, days_ago=-3)

    run(days_from_now(10))

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "The oldest was claimed 10 days ago." in body
    assert "- Pat Reader: 2 pending credits, the oldest claimed 10 days ago" in body
    assert "- Lee Shelver: 1 pending credit, the oldest claimed 7 days ago" in body


def test_recent_credits_alone_get_no_digest(participant, supervisor, mailoutbox):
    claim(participant, days_ago=-1)

    run(days_from_now(6))

    assert mailoutbox == []


def test_decided_credits_get_no_digest(staff_credit, supervisor, mailoutbox):
    verify(staff_credit, supervisor)

    run(days_from_now(8))

    assert mailoutbox == []


def test_next_oldest_credit_gets_own_digest(
    staff_credit, participant, supervisor, mailoutbox
):
    younger = claim(participant, days_ago=-2)
    run(days_from_now(15))
    verify(staff_credit, supervisor)

    run(days_from_now(15))
    run(days_from_now(16))

    assert rows(DIGEST) == sorted(
        [
            (f"credit:{staff_credit.pk}:14d", "dana@lclib.example"),
            (f"credit:{younger.pk}:7d", "dana@lclib.example"),
            (f"credit:{younger.pk}:14d", "dana@lclib.example"),
        ]
    )
    assert len(mailoutbox) == 3


def test_no_digest_to_inactive_verifier(staff_credit, supervisor, mailoutbox):
    supervisor.is_active = False
    supervisor.save(update_fields=["is_active"])

    run(days_from_now(7))

    assert mailoutbox == []


def test_no_digest_for_inactive_person(staff_credit, participant, mailoutbox):
    participant.is_active = False
    participant.save(update_fields=["is_active"])

    run(days_from_now(40))

    assert mailoutbox == []


def test_external_verifier_gets_digest(external_staff, mailoutbox):
    credit = claim(external_staff)

    run(days_from_now(7))

    assert rows(DIGEST) == [(f"credit:{credit.pk}:7d", "Paula@School.example")]
    message = mailoutbox[0]
    assert message.to == ["Paula@School.example"]
    assert "Dear Paula Principal," in message.body
    assert "- Sam School: 1 pending credit, the oldest claimed 7 days ago" in (
        message.body
    )
    assert "Verify or deny them here: http://127.0.0.1:8000/credits/link/" in (
        message.body
    )
    assert "/credits/verify/" not in message.body


def test_external_verifier_digest_once(external_staff, mailoutbox):
    claim(external_staff)

    run(days_from_now(7))
    run(days_from_now(7))

    assert len(mailoutbox) == 1


def test_escalation_at_thirty_days(staff_credit, coordinator, mailoutbox):
    run(days_from_now(29))
    assert mails_to(mailoutbox, "ce@msl.example") == []

    result = run(days_from_now(30))

    assert result.sent[ESCALATION] == 1
    assert rows(ESCALATION) == [(f"credit:{staff_credit.pk}:30d", "ce@msl.example")]
    message = mails_to(mailoutbox, "ce@msl.example")[0]
    assert message.subject == (
        "1 CE credit has waited 30 days or more for verification"
    )
    assert "Pat Reader, verified by Dana Director:" in message.body
    assert f'- "{staff_credit.title}", 1.0 credit, claimed ' in message.body
    assert ", 30 days ago" in message.body
    assert f"http://127.0.0.1:8000/people/{staff_credit.person.pk}/" in message.body


def test_escalation_once_per_credit(staff_credit, participant, coordinator, mailoutbox):
    later = claim(participant, days_ago=-5)

    for days in (30, 31, 34, 35, 36):
        run(days_from_now(days))

    escalations = mails_to(mailoutbox, "ce@msl.example")
    assert len(escalations) == 2
    assert staff_credit.title in escalations[0].body
    assert later.title not in escalations[0].body
    assert later.title in escalations[1].body
    assert staff_credit.title not in escalations[1].body
    assert rows(ESCALATION) == sorted(
        [
            (f"credit:{staff_credit.pk}:30d", "ce@msl.example"),
            (f"credit:{later.pk}:30d", "ce@msl.example"),
        ]
    )


def test_escalation_names_missing_verifier(participant, coordinator, mailoutbox):
    claim(participant)

    run(days_from_now(30))

    assert mailoutbox[0].to == ["ce@msl.example"]
    assert "Pat Reader, verified by nobody on record:" in mailoutbox[0].body


def test_escalation_to_every_active_coordinator(staff_credit, coordinator, mailoutbox):
    other = UserFactory(email="ce2@msl.example")
    other.groups.set(coordinator.groups.all())
    retired = UserFactory(email="retired@msl.example", is_active=False)
    retired.groups.set(coordinator.groups.all())

    run(days_from_now(30))

    assert len(mails_to(mailoutbox, "ce@msl.example")) == 1
    assert len(mails_to(mailoutbox, "ce2@msl.example")) == 1
    assert mails_to(mailoutbox, "retired@msl.example") == []


def test_digests_and_escalation_together(staff_credit, coordinator, mailoutbox):
    run(days_from_now(45))

    assert keys_sent() == sorted(
        [
            (f"credit:{staff_credit.pk}:14d", "dana@lclib.example"),
            (f"credit:{staff_credit.pk}:30d", "ce@msl.example"),
        ]
    )


def test_waiting_credits_query_count(
    staff_credit, supervisor, django_assert_max_num_queries
):
    claim(supervisor)

    with django_assert_max_num_queries(1 + 3 * 2):
        waiting = waiting_credits(days_from_now(7))

    assert [entry.person for entry in waiting] == [
        staff_credit.person,
        supervisor,
    ]
