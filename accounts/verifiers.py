"""Changing who verifies a participant's credits."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from ce_credits.emails import notify_verifiers_of_pending
from ce_credits.links import verifier_links_close

from .models import Position, User, VerifierChange

logger = logging.getLogger(__name__)

VERIFIER_FIELDS = ("supervisor", "verifier_name", "verifier_email")


def verifier_rule(seat):
    """Return how the seat's verifier is chosen, without names or addresses."""
    if seat.supervisor_id:
        return f"supervisor account {seat.supervisor_id}"
    if seat.verifier_email:
        return "a verifier without an account"
    return "the default rule"


def verifier_description(seat):
    """Return who verifies the seat, with names, for the audit row."""
    if seat.supervisor_id:
        return f"{seat.supervisor.get_full_name()} <{seat.supervisor.email}>"
    if seat.verifier_email:
        return f"{seat.verifier_name} <{seat.verifier_email}>, without an account"
    return "the default for the position"


def _validate(*, person, supervisor, name, email):
    if supervisor is not None and (name or email):
        raise ValidationError(
            "Choose an account or enter a verifier without an account, not both.",
            code="both",
        )

    errors = {}
    if supervisor is not None and supervisor.pk == person.pk:
        errors["supervisor"] = (
            f"{person.get_full_name()} cannot verify their own credits. "
            "Choose someone else."
        )
    elif supervisor is not None and not supervisor.is_active:
        errors["supervisor"] = (
            f"The account of {supervisor.get_full_name()} is deactivated. "
            "Choose an active account."
        )
    if name and not email:
        errors["verifier_email"] = "Enter the verifier's email address too."
    elif email and not name:
        errors["verifier_name"] = "Enter the verifier's name too."
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["verifier_email"] = f"“{email}” is not a valid email address."
        else:
            account = User.objects.filter(email__iexact=email).first()
            if email.lower() == person.email.lower():
                errors["verifier_email"] = (
                    f"This is the address of {person.get_full_name()}, who "
                    "cannot verify their own credits. Enter someone else's."
                )
            elif account is not None:
                errors["verifier_email"] = (
                    f"This address belongs to the account of "
                    f"{account.get_full_name()}. Choose that account as the "
                    "verifier instead, so they decide on the site."
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def verifier_reassign(*, person, actor, supervisor=None, name="", email=""):
    """Name the verifier on the person's current position.

    Pass an account as `supervisor`, or the `name` and `email` of a verifier
    without an account, or none of them to return to the default rule of
    `Position.DEFAULT_VERIFIER_KIND`. A change closes the person's open
    verifier link, and the new verifier is notified of any pending credits
    after the commit. Returns the position.
    """
    if not actor.is_coordinator:
        raise PermissionDenied("Only the CE coordinator reassigns verifiers.")
    if person.pk == actor.pk:
        raise ValidationError(
            "You cannot change your own verifier. Ask another CE coordinator.",
            code="own",
        )
    name, email = name.strip(), email.strip()
    _validate(person=person, supervisor=supervisor, name=name, email=email)

    seat = (
        Position.objects.select_for_update()
        .filter(person=person, is_current=True)
        .first()
    )
    if seat is None:
        raise ValidationError(
            f"{person.get_full_name()} has no current position, so no verifier "
            "can be named. Add a position and mark it current first.",
            code="no_position",
        )
    new_values = (getattr(supervisor, "pk", None), name, email)
    if (seat.supervisor_id, seat.verifier_name, seat.verifier_email) == new_values:
        return seat

    old_rule = verifier_rule(seat)
    old_description = verifier_description(seat)
    seat.supervisor = supervisor
    seat.verifier_name = name
    seat.verifier_email = email
    seat.save(update_fields=VERIFIER_FIELDS)
    VerifierChange.objects.create(
        person=person,
        position=seat,
        actor=actor,
        from_verifier=old_description,
        to_verifier=verifier_description(seat),
    )
    closed = verifier_links_close(person=person)

    logger.info(
        "Verifier of user %s changed by user %s from %s to %s, %d link(s) closed",
        person.pk,
        actor.pk,
        old_rule,
        verifier_rule(seat),
        closed,
    )
    if person.credits.pending().exists():
        transaction.on_commit(lambda: notify_verifiers_of_pending(person))
    return seat
