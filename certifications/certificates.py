"""Corrections and withdrawals of issued certificates.

Nothing is deleted: a corrected certificate stays as a superseded row that
points to its successor, and a withdrawn one stays with its reason. Each
change writes `CertificateTransition` rows in the same transaction.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.emails import send_templated

from .models import Certificate, CertificateTransition
from .services import _new_number

logger = logging.getLogger(__name__)

Status = Certificate.Status
Action = CertificateTransition.Action
NUMBER_ATTEMPTS = 5


def _lock(certificate):
    return (
        Certificate.objects.select_related("person")
        .select_for_update(of=("self",))
        .get(pk=certificate.pk)
    )


def _check_changeable(certificate, *, actor, verb):
    if certificate.status != Status.ISSUED:
        raise ValidationError(
            f"Certificate {certificate.number} is "
            f"{certificate.get_status_display().lower()}, and only a certificate "
            f"in force can be {verb}.",
            code="status",
        )
    if certificate.person_id == actor.pk:
        raise ValidationError(
            f"Certificate {certificate.number} is your own, so it cannot be "
            f"{verb} by you. Ask another coordinator.",
            code="owner",
        )


def _record(certificate, *, actor, action, from_status, note):
    CertificateTransition.objects.create(
        certificate=certificate,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=certificate.status,
        note=note,
    )


def _required_text(field, value, message):
    value = value.strip()
    if not value:
        raise ValidationError({field: message}, code="required")
    return value


def _save_successor(old, *, holder_name):
    """Save the corrected copy of `old` under a new number, in force."""
    for _ in range(NUMBER_ATTEMPTS):
        successor = Certificate(
            track_id=old.track_id,
            person_id=old.person_id,
            number=_new_number(),
            holder_name=holder_name,
            track_name=old.track_name,
            issued_on=old.issued_on,
            expires_on=old.expires_on,
            issued_by_id=old.issued_by_id,
            earned_by=old.earned_by,
        )
        try:
            with transaction.atomic():
                successor.save()
        except IntegrityError:
            # Only the number can clash, because the caller took `old` out of
            # force.
            if Certificate.objects.filter(number=successor.number).exists():
                continue
            raise
        return successor
    raise RuntimeError(f"No free certificate number after {NUMBER_ATTEMPTS} tries")


@transaction.atomic
def certificate_correct(*, certificate, actor, holder_name, reason):
    """Replace a certificate in force by a copy with the corrected holder name.

    The copy gets a new number and keeps the track name, the dates, the route
    and the issuer. The old certificate becomes superseded and points to it.
    Only the certificate changes: the holder's account keeps its name, so fix
    that in the admin too if later certificates should carry the new one.
    """
    # Runs of spaces collapse to one, as a page shows the name anyway.
    holder_name = _required_text(
        "holder_name",
        " ".join(holder_name.split()),
        "Enter the name as it should read.",
    )
    reason = _required_text("reason", reason, "Give the reason for the correction.")

    old = _lock(certificate)
    _check_changeable(old, actor=actor, verb="corrected")
    if holder_name == old.holder_name:
        raise ValidationError(
            {"holder_name": "This is the name the certificate already carries."},
            code="unchanged",
        )

    # The database allows one certificate in force per track, and a superseded
    # one must name its successor, which does not exist yet. So the old
    # certificate is withdrawn first, a state no other transaction can see,
    # and superseded once the successor is saved.
    old.status = Status.WITHDRAWN
    old.status_reason = reason
    old.save(update_fields=["status", "status_reason"])
    successor = _save_successor(old, holder_name=holder_name)
    old.status = Status.SUPERSEDED
    old.superseded_by = successor
    old.save(update_fields=["status", "superseded_by"])

    _record(
        old,
        actor=actor,
        action=Action.CORRECT,
        from_status=Status.ISSUED,
        note=f"Replaced by certificate {successor.number}: {reason}",
    )
    _record(
        successor,
        actor=actor,
        action=Action.ISSUE,
        from_status="",
        note=f"Issued with the corrected name in place of certificate {old.number}",
    )

    logger.info("Certificate %s superseded by %s", old.number, successor.number)
    transaction.on_commit(lambda: _mail_holder("corrected", old, successor))
    return successor


@transaction.atomic
def certificate_withdraw(*, certificate, actor, reason):
    """Withdraw a certificate in force. It stays on record with the reason."""
    reason = _required_text("reason", reason, "Give the reason for the withdrawal.")

    certificate = _lock(certificate)
    _check_changeable(certificate, actor=actor, verb="withdrawn")

    certificate.status = Status.WITHDRAWN
    certificate.status_reason = reason
    certificate.save(update_fields=["status", "status_reason"])
    _record(
        certificate,
        actor=actor,
        action=Action.WITHDRAW,
        from_status=Status.ISSUED,
        note=reason,
    )

    logger.info("Certificate %s withdrawn", certificate.number)
    transaction.on_commit(lambda: _mail_holder("withdrawn", certificate))
    return certificate


def _mail_holder(change, certificate, successor=None):
    send_templated(
        template=f"certifications/email/certificate_{change}.txt",
        recipients=[certificate.person.email],
        context={"certificate": certificate, "successor": successor},
    )
