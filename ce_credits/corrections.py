"""The CE coordinator's corrections and removals of other people's credits.

A participant changes a credit only while it is pending and no submitted track
counts it (`services.credit_update`). After that only a coordinator changes it,
with a reason that the audit row keeps and the owner receives by email.
"""

from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.emails import send_templated
from certifications.services import tracks_return_short

from .models import Coursework, Credit, CreditTransition
from .services import (
    _record,
    check_presenter_limit,
    find_duplicate,
    is_certified,
    is_locked,
)
from .uploads import delete_stored_files

Action = CreditTransition.Action

# The fields a correction may change, as the audit note and the owner's email
# name them. They are the fields the owner may edit (`services.EDITABLE_FIELDS`).
FIELD_LABELS = {
    "title": "Event title",
    "begin": "Begin",
    "end": "End",
    "sponsor": "Sponsor",
    "presenter": "Trainer/presenter",
    "category": "CE category",
    "credits": "Credit value",
    "presented": "Presented by the participant",
    "contact_hours": "Contact hours",
    "description": "Description",
}

OWN_CREDIT_MESSAGE = (
    "This credit is your own, and nobody {verb} their own credits. Ask another "
    "CE coordinator to do it."
)


def correction_blocker(credit, actor):
    """Return why `actor` may not correct `credit`, or "" if they may.

    The services check the same rules again under a row lock.
    """
    if credit.person_id == actor.pk:
        return OWN_CREDIT_MESSAGE.format(verb="corrects")
    if is_certified(credit):
        return (
            "An issued certificate rests on this credit, so it cannot be "
            "corrected. It stays as the certificate counted it."
        )
    return ""


def removal_blocker(credit, actor):
    """Return why `actor` may not remove `credit`, or "" if they may."""
    if credit.person_id == actor.pk:
        return OWN_CREDIT_MESSAGE.format(verb="removes")
    if is_certified(credit):
        return "An issued certificate rests on this credit, so it cannot be removed."
    if is_locked(credit):
        return (
            "A submitted or approved certification track counts this credit, so "
            "it cannot be removed. Return the track to the participant first, "
            "then remove the credit."
        )
    return ""


def _lock(credit, actor):
    if not actor.is_coordinator:
        raise PermissionDenied("Only a CE coordinator corrects or removes credits.")
    try:
        return Credit.objects.select_for_update().get(pk=credit.pk)
    except Credit.DoesNotExist:
        raise ValidationError(
            f"“{credit.title}” was removed in the meantime, so nothing was saved.",
            code="gone",
        ) from None


def _raise_if(blocker, code):
    if blocker:
        raise ValidationError(blocker, code=code)


def _required_reason(reason, change):
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": f"Give the reason for the {change}. The participant reads it."}
        )
    return reason


@transaction.atomic
def credit_correct(*, credit, actor, reason, seen=None, **changes):
    """Change the details of another person's credit, whatever its status.

    `changes` maps fields named in `FIELD_LABELS` to their new values. The
    status stays as it is. `seen` is the credit's fingerprint as the form
    showed it, and a credit changed since then is rejected. Returns the
    credit, or None when no value differs, in which case nothing is saved or
    recorded.
    """
    reason = _required_reason(reason, "correction")
    credit = _lock(credit, actor)
    _raise_if(correction_blocker(credit, actor), "blocked")
    if seen is not None and seen != credit.fingerprint:
        raise ValidationError(
            f"“{credit.title}” was changed after you opened this form, so "
            "nothing was saved. Review its new details and correct it again.",
            code="changed",
        )

    old_values = {}
    for name, value in changes.items():
        if name not in FIELD_LABELS:
            raise TypeError(f"{name} is not a correctable credit field")
        if getattr(credit, name) != value:
            old_values[name] = getattr(credit, name)
            setattr(credit, name, value)
    if not old_values:
        return None

    if {"title", "begin", "end"} & old_values.keys():
        _check_not_repeated(credit)
    credit.full_clean()
    if {"title", "end", "presented"} & old_values.keys():
        _check_presenter_limit(credit)
    credit.save(update_fields=list(old_values))

    changed = change_lines(credit, old_values)
    note = "\n".join([f"Reason: {reason}", *changed])
    _record(
        credit, actor=actor, action=Action.CORRECT, from_status=credit.status, note=note
    )
    # A lower value or another category can leave a track in review short.
    cause = f"The CE coordinator corrected “{credit.title}”: {reason.rstrip('.')}."
    tracks_return_short(person=credit.person, actor=actor, cause=cause)

    mail = partial(
        _mail_owner,
        "credit_corrected",
        credit=credit,
        actor=actor,
        reason=reason,
        changes=changed,
    )
    transaction.on_commit(mail)
    return credit


def _check_not_repeated(credit):
    """Reject a correction that makes the credit repeat another of the owner's."""
    other = find_duplicate(credit)
    if other is not None:
        raise ValidationError(
            f"After this correction the credit would repeat “{other.title}”, "
            f"which {credit.person.get_full_name()} already has with the same "
            "begin and end. Remove one of the two instead.",
            code="duplicate",
        )


def _check_presenter_limit(credit):
    """Run `check_presenter_limit` with a message for the coordinator.

    Its own message speaks to the participant entering a credit.
    """
    try:
        check_presenter_limit(credit)
    except ValidationError:
        raise ValidationError(
            f"After this correction {credit.person.get_full_name()} would have "
            f"more than two presenter credits for “{credit.title}” within four "
            "years, and a topic earns presenter credit at most twice in a "
            "4-year period. Clear “Presented by the participant” or keep the "
            "title and end date as they were.",
            code="presenter_limit",
        ) from None


@transaction.atomic
def credit_remove(*, credit, actor, reason):
    """Delete another person's credit, whatever its status. Its history stays.

    Its proof files, and the transcript of coursework, are deleted once the
    removal commits.
    """
    reason = _required_reason(reason, "removal")
    credit = _lock(credit, actor)
    _raise_if(removal_blocker(credit, actor), "blocked")

    from_status = credit.status
    files = [proof.file for proof in credit.proofs.all()]
    # The coursework row goes with the credit (CASCADE), but its file stays.
    coursework = Coursework.objects.filter(credit=credit).first()
    if coursework is not None and coursework.transcript:
        files.append(coursework.transcript)

    credit.delete()
    _record(
        credit, actor=actor, action=Action.DELETE, from_status=from_status, note=reason
    )

    transaction.on_commit(partial(delete_stored_files, files))
    mail = partial(
        _mail_owner, "credit_removed", credit=credit, actor=actor, reason=reason
    )
    transaction.on_commit(mail)


def change_lines(credit, old_values):
    """Return one line "Label: old → new" for each changed field, in form order."""
    return [
        f"{FIELD_LABELS[name]}: {_display(old_values[name])} → "
        f"{_display(getattr(credit, name))}"
        for name in FIELD_LABELS
        if name in old_values
    ]


def _display(value):
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if hasattr(value, "tzinfo"):
        return date_format(timezone.localtime(value), "M j, Y, g:i A")
    if isinstance(value, str):
        return f"“{value}”"
    return str(value)


def _mail_owner(template, *, credit, actor, reason, changes=()):
    send_templated(
        template=f"ce_credits/email/{template}.txt",
        recipients=[credit.person.email],
        context={
            "person": credit.person,
            "credit": credit,
            "coordinator": actor,
            "reason": reason,
            "changes": changes,
        },
    )
