from datetime import date, timedelta

import pytest

from certifications.certificates import certificate_correct
from certifications.models import Certificate, Reminder
from certifications.reminders import LATE_LIMIT, certificate_mails, months_before

from ..factories import UserFactory
from .reminders_support import issue_certificate, keys_sent, run

pytestmark = pytest.mark.django_db

EXPIRES_ON = date(2031, 8, 31)
ONE_DAY = timedelta(days=1)


@pytest.fixture
def certificate(participant):
    return issue_certificate(participant, expires_on=EXPIRES_ON)


@pytest.mark.parametrize(
    ("months", "label"), [(12, "12m"), (6, "6m"), (3, "3m"), (1, "1m"), (0, "day")]
)
def test_mail_on_each_milestone(certificate, mailoutbox, months, label):
    milestone_on = months_before(EXPIRES_ON, months)

    result = run(milestone_on)

    assert result.sent[Reminder.Kind.CERTIFICATE_EXPIRY] == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["pat@lclib.example"]
    row = Reminder.objects.get()
    assert row.kind == Reminder.Kind.CERTIFICATE_EXPIRY
    assert row.key == f"certificate:{certificate.pk}:{label}"
    assert row.recipient == "pat@lclib.example"
    assert row.milestone_on == milestone_on
    assert row.attempts == 1
    assert row.sent_at is not None


def test_nothing_before_twelve_months(certificate, mailoutbox):
    run(months_before(EXPIRES_ON, 12) - ONE_DAY)

    assert mailoutbox == []
    assert not Reminder.objects.exists()


def test_mail_before_expiry_reads(certificate, mailoutbox):
    run(date(2031, 5, 31))

    message = mailoutbox[0]
    assert message.subject == "Your Staff certificate expires on August 31, 2031"
    assert f"number {certificate.number}" in message.body
    assert "valid until August 31, 2031, 92 days from today." in message.body
    assert "http://127.0.0.1:8000/ce/\n" in message.body
    assert f"http://127.0.0.1:8000/ce/certificates/{certificate.number}/" in (
        message.body
    )


def test_mail_on_expiry_day_reads(certificate, mailoutbox):
    run(EXPIRES_ON)

    message = mailoutbox[0]
    assert message.subject == "Your Staff certificate expires today"
    assert "Today is its last valid day." in message.body


def test_mail_after_expiry_reads(certificate, mailoutbox):
    run(EXPIRES_ON + ONE_DAY)

    assert mailoutbox[0].subject == "Your Staff certificate expired on August 31, 2031"


def test_second_run_same_day_sends_nothing(certificate, mailoutbox):
    milestone_on = months_before(EXPIRES_ON, 6)

    run(milestone_on)
    second = run(milestone_on)

    assert len(mailoutbox) == 1
    assert second.sent[Reminder.Kind.CERTIFICATE_EXPIRY] == 0
    assert Reminder.objects.count() == 1


def test_missed_day_still_sends(certificate, mailoutbox):
    milestone_on = months_before(EXPIRES_ON, 3)

    run(milestone_on + ONE_DAY)

    assert len(mailoutbox) == 1
    assert keys_sent() == [(f"certificate:{certificate.pk}:3m", "pat@lclib.example")]
    assert Reminder.objects.get().milestone_on == milestone_on


def test_missed_expiry_day_still_sends(certificate, mailoutbox):
    run(EXPIRES_ON + ONE_DAY)

    assert keys_sent() == [(f"certificate:{certificate.pk}:day", "pat@lclib.example")]


def test_first_late_run_sends_latest_only(certificate, mailoutbox):
    run(months_before(EXPIRES_ON, 3) + timedelta(days=10))

    assert len(mailoutbox) == 1
    assert keys_sent() == [(f"certificate:{certificate.pk}:3m", "pat@lclib.example")]
    assert Reminder.objects.count() == 1


def test_skipped_milestones_stay_unsent(certificate, mailoutbox):
    run(months_before(EXPIRES_ON, 1))
    run(months_before(EXPIRES_ON, 1) + ONE_DAY)
    run(EXPIRES_ON)

    assert keys_sent() == [
        (f"certificate:{certificate.pk}:1m", "pat@lclib.example"),
        (f"certificate:{certificate.pk}:day", "pat@lclib.example"),
    ]
    assert len(mailoutbox) == 2


def test_every_milestone_in_daily_runs(certificate, mailoutbox):
    day = months_before(EXPIRES_ON, 12) - ONE_DAY
    while day <= EXPIRES_ON + LATE_LIMIT + ONE_DAY:
        run(day)
        day += ONE_DAY

    labels = [key.rsplit(":", 1)[1] for key, _ in keys_sent()]
    assert sorted(labels) == sorted(["12m", "6m", "3m", "1m", "day"])
    assert len(mailoutbox) == 5


def test_nothing_long_after_expiry(certificate, mailoutbox):
    run(EXPIRES_ON + LATE_LIMIT + ONE_DAY)

    assert mailoutbox == []


def test_no_mail_for_withdrawn_certificate(certificate, mailoutbox):
    certificate.status = Certificate.Status.WITHDRAWN
    certificate.status_reason = "Issued in error."
    certificate.save()

    run(months_before(EXPIRES_ON, 1))

    assert mailoutbox == []
    assert not Reminder.objects.exists()


def test_superseded_certificate_gets_no_mail(certificate, participant, mailoutbox):
    # A correction issues a successor with the same dates, which gets the mail.
    successor = issue_certificate(participant, expires_on=EXPIRES_ON)
    certificate.status = Certificate.Status.SUPERSEDED
    certificate.status_reason = "Name corrected."
    certificate.superseded_by = successor
    certificate.save()

    run(months_before(EXPIRES_ON, 1))

    assert keys_sent() == [(f"certificate:{successor.pk}:1m", "pat@lclib.example")]
    assert len(mailoutbox) == 1


def test_no_mail_to_inactive_holder(certificate, participant, mailoutbox):
    participant.is_active = False
    participant.save(update_fields=["is_active"])

    run(months_before(EXPIRES_ON, 1))

    assert mailoutbox == []
    assert not Reminder.objects.exists()


def test_no_mail_once_renewed(certificate, participant, mailoutbox):
    renewal_issued_on = months_before(EXPIRES_ON, 2)
    issue_certificate(
        participant,
        issued_on=renewal_issued_on,
        expires_on=renewal_issued_on.replace(year=renewal_issued_on.year + 4),
    )

    run(months_before(EXPIRES_ON, 1))

    assert mailoutbox == []
    assert not Reminder.objects.exists()


def test_other_kind_does_not_replace(certificate, participant, mailoutbox):
    issue_certificate(
        participant,
        track_name="Trustee",
        issued_on=date(2031, 1, 10),
        expires_on=date(2035, 1, 10),
    )

    run(months_before(EXPIRES_ON, 1))

    assert keys_sent() == [(f"certificate:{certificate.pk}:1m", "pat@lclib.example")]


def test_withdrawn_newer_does_not_replace(certificate, participant, mailoutbox):
    # A certificate issued later but withdrawn leaves the holder uncertified.
    withdrawn = issue_certificate(
        participant, issued_on=date(2031, 6, 1), expires_on=date(2035, 6, 1)
    )
    withdrawn.status = Certificate.Status.WITHDRAWN
    withdrawn.status_reason = "Issued in error."
    withdrawn.save()

    run(months_before(EXPIRES_ON, 1))

    assert keys_sent() == [(f"certificate:{certificate.pk}:1m", "pat@lclib.example")]


def test_each_certificate_gets_its_mail(participant, mailoutbox):
    colleague = UserFactory(email="lee@lclib.example")
    first = issue_certificate(participant, expires_on=EXPIRES_ON)
    second = issue_certificate(
        colleague, track_name="Trustee", expires_on=EXPIRES_ON + timedelta(days=10)
    )

    run(months_before(EXPIRES_ON, 1) + timedelta(days=10))

    assert keys_sent() == [
        (f"certificate:{first.pk}:1m", "pat@lclib.example"),
        (f"certificate:{second.pk}:1m", "lee@lclib.example"),
    ]


def test_planning_query_count(django_assert_max_num_queries):
    for days in range(5):
        issue_certificate(UserFactory(), expires_on=EXPIRES_ON + timedelta(days=days))

    with django_assert_max_num_queries(2):
        mails = certificate_mails(EXPIRES_ON)

    assert len(mails) == 5


def correct_name(certificate, coordinator, holder_name):
    return certificate_correct(
        certificate=certificate,
        actor=coordinator,
        holder_name=holder_name,
        reason="The name was misspelled.",
    )


def test_correction_does_not_repeat_milestone(certificate, coordinator, mailoutbox):
    six_months = months_before(EXPIRES_ON, 6)
    run(six_months)

    correct_name(certificate, coordinator, "Patricia Reader")
    result = run(six_months + ONE_DAY)

    assert result.sent[Reminder.Kind.CERTIFICATE_EXPIRY] == 0
    assert len(mailoutbox) == 1
    assert keys_sent() == [(f"certificate:{certificate.pk}:6m", "pat@lclib.example")]


def test_replacement_gets_next_milestone(certificate, coordinator, mailoutbox):
    run(months_before(EXPIRES_ON, 6))
    successor = correct_name(certificate, coordinator, "Patricia Reader")

    run(months_before(EXPIRES_ON, 3))

    assert keys_sent() == [
        (f"certificate:{certificate.pk}:3m", "pat@lclib.example"),
        (f"certificate:{certificate.pk}:6m", "pat@lclib.example"),
    ]
    assert len(mailoutbox) == 2
    assert f"number {successor.number}" in mailoutbox[1].body


def test_second_correction_keeps_key(certificate, coordinator, mailoutbox):
    one_month = months_before(EXPIRES_ON, 1)
    run(one_month)
    successor = correct_name(certificate, coordinator, "Patricia Reader")
    correct_name(successor, coordinator, "Patricia A. Reader")

    run(one_month + ONE_DAY)

    assert len(mailoutbox) == 1
    assert Reminder.objects.count() == 1


def test_correction_before_first_milestone(certificate, coordinator, mailoutbox):
    successor = correct_name(certificate, coordinator, "Patricia Reader")

    run(months_before(EXPIRES_ON, 12))

    assert keys_sent() == [(f"certificate:{certificate.pk}:12m", "pat@lclib.example")]
    assert f"number {successor.number}" in mailoutbox[0].body


def test_reissue_with_new_expiry_gets_own_keys(certificate, participant, mailoutbox):
    # A certificate of the same track with another expiry date starts its own
    # series of reminders.
    certificate.status = Certificate.Status.WITHDRAWN
    certificate.status_reason = "Issued with the wrong date."
    certificate.save()
    later = EXPIRES_ON + timedelta(days=1)
    reissued = Certificate.objects.create(
        track=certificate.track,
        person=participant,
        number="MT-REISSUE1",
        holder_name=certificate.holder_name,
        track_name=certificate.track_name,
        issued_on=certificate.issued_on,
        expires_on=later,
    )

    run(months_before(later, 1))

    assert keys_sent() == [(f"certificate:{reissued.pk}:1m", "pat@lclib.example")]
