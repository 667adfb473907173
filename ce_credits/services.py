"""Writes that change credits. Each runs in one transaction and records its change."""

from datetime import datetime, time
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from certifications.models import Track
from certifications.periods import years_later
from certifications.services import tracks_issue_ready, tracks_return_short

from .emails import notify_verifiers_of_pending
from .models import (
    CLAIM_WINDOW,
    MAX_COLLEGE_CREDITS,
    Coursework,
    Credit,
    CreditTransition,
    term_errors,
    validate_credit_value,
)
from .uploads import delete_stored_files

Action = CreditTransition.Action
Status = Credit.Status

EDITABLE_FIELDS = (
    "title",
    "begin",
    "end",
    "sponsor",
    "presenter",
    "category",
    "credits",
    "presented",
    "contact_hours",
    "description",
)
# The reason a credit that an issued certificate rests on stays as it is.
CERTIFIED_MESSAGE = (
    "An issued certificate rests on this credit, so it can no longer be changed."
)
# A presenter earns credit for the same topic at most this often in a period.
PRESENTER_LIMIT = 2


def _record(credit, *, actor, action, from_status, note="", via_link=None):
    CreditTransition.objects.create(
        credit=credit if credit.pk else None,
        person_id=credit.person_id,
        credit_title=credit.title,
        actor=actor,
        via_link=via_link,
        action=action,
        from_status=from_status,
        to_status="" if action == Action.DELETE else credit.status,
        note=note,
    )


def is_locked(credit):
    """Return whether a submitted, approved or issued track counts the credit."""
    return credit.trackcredit_set.exists()


def is_certified(credit):
    """Return whether a track whose certificate was issued counts the credit.

    The certificate rests on the credit as it was, so neither the owner nor a
    coordinator may change it.
    """
    return credit.trackcredit_set.filter(track__status=Track.Status.ISSUED).exists()


def topic_key(title):
    """Return a title without case and spacing, to compare presented topics."""
    return " ".join(title.lower().split())


def _lock_person(person_id):
    """Lock a person's row, so that checks across their credits run one at a time."""
    get_user_model().objects.select_for_update().filter(pk=person_id).get()


def check_presenter_limit(credit):
    """Reject a presented credit that would be the third on its topic within
    one 4-year period.

    The owner's row is locked first, so two requests cannot both pass.
    """
    if not credit.presented:
        return
    _lock_person(credit.person_id)

    key = topic_key(credit.title)
    others = (
        Credit.objects.filter(person_id=credit.person_id, presented=True)
        .exclude(status=Status.DENIED)
        .exclude(pk=credit.pk)
    )
    same_topic = [other for other in others if topic_key(other.title) == key]
    days = sorted(timezone.localdate(other.end) for other in [*same_topic, credit])
    this_day = timezone.localdate(credit.end)

    # A 4-year window may hold PRESENTER_LIMIT of them, so check every run of
    # PRESENTER_LIMIT + 1 consecutive dates that includes this credit.
    run = PRESENTER_LIMIT + 1
    for start in range(len(days) - run + 1):
        window = days[start : start + run]
        if this_day in window and window[-1] <= years_later(window[0]):
            raise ValidationError(
                {
                    "presented": (
                        f"You already have {PRESENTER_LIMIT} presenter credits for "
                        f"“{credit.title}” within four years. A workshop topic "
                        "earns presenter credit at most twice in a 4-year period; "
                        "enter this one without “I presented this”."
                    )
                },
                code="presenter_limit",
            )


def find_duplicate(credit):
    """Return another credit of the same person, not denied, with the same
    title (compared by `topic_key`), begin and end as `credit`, or None.

    Credits of every source count, so an independent event that repeats a
    claimed catalogue event is found too.
    """
    if not (credit.title and credit.begin and credit.end):
        return None
    same_times = (
        Credit.objects.filter(
            person_id=credit.person_id, begin=credit.begin, end=credit.end
        )
        .exclude(status=Status.DENIED)
        .exclude(pk=credit.pk)
        .order_by("pk")
    )
    key = topic_key(credit.title)
    return next((other for other in same_times if topic_key(other.title) == key), None)


def _format_event_times(credit):
    begin = timezone.localtime(credit.begin)
    end = timezone.localtime(credit.end)
    end_format = "P" if end.date() == begin.date() else "F j, Y, P"
    return f"{date_format(begin, 'F j, Y, P')} to {date_format(end, end_format)}"


def check_duplicate(credit):
    """Reject a credit that repeats another of its owner's credits that is not
    denied (see `find_duplicate`).

    The owner's row is locked first, so a form sent twice saves one credit.
    """
    _lock_person(credit.person_id)
    other = find_duplicate(credit)
    if other is None:
        return
    raise ValidationError(
        f"Nothing was saved, because this event repeats “{other.title}” from "
        f"{_format_event_times(other)}, which is already among your credits as "
        f"{other.get_status_display()}. If you attended a different event, "
        "check its title, begin and end.",
        code="duplicate",
    )


def _save_new_claim(credit):
    try:
        with transaction.atomic():
            credit.save()
    except IntegrityError:
        raise ValidationError(
            "You have already claimed this event.", code="duplicate"
        ) from None


@transaction.atomic
def credit_claim_event(*, person, event, now=None):
    """Claim a catalogue event for `person` as a pending credit."""
    now = now or timezone.now()
    if event.end > now:
        raise ValidationError(
            "This event has not ended yet. Claim it once it is over.",
            code="not_ended",
        )
    if event.end <= now - CLAIM_WINDOW:
        raise ValidationError(
            "Only events that ended within the past year can be claimed from "
            "the catalogue. Enter an older one as an independent learning event.",
            code="too_old",
        )

    credit = Credit(
        person=person,
        source=Credit.Source.CATALOG,
        catalog_event=event,
        title=event.title,
        begin=event.begin,
        end=event.end,
        sponsor=event.sponsor,
        category=event.category,
        credits=event.credits,
        description=event.description,
    )
    _save_new_claim(credit)
    _record(credit, actor=person, action=Action.CLAIM, from_status="")

    transaction.on_commit(lambda: notify_verifiers_of_pending(person))
    return credit


@transaction.atomic
def credit_add_independent(*, person, **fields):
    """Record an independent learning event of `person` as a pending credit."""
    credit = Credit(person=person, source=Credit.Source.INDEPENDENT, **fields)
    # Before full_clean, whose check of the unique constraint would reject an
    # exact repeat with a message that cannot name the earlier credit.
    check_duplicate(credit)
    credit.full_clean()
    check_presenter_limit(credit)
    credit.save()
    _record(credit, actor=person, action=Action.CLAIM, from_status="")

    transaction.on_commit(lambda: notify_verifiers_of_pending(person))
    return credit


def _lock_own_pending(credit, actor):
    """Lock the row and check that its owner may still change it."""
    credit = Credit.objects.select_for_update().get(pk=credit.pk)
    if credit.person_id != actor.pk:
        raise PermissionDenied("Only the owner changes a credit.")
    if is_certified(credit):
        raise ValidationError(CERTIFIED_MESSAGE, code="certified")
    if credit.status != Status.PENDING:
        raise ValidationError(
            "This credit has been decided and can no longer be changed. "
            "Ask the CE coordinator to correct it.",
            code="decided",
        )
    if is_locked(credit):
        raise ValidationError(
            "A submitted certification track counts this credit, so it can no "
            "longer be changed.",
            code="locked",
        )
    return credit


@transaction.atomic
def credit_update(*, credit, actor, **fields):
    """Change a pending credit of the actor's own."""
    credit = _lock_own_pending(credit, actor)
    if credit.source == Credit.Source.CATALOG:
        raise ValidationError(
            "A catalogue event's details come from the catalogue. Delete the "
            "claim if it was made by mistake.",
            code="catalog",
        )

    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"{name} is not an editable credit field")
        setattr(credit, name, value)
    if fields.keys() & {"title", "begin", "end"}:
        check_duplicate(credit)
    credit.full_clean()
    check_presenter_limit(credit)
    credit.save(update_fields=list(fields))
    _record(credit, actor=actor, action=Action.EDIT, from_status=credit.status)
    return credit


@transaction.atomic
def credit_delete(*, credit, actor):
    """Delete a pending credit of the actor's own; its history stays.

    The stored proof files are deleted once the deletion commits.
    """
    credit = _lock_own_pending(credit, actor)
    from_status = credit.status
    proof_files = [proof.file for proof in credit.proofs.all()]
    credit.delete()
    _record(credit, actor=actor, action=Action.DELETE, from_status=from_status)

    transaction.on_commit(partial(delete_stored_files, proof_files))


def denial_cause(credits, reason):
    """Return the sentence naming the denied counted credits and the reason,
    which starts the message of a returned track to its owner.
    """
    titles = ", ".join(f"“{credit.title}”" for credit in credits)
    verb = "was" if len(credits) == 1 else "were"
    return f"{titles} {verb} denied by your verifier: {reason.rstrip('.')}."


def _lock_for_decision(credit, actor, seen):
    credit = Credit.objects.select_for_update().get(pk=credit.pk)
    if actor is not None and credit.person_id == actor.pk:
        raise PermissionDenied("Nobody verifies their own credits.")
    if credit.status != Status.PENDING:
        raise ValidationError(
            f"This credit is already {credit.get_status_display()}.",
            code="decided",
        )
    if seen is not None and seen != credit.fingerprint:
        raise ValidationError(
            f"“{credit.title}” was changed after you opened the page. Review "
            "its new details and decide again.",
            code="changed",
        )
    return credit


def _decide(credit, *, actor, status, reason="", via_link=None, note=None, seen=None):
    """Lock a pending credit and store the decision on it with its transition.

    A verifier with an account passes `actor`. A verifier without one passes
    `actor=None` and the `via_link` they acted through. The transition's note
    is `note` when given, the denial reason otherwise. `seen` is the credit's
    fingerprint as the verifier's page showed it; a credit changed since then
    is rejected.
    """
    credit = _lock_for_decision(credit, actor, seen)
    credit.status = status
    credit.denial_reason = reason
    credit.decided_by = actor
    credit.decided_via_link = via_link
    credit.decided_at = timezone.now()
    credit.save(
        update_fields=[
            "status",
            "denial_reason",
            "decided_by",
            "decided_via_link",
            "decided_at",
        ]
    )

    action = Action.VERIFY if status == Status.VERIFIED else Action.DENY
    _record(
        credit,
        actor=actor,
        action=action,
        from_status=Status.PENDING,
        note=reason if note is None else note,
        via_link=via_link,
    )
    return credit


@transaction.atomic
def credit_verify(*, credit, actor, seen=None):
    """Confirm a pending credit. Callers check that `actor` verifies its owner."""
    credit = _decide(credit, actor=actor, status=Status.VERIFIED, seen=seen)
    tracks_issue_ready(person=credit.person, actor=actor)
    return credit


@transaction.atomic
def credit_deny(*, credit, actor, reason, seen=None):
    """Deny a pending credit with a reason the owner will read."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason for the denial."})
    credit = _decide(
        credit, actor=actor, status=Status.DENIED, reason=reason, seen=seen
    )
    tracks_return_short(
        person=credit.person, actor=actor, cause=denial_cause([credit], reason)
    )
    return credit


@transaction.atomic
def credits_verify(*, credits, actor, seen=None):
    """Confirm several pending credits at once; all of them or none.

    `seen` maps credit ids to the fingerprints the verifier's page showed.
    """
    seen = seen or {}
    people = {}
    for credit in credits:
        decided = _decide(
            credit, actor=actor, status=Status.VERIFIED, seen=seen.get(credit.pk)
        )
        people[decided.person_id] = decided.person
    for person in people.values():
        tracks_issue_ready(person=person, actor=actor)
    return len(credits)


@transaction.atomic
def credits_deny(*, credits, actor, reason, seen=None):
    """Deny several pending credits at once with one reason; all or none."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason for the denial."})
    seen = seen or {}
    people = {}
    for credit in credits:
        decided = _decide(
            credit,
            actor=actor,
            status=Status.DENIED,
            reason=reason,
            seen=seen.get(credit.pk),
        )
        people[decided.person_id] = decided.person
    for person in people.values():
        own = [credit for credit in credits if credit.person_id == person.pk]
        tracks_return_short(person=person, actor=actor, cause=denial_cause(own, reason))
    return len(credits)


def _end_of_day(day, now):
    """Return 23:59 local time on `day`, or `now` if that is earlier.

    A term that ends today counts as ended now, because no credit may end in
    the future.
    """
    end = timezone.make_aware(datetime.combine(day, time(23, 59)))
    return min(end, now)


def _check_coursework_duplicate(participant, title, institution, term):
    """Reject coursework already on record for the participant.

    The participant's row is locked first, so a form sent twice saves once.
    """
    _lock_person(participant.pk)
    same_course = Coursework.objects.filter(
        credit__person=participant,
        institution__iexact=institution.strip(),
        term__iexact=term.strip(),
    ).select_related("credit")
    for coursework in same_course:
        if topic_key(coursework.credit.title) == topic_key(title):
            saved_on = timezone.localdate(coursework.credit.created_at)
            raise ValidationError(
                f"{title} at {institution}, {term}, is already on record for "
                f"{participant.get_full_name()}, saved on {saved_on:%B %-d, %Y}. "
                "Nothing was saved.",
                code="duplicate",
            )


@transaction.atomic
def coursework_add(
    *,
    participant,
    actor,
    title,
    institution,
    term,
    term_start,
    term_end,
    unit,
    college_credits,
    category,
    transcript,
):
    """Record college coursework as a verified credit of `participant`.

    The CE coordinator enters it from the unofficial transcript, which counts
    as the verification, so the credit is verified by `actor` from the start.
    """
    if not actor.is_coordinator:
        raise PermissionDenied("Only the CE coordinator enters coursework.")
    if participant.pk == actor.pk:
        raise ValidationError("Nobody enters coursework for themselves.", code="self")
    now = timezone.now()
    errors = term_errors(term_start, term_end, timezone.localdate(now))
    if errors:
        raise ValidationError(errors)
    try:
        validate_credit_value(college_credits)
    except ValidationError as error:
        raise ValidationError({"college_credits": error}) from None
    if college_credits > MAX_COLLEGE_CREDITS:
        raise ValidationError(
            {
                "college_credits": f"A course carries at most {MAX_COLLEGE_CREDITS} "
                "college credits. Enter each course on its own."
            }
        )
    _check_coursework_duplicate(participant, title, institution, term)

    credits = Coursework.ce_credits_for(unit, college_credits)
    unit_label = Coursework.Unit(unit).label.lower()
    credit = Credit(
        person=participant,
        source=Credit.Source.COURSEWORK,
        title=title,
        sponsor=institution,
        begin=timezone.make_aware(datetime.combine(term_start, time.min)),
        end=_end_of_day(term_end, now),
        category=category,
        credits=credits,
        description=f"{term}, {college_credits.normalize():f} {unit_label}",
        status=Status.VERIFIED,
        decided_by=actor,
        decided_at=now,
    )
    credit.full_clean()
    credit.save()

    coursework = Coursework(
        credit=credit,
        institution=institution,
        term=term,
        unit=unit,
        college_credits=college_credits,
        transcript=transcript,
        entered_by=actor,
    )
    coursework.full_clean()
    coursework.save()

    # One row records the entry and its verification, because both happen at once.
    _record(
        credit,
        actor=actor,
        action=Action.CLAIM,
        from_status="",
        note=f"College coursework entered from the transcript: {credit.description}",
    )
    return credit
