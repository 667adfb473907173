"""Daily reminder mail, sent by the `send_reminders` management command.

Four kinds of reminder go out:

- To a certificate holder, 12, 6, 3 and 1 months before the certificate
  expires, and on the day it expires.
- To a public library director and the library's board chairs, at the same
  milestones before the director's certification due date.
- To a verifier, one digest when the oldest credit waiting for them has waited
  7 days, and another at 14 days. A verifier without an account gets in it a
  fresh signed link for each person, opened when the digest is sent.
- To the CE coordinators, the credits that have waited 30 days.

Each mail is recorded as one `Reminder` row per key and recipient, the key
naming the object and the milestone ("certificate:12:6m"). A row with
`sent_at` is never sent again, and a row without it failed and is retried on
the next run. Only the latest milestone that has come is considered: older
milestones of the same certificate, position or waiting credit are skipped and
get no row, so that a first run on old data sends at most one mail for each.
"""

import calendar
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from functools import partial
from smtplib import SMTPException
from typing import NamedTuple

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from accounts.emails import send_templated_or_raise
from accounts.models import Position, User, external_verifier_of
from ce_credits import links
from ce_credits.models import Credit

from .compliance import Status, library_compliance
from .models import Certificate, Reminder

logger = logging.getLogger(__name__)

# Labels and calendar months before the date, from the earliest milestone to
# the date itself.
MILESTONES = (("12m", 12), ("6m", 6), ("3m", 3), ("1m", 1), ("day", 0))
# The reminder of the date itself is still sent this long after it, so that a
# timer stopped for a few weeks catches up, while a first run on old data sends
# no mail about certificates that expired long ago.
LATE_LIMIT = timedelta(days=30)
# 12 calendar months span at most 366 days, and clamping 29 February adds one.
MAX_LEAD = timedelta(days=367)
DIGEST_DAYS = (7, 14)
ESCALATION_DAYS = 30

TEMPLATES = {
    Reminder.Kind.CERTIFICATE_EXPIRY: (
        "certifications/email/reminder_certificate_expiry.txt"
    ),
    Reminder.Kind.DIRECTOR_DUE: "certifications/email/reminder_director_due.txt",
    Reminder.Kind.VERIFIER_DIGEST: (
        "certifications/email/reminder_verifier_digest.txt"
    ),
    Reminder.Kind.COORDINATOR_ESCALATION: (
        "certifications/email/reminder_coordinator_escalation.txt"
    ),
}


class Milestone(NamedTuple):
    label: str
    on: date


def months_before(day, months):
    """Return the same day `months` calendar months earlier.

    A day missing from the earlier month is clamped to its last day, so one
    month before 31 March is 28 or 29 February.
    """
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def due_milestone(target, today):
    """Return the latest milestone of the date `target` that falls on or before
    `today`, or None before the first one and once `target` is more than
    `LATE_LIMIT` past.
    """
    if today > target + LATE_LIMIT:
        return None
    due = None
    for label, months in MILESTONES:
        on = months_before(target, months)
        if on <= today:
            due = Milestone(label, on)
    return due


@dataclass
class Mail:
    """One reminder mail to one recipient.

    `keys` maps each `Reminder.key` that the mail settles to its milestone
    date. Most mails settle one key, but a coordinator's mail settles one per
    credit. `prepare`, if given, runs right before the mail is sent and
    returns context to add. What it writes is rolled back if the send fails.
    """

    kind: str
    recipient: str
    context: dict
    keys: dict[str, date]
    prepare: Callable[[], dict] | None = None

    @property
    def template(self):
        return TEMPLATES[self.kind]


class Outcome(Enum):
    SENT = "sent"
    FAILED = "failed"
    ALREADY_SENT = "already sent"


@dataclass
class RunResult:
    """The mails one run planned, and how many of each kind it sent."""

    today: date
    dry_run: bool
    planned: list[Mail]
    sent: Counter = field(default_factory=Counter)
    failed: list[Mail] = field(default_factory=list)

    def summary(self):
        """Return the one-line summary that the command prints."""
        if self.dry_run:
            counts = Counter(mail.kind for mail in self.planned)
        else:
            counts = self.sent
        by_kind = ", ".join(f"{kind.value} {counts[kind]}" for kind in Reminder.Kind)
        total = sum(counts.values())
        if self.dry_run:
            return (
                f"Dry run for {self.today}: {total} reminders would be sent "
                f"({by_kind}); nothing was sent or recorded."
            )
        return (
            f"Reminders for {self.today}: {total} sent ({by_kind}), "
            f"{len(self.failed)} failed."
        )


def send_reminders(today, *, dry_run=False):
    """Send every reminder due on `today` and record each outcome.

    With `dry_run`, only plan them: nothing is sent or recorded.
    """
    mails = plan_reminders(today)
    result = RunResult(today=today, dry_run=dry_run, planned=mails)
    if dry_run:
        return result

    now = timezone.now()
    for mail in mails:
        outcome = _deliver(mail, now)
        if outcome is Outcome.SENT:
            result.sent[mail.kind] += 1
        elif outcome is Outcome.FAILED:
            result.failed.append(mail)

    for kind in Reminder.Kind:
        logger.info("Sent %d %s reminders for %s", result.sent[kind], kind, today)
    if result.failed:
        logger.warning("%d reminders failed for %s", len(result.failed), today)
    return result


def plan_reminders(today):
    """Return the reminder mails due on `today` that have not been sent."""
    waiting = waiting_credits(today)
    return [
        *certificate_mails(today),
        *director_mails(today),
        *verifier_mails(waiting, today),
        *escalation_mails(waiting, today),
    ]


def _deliver(mail, now):
    """Send `mail` and record the outcome on its rows, in one transaction.

    On PostgreSQL the row locks keep two overlapping runs from sending the same
    mail, but SQLite ignores them.
    """
    with transaction.atomic():
        rows = [
            _locked_row(mail, key, milestone_on)
            for key, milestone_on in mail.keys.items()
        ]
        if all(row.sent_at for row in rows):
            return Outcome.ALREADY_SENT

        try:
            with transaction.atomic():
                context = mail.context
                if mail.prepare is not None:
                    context = {**context, **mail.prepare()}
                send_templated_or_raise(
                    template=mail.template,
                    recipients=[mail.recipient],
                    context=context,
                )
        except (SMTPException, OSError) as error:
            message = f"{type(error).__name__}: {error}"
            _record_failure(rows, message)
            logger.error(
                "Sending %s reminder %s failed on attempt %d (reminder ids %s), "
                "to retry on the next run: %s",
                mail.kind,
                ", ".join(mail.keys),
                rows[0].attempts,
                ", ".join(str(row.pk) for row in rows),
                message,
            )
            return Outcome.FAILED

        _record_sent(rows, now)
        return Outcome.SENT


def _locked_row(mail, key, milestone_on):
    row, _ = Reminder.objects.select_for_update().get_or_create(
        kind=mail.kind,
        key=key,
        recipient=mail.recipient,
        defaults={"milestone_on": milestone_on},
    )
    return row


def _record_failure(rows, message):
    for row in rows:
        row.attempts += 1
        row.last_error = message
        row.save(update_fields=["attempts", "last_error"])


def _record_sent(rows, now):
    """Mark the rows sent. `last_error` keeps the failure of an earlier attempt."""
    for row in rows:
        row.attempts += 1
        row.sent_at = now
        row.save(update_fields=["attempts", "sent_at"])


def _sent_pairs(kind, keys):
    """Return the (key, recipient) pairs of `kind` among `keys` already sent."""
    rows = Reminder.objects.filter(kind=kind, key__in=keys, sent_at__isnull=False)
    return set(rows.values_list("key", "recipient"))


def _without_sent(kind, mails):
    """Drop the mails whose every key was already sent to their recipient."""
    sent = _sent_pairs(kind, [key for mail in mails for key in mail.keys])
    return [
        mail
        for mail in mails
        if any((key, mail.recipient) not in sent for key in mail.keys)
    ]


def certificate_mails(today):
    """Plan the expiry reminders of certificates, in two queries."""
    kind = Reminder.Kind.CERTIFICATE_EXPIRY
    mails = []
    for certificate in expiring_certificates(today):
        milestone = due_milestone(certificate.expires_on, today)
        if milestone is None:
            continue
        context = {
            "certificate": certificate,
            "days_left": (certificate.expires_on - today).days,
            "today": today,
        }
        key = f"certificate:{certificate.first_of_expiry}:{milestone.label}"
        mails.append(Mail(kind, certificate.person.email, context, {key: milestone.on}))
    return _without_sent(kind, mails)


def expiring_certificates(today):
    """Return the certificates that may have an expiry reminder due on `today`.

    They are issued (neither superseded nor withdrawn), held by an active
    account, and expire within `MAX_LEAD` after `today` or `LATE_LIMIT` before
    it. A certificate is left out once the holder has a valid certificate of
    the same kind that expires later, because the holder stays certified.

    Each carries `first_of_expiry`, the id of the oldest certificate of its
    track with the same expiry date, which is the id in its reminder keys. A
    correction replaces a certificate by one of the same track and dates, so
    the replacement keeps the keys, and the milestones already sent for its
    predecessor are not sent again. An uncorrected certificate is its own
    first, so its keys carry its own id.
    """
    newer = Certificate.objects.valid(today).filter(
        person=OuterRef("person"),
        track__kind=OuterRef("track__kind"),
        expires_on__gt=OuterRef("expires_on"),
    )
    first_of_expiry = (
        Certificate.objects.filter(
            track=OuterRef("track"), expires_on=OuterRef("expires_on")
        )
        .order_by("pk")
        .values("pk")[:1]
    )
    return (
        Certificate.objects.filter(
            status=Certificate.Status.ISSUED,
            person__is_active=True,
            expires_on__gte=today - LATE_LIMIT,
            expires_on__lte=today + MAX_LEAD,
        )
        .exclude(Exists(newer))
        .annotate(first_of_expiry=Subquery(first_of_expiry))
        .select_related("person")
        .order_by("expires_on", "pk")
    )


def director_mails(today):
    """Plan the due-date reminders of public library directors who hold no
    valid Library Director certificate, one to the director and one to each
    board chair. Runs five queries.
    """
    kind = Reminder.Kind.DIRECTOR_DUE
    rows = [
        row
        for row in library_compliance(today)
        if row.status in (Status.IN_WINDOW, Status.OVERDUE) and row.director.is_active
    ]
    chairs = _board_chairs([row.library.pk for row in rows], today)

    mails = []
    for row in rows:
        milestone = due_milestone(row.due_on, today)
        if milestone is None:
            continue
        director = row.director
        library_chairs = [
            chair
            for chair in chairs.get(row.library.pk, {}).values()
            if chair.pk != director.pk
        ]
        context = {
            "position": row.position,
            "director": director,
            "library": row.library,
            "board_chair_names": [_name(chair) for chair in library_chairs],
            "due_on": row.due_on,
            "days_left": (row.due_on - today).days,
            "today": today,
        }
        key = f"director:{row.position.pk}:{milestone.label}"
        for recipient in [director, *library_chairs]:
            mails.append(Mail(kind, recipient.email, context, {key: milestone.on}))
    return _without_sent(kind, mails)


def _board_chairs(library_ids, today):
    """Return the active accounts in board chair seats, by library id and then
    by person id, so that a person in two chair seats counts once.
    """
    seats = (
        Position.objects.active(today)
        .filter(
            library_id__in=library_ids,
            kind=Position.Kind.BOARD_CHAIR,
            person__is_active=True,
        )
        .select_related("person")
        .order_by("start_date", "pk")
    )
    chairs = defaultdict(dict)
    for seat in seats:
        chairs[seat.library_id][seat.person_id] = seat.person
    return chairs


def _name(user):
    return user.get_full_name() or user.email


def _claimed_on(credit):
    return timezone.localdate(credit.created_at)


@dataclass
class WaitingCredits:
    """The pending credits of one person, oldest first, with their verifiers."""

    person: User
    credits: list[Credit]
    oldest_days: int
    account_verifiers: list[User]
    external_verifier: tuple[str, str] | None

    @property
    def oldest(self):
        return self.credits[0]

    @property
    def verifier_names(self):
        names = [_name(verifier) for verifier in self.account_verifiers]
        if self.external_verifier:
            names.append(self.external_verifier[0])
        return names


def waiting_credits(today):
    """Return the active people whose oldest pending credit has waited at least
    `DIGEST_DAYS[0]` days on `today`, with all their pending credits.

    Runs one query for the credits, then three per person for the verifiers,
    because the verifier rules take one person at a time.
    """
    first_due = today - timedelta(days=DIGEST_DAYS[0])
    long_waiting = Credit.objects.pending().filter(
        person=OuterRef("person"), created_at__date__lte=first_due
    )
    credits = (
        Credit.objects.pending()
        .filter(person__is_active=True, created_at__date__lte=today)
        .filter(Exists(long_waiting))
        .select_related("person")
        .order_by("created_at", "pk")
    )
    by_person = defaultdict(list)
    for credit in credits:
        by_person[credit.person_id].append(credit)

    waiting = []
    for person_credits in by_person.values():
        person = person_credits[0].person
        # NOTE: `verifiers_of` and `external_verifier_of` read the positions held
        # on the real date, not on `today`.
        waiting.append(
            WaitingCredits(
                person=person,
                credits=person_credits,
                oldest_days=(today - _claimed_on(person_credits[0])).days,
                account_verifiers=list(User.objects.verifiers_of(person)),
                external_verifier=external_verifier_of(person),
            )
        )
    return waiting


@dataclass
class _VerifierQueue:
    name: str
    email: str
    has_account: bool
    entries: list[WaitingCredits] = field(default_factory=list)


def verifier_mails(waiting, today):
    """Plan one digest per verifier, listing the people whose credits wait.

    The milestone is the latest of `DIGEST_DAYS` that the oldest credit waiting
    for the verifier has reached. A verifier who decides that credit while
    others have waited 7 days or more gets a digest keyed on the next oldest.
    """
    kind = Reminder.Kind.VERIFIER_DIGEST
    queues = {}
    for entry in waiting:
        for verifier in entry.account_verifiers:
            queue = queues.setdefault(
                verifier.email.lower(),
                _VerifierQueue(_name(verifier), verifier.email, has_account=True),
            )
            queue.entries.append(entry)
        if entry.external_verifier:
            name, email = entry.external_verifier
            queue = queues.setdefault(
                email.lower(), _VerifierQueue(name, email, has_account=False)
            )
            queue.entries.append(entry)

    mails = []
    for queue in queues.values():
        oldest = min(
            (entry.oldest for entry in queue.entries),
            key=lambda credit: (credit.created_at, credit.pk),
        )
        waited = (today - _claimed_on(oldest)).days
        reached = [days for days in DIGEST_DAYS if waited >= days]
        if not reached:
            continue
        context = {
            "verifier_name": queue.name,
            "has_account": queue.has_account,
            "entries": queue.entries,
            "oldest_days": waited,
            "today": today,
        }
        key = f"credit:{oldest.pk}:{reached[-1]}d"
        milestone_on = _claimed_on(oldest) + timedelta(days=reached[-1])
        prepare = None if queue.has_account else partial(_open_links, queue)
        mails.append(Mail(kind, queue.email, context, {key: milestone_on}, prepare))
    return _without_sent(kind, mails)


@dataclass
class LinkedEntry(WaitingCredits):
    """A person in the digest of a verifier without an account, with the token
    of the link opened for the digest, or None when none could be opened.
    """

    token: str | None = None


def _open_links(queue):
    """Open a fresh link for each person of the digest of a verifier without
    an account, replacing the person's open link, and return the digest's
    entries with the links' tokens.

    A link is opened only while the digest's recipient is still the person's
    verifier on record.
    """
    entries = []
    for entry in queue.entries:
        link = links.verifier_link_open(person=entry.person, verifier_email=queue.email)
        token = links.link_token(link) if link else None
        entries.append(LinkedEntry(**vars(entry), token=token))
    return {"entries": entries, "link_days": links.LINK_MAX_AGE.days}


@dataclass
class OverdueCredit:
    """A credit listed in a coordinator's mail."""

    entry: WaitingCredits
    credit: Credit
    waited_days: int


def escalation_mails(waiting, today):
    """Plan one mail per coordinator listing, by person, the credits that have
    waited `ESCALATION_DAYS` days or more and were not yet reported to them.
    """
    kind = Reminder.Kind.COORDINATOR_ESCALATION
    overdue = {}
    for entry in waiting:
        for credit in entry.credits:
            waited = (today - _claimed_on(credit)).days
            if waited >= ESCALATION_DAYS:
                key = f"credit:{credit.pk}:{ESCALATION_DAYS}d"
                overdue[key] = OverdueCredit(entry, credit, waited)
    if not overdue:
        return []

    sent = _sent_pairs(kind, list(overdue))
    mails = []
    for coordinator in User.objects.coordinators():
        unsent = {
            key: item
            for key, item in overdue.items()
            if (key, coordinator.email) not in sent
        }
        if not unsent:
            continue
        by_person = {}
        for item in unsent.values():
            by_person.setdefault(item.entry.person.pk, (item.entry, []))[1].append(item)
        keys = {
            key: _claimed_on(item.credit) + timedelta(days=ESCALATION_DAYS)
            for key, item in unsent.items()
        }
        context = {
            "groups": list(by_person.values()),
            "count": len(unsent),
            "escalation_days": ESCALATION_DAYS,
            "today": today,
        }
        mails.append(Mail(kind, coordinator.email, context, keys))
    return mails
