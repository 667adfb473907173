"""Writes that move tracks and certificates. Each runs in one transaction."""

import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails
from .models import (
    Certificate,
    CertificateTransition,
    Track,
    TrackCredit,
    TrackTransition,
    TrackType,
)
from .periods import years_later
from .progress import progress_for_tracks, requirements_of

logger = logging.getLogger(__name__)

Status = Track.Status
# Letters and digits that cannot be mistaken for one another on paper.
NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _record(track, *, actor, from_status, note=""):
    TrackTransition.objects.create(
        track=track,
        actor=actor,
        from_status=from_status,
        to_status=track.status,
        note=note,
    )


def _move(track, *, actor, to_status, note="", fields=()):
    from_status = track.status
    track.status = to_status
    track.save(update_fields=["status", *fields])
    _record(track, actor=actor, from_status=from_status, note=note)


def _lock(track):
    return Track.objects.for_panel().select_for_update(of=("self",)).get(pk=track.pk)


def _start(*, person, track_type, started_on, actor, note=""):
    track = Track(
        person=person,
        track_type=track_type,
        kind=track_type.kind,
        started_on=started_on,
    )
    try:
        with transaction.atomic():
            track.save()
    except IntegrityError:
        raise ValidationError(
            f"You already have an open {track_type.get_kind_display()} track. "
            "Finish it before you add another of the same kind.",
            code="open_track",
        ) from None
    _record(track, actor=actor, from_status="", note=note)
    return track


def has_held_certificate(person, kind):
    """Return whether `person` has or had a certificate of the track kind."""
    return Certificate.objects.held().filter(person=person, track__kind=kind).exists()


@transaction.atomic
def track_add(*, person, track_type, actor):
    """Start a track of the current edition for `person`, from today."""
    if not track_type.edition.is_current:
        raise ValidationError(
            "Only tracks of the current program edition can be added.",
            code="old_edition",
        )
    if track_type.requires_certificate and not has_held_certificate(
        person, track_type.kind
    ):
        kind = track_type.get_kind_display()
        raise ValidationError(
            f"The {track_type.name} track is for people who hold or held a "
            f"{kind} certificate, and none has been issued to you. Add the "
            f"track toward a first {kind} certificate instead.",
            code="no_certificate",
        )
    return _start(
        person=person,
        track_type=track_type,
        started_on=timezone.localdate(),
        actor=actor,
    )


def progress_of(track):
    """Return the progress of one track, reading the owner's credits."""
    return progress_for_tracks(track.person, [track])[0]


@transaction.atomic
def track_submit(*, track, actor):
    """Submit a complete track for the coordinator's review.

    The requirements and the counted credits are frozen on the track, so later
    edits to the edition or new credits change nothing in the review.
    """
    track = _lock(track)
    if track.person_id != actor.pk:
        raise ValidationError("Only the owner submits a track.", code="owner")
    if track.status not in (Status.IN_PROGRESS, Status.RETURNED):
        raise ValidationError(
            f"This track is {track.get_status_display().lower()} and cannot be "
            "submitted again.",
            code="status",
        )

    progress = progress_of(track)
    if not progress.is_complete:
        raise ValidationError(
            "The track's requirements are not met yet, so it cannot be submitted.",
            code="incomplete",
        )

    track.requirements = requirements_of(track).as_json()
    track.submitted_at = timezone.now()
    track.return_message = ""
    TrackCredit.objects.bulk_create(
        TrackCredit(track=track, credit=credit, kind=track.kind)
        for credit in progress.counted
    )
    _move(
        track,
        actor=actor,
        to_status=Status.SUBMITTED,
        fields=("requirements", "submitted_at", "return_message"),
    )

    has_pending = bool(progress.pending)
    transaction.on_commit(lambda: emails.track_submitted(track, has_pending))
    return track


@transaction.atomic
def track_return(*, track, actor, message):
    """Send a submitted track back to its owner with the coordinator's message."""
    message = message.strip()
    if not message:
        raise ValidationError({"message": "Write a message for the participant."})

    track = _lock(track)
    if track.person_id == actor.pk:
        raise ValidationError("Nobody returns their own track.", code="owner")
    if track.status not in (Status.SUBMITTED, Status.APPROVED):
        raise ValidationError(
            f"Only a submitted track can be returned; this one is "
            f"{track.get_status_display().lower()}.",
            code="status",
        )

    _return(track, actor=actor, message=message)
    return track


def _return(track, *, actor, message):
    # The owner may now correct the credits, and the next submission freezes
    # the requirements of that day.
    TrackCredit.objects.filter(track=track).delete()
    track.return_message = message
    track.requirements = None
    _move(
        track,
        actor=actor,
        to_status=Status.RETURNED,
        note=message,
        fields=("return_message", "requirements"),
    )

    transaction.on_commit(lambda: emails.track_returned(track))


@transaction.atomic
def tracks_return_short(*, person, actor, cause):
    """Return the person's submitted and approved tracks that a denial or a
    correction left short of their requirements, since neither could ever be
    issued.

    `actor` made the change, None for a verifier acting through a link.
    `cause` is a sentence naming what changed, and it starts the message
    to the owner. Returns the returned tracks.
    """
    returned = []
    in_review = Track.objects.filter(
        person=person, status__in=(Status.SUBMITTED, Status.APPROVED)
    )
    for track in in_review:
        track = _lock(track)
        progress = progress_of(track)
        if progress.is_complete:
            continue
        message = (
            f"{cause} So the track no longer meets its requirements: "
            f"{_shortfall(progress)}. Add credits and submit it again."
        )
        _return(track, actor=actor, message=message)
        returned.append(track)
    return returned


@transaction.atomic
def track_approve(*, track, actor):
    """Approve a submitted track; the certificate follows once all is verified."""
    track = _lock(track)
    if track.status != Status.SUBMITTED:
        raise ValidationError(
            f"Only a submitted track can be approved; this one is "
            f"{track.get_status_display().lower()}.",
            code="status",
        )
    if track.person_id == actor.pk:
        raise ValidationError("Nobody approves their own track.", code="owner")

    # Credits denied since the submission no longer count, and an approved
    # track that falls short could never be issued.
    progress = progress_of(track)
    if not progress.is_complete:
        raise ValidationError(
            "This track cannot be approved, because it no longer meets its "
            f"requirements: {_shortfall(progress)}. Return it to the "
            "participant, who can add credits and submit it again.",
            code="incomplete",
        )

    _move(track, actor=actor, to_status=Status.APPROVED)
    certificate_issue_if_ready(track=track, actor=actor)
    return track


def _credits_text(amount):
    """Return "1 more credit" or "2.5 more credits"."""
    noun = "credit" if amount == 1 else "credits"
    return f"{amount.normalize():f} more {noun}"


def _shortfall(progress):
    """Return what `progress` lacks, as "5 more credits in total and 2 more in
    Technology"."""
    parts = []
    if progress.total_needed:
        parts.append(f"{_credits_text(progress.total_needed)} in total")
    for category in progress.categories:
        if category.needed:
            parts.append(f"{category.needed.normalize():f} more in {category.name}")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _new_number():
    return "MT-" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))


def _create_certificate(
    track, *, actor, issued_on, earned_by=Certificate.Route.CREDITS, issued_by=None
):
    """Create the certificate of `track` and its audit row by `actor`.

    `issued_by` is the coordinator named on the certificate, `actor` by default.
    """
    for _ in range(5):
        certificate = Certificate(
            track=track,
            person=track.person,
            number=_new_number(),
            holder_name=track.person.get_full_name(),
            track_name=requirements_of(track).track_name,
            issued_on=issued_on,
            expires_on=years_later(issued_on),
            issued_by=issued_by or actor,
            earned_by=earned_by,
        )
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            if Certificate.objects.filter(
                track=track, status=Certificate.Status.ISSUED
            ).exists():
                raise
            continue

        # The history names the coordinator who issued the certificate. The
        # track's own row names the actor who completed it, who may be a
        # verifier.
        CertificateTransition.objects.create(
            certificate=certificate,
            actor=certificate.issued_by,
            action=CertificateTransition.Action.ISSUE,
            to_status=certificate.status,
        )
        return certificate
    raise RuntimeError("No free certificate number after five tries")


def next_track_type(track_type):
    """Return the track type that starts when a certificate of `track_type` is
    issued, or None when the current edition offers none.

    The successor is `track_type.next_type`, or `track_type` itself when that
    is empty. In the 2023 edition the initial director track names the
    renewal, and the other tracks name none, so they repeat. A new track must
    be of the current edition, so a successor of another edition is replaced
    by the current edition's track type of the same kind and the same
    `requires_certificate` flag, which keeps a renewal a renewal. If several
    match, the one with the successor's name is taken. None is returned when
    none matches, when several match but none has that name, or when no
    edition is current.
    """
    successor = track_type.next_type or track_type
    if successor.edition.is_current:
        return successor

    candidates = list(
        TrackType.objects.filter(
            edition__is_current=True,
            kind=successor.kind,
            requires_certificate=successor.requires_certificate,
        ).select_related("edition")
    )
    for candidate in candidates:
        if candidate.name == successor.name:
            return candidate
    if len(candidates) == 1:
        return candidates[0]
    return None


def no_next_track_message(track):
    """Return the message for the coordinator that no track followed `track`."""
    kind = track.get_kind_display()
    return (
        f"No new {kind} track was started for {track.person.get_full_name()}, "
        f"because the current program edition has no {kind} track type to "
        f"follow {track.track_type}. Add one to the current edition in the "
        "admin, and the participant can then add the track on the Continuing "
        "Education page."
    )


def _start_next(track, *, certificate, actor):
    """Start the track that follows `track` on the issue date of its certificate.

    When `next_track_type` finds none, the certificate stays issued and no
    track starts. A warning is logged, and an audit row on `track` records
    the reason. Returns the new track, or None.
    """
    next_type = next_track_type(track.track_type)
    if next_type is None:
        logger.warning(
            "No track started after certificate %s of track %s: the current "
            "edition has no %s track type to follow track type %s",
            certificate.number,
            track.pk,
            track.kind,
            track.track_type_id,
        )
        _record(
            track,
            actor=actor,
            from_status=track.status,
            note=no_next_track_message(track),
        )
        return None

    return _start(
        person=track.person,
        track_type=next_type,
        started_on=certificate.issued_on,
        actor=actor,
        note=f"Started on the issue of certificate {certificate.number}",
    )


def next_track_warning(certificate):
    """Return `no_next_track_message` for the track of `certificate` if its
    holder has no open track of that kind, else "".

    The holder has none right after `_start_next` found no track type.
    """
    track = certificate.track
    has_open = (
        Track.objects.open()
        .filter(person_id=certificate.person_id, kind=track.kind)
        .exists()
    )
    return "" if has_open else no_next_track_message(track)


def _approver(track):
    """Return the coordinator who approved `track` last."""
    approval = (
        track.transitions.filter(to_status=Status.APPROVED)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    return approval.actor if approval else None


@transaction.atomic
def certificate_issue_if_ready(*, track, actor, note=""):
    """Issue the certificate of an approved track whose counted credits are all
    verified, and start the next track of the same kind on the issue date.

    `actor` is whoever completed the track, the coordinator by approving it or
    a verifier by deciding its last credit; None for a verifier without an
    account, whom `note` then names. The certificate names the coordinator who
    approved the track. Returns the certificate, or None while the track is not
    ready.
    """
    track = _lock(track)
    if track.status != Status.APPROVED:
        return None
    progress = progress_of(track)
    if not progress.all_verified or not progress.is_complete:
        return None

    issued_on = timezone.localdate()
    certificate = _create_certificate(
        track, actor=actor, issued_on=issued_on, issued_by=_approver(track)
    )
    _move(
        track,
        actor=actor,
        to_status=Status.ISSUED,
        note=" ".join(filter(None, [f"Certificate {certificate.number}.", note])),
    )

    _start_next(track, certificate=certificate, actor=actor)

    logger.info("Certificate %s issued for track %s", certificate.number, track.pk)
    transaction.on_commit(lambda: emails.certificate_issued(certificate))
    return certificate


def tracks_issue_ready(*, person, actor, note=""):
    """Issue the certificates of the person's approved tracks that became ready."""
    approved = Track.objects.filter(person=person, status=Status.APPROVED)
    issued = []
    for track in approved:
        certificate = certificate_issue_if_ready(track=track, actor=actor, note=note)
        if certificate:
            issued.append(certificate)
    return issued
