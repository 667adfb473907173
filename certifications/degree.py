"""The degree route to the Library Director certificate.

A person with a library-science graduate degree conferred within the last four
years requests the certificate. A college official confirms the conferral date
through a signed link that needs no account, and the CE coordinator then
issues the certificate.
"""

import logging
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.formats import date_format

from accounts.emails import send_templated

from .models import (
    Certificate,
    DegreeRequest,
    DegreeRequestTransition,
    Edition,
    Track,
    TrackType,
)
from .periods import years_later
from .progress import requirements_of
from .services import (
    _create_certificate,
    _move,
    _record,
    _start,
    _start_next,
    has_held_certificate,
)

logger = logging.getLogger(__name__)

Status = DegreeRequest.Status
LINK_SALT = "certifications.degree.confirm"
LINK_MAX_AGE = timedelta(days=30)
DIRECTOR_INITIAL = "Library Director, initial"
# The open track states from which the degree can issue the certificate. A
# submitted or approved track is already in the coordinator's review.
ISSUABLE_TRACK_STATUSES = (Track.Status.IN_PROGRESS, Track.Status.RETURNED)


class DegreeLinkError(Exception):
    """A confirmation link that cannot be used, with the HTTP status to send."""

    def __init__(self, message, *, status):
        super().__init__(message)
        self.message = message
        self.status = status


def qualifies_until(conferred_on):
    """Return the last day on which a degree conferred on `conferred_on`
    qualifies for the certificate: four years later, that day included.
    """
    return years_later(conferred_on)


def validate_conferral_date(conferred_on, today=None):
    """Raise ValidationError unless the degree was conferred in the last 4 years.

    A degree conferred exactly four years ago today still qualifies.
    """
    today = today or timezone.localdate()
    if conferred_on > today:
        raise ValidationError(
            "The conferral date is in the future. Request the certificate once "
            "the degree has been conferred.",
            code="future",
        )
    if qualifies_until(conferred_on) < today:
        raise ValidationError(
            "The degree was conferred more than four years ago, so it no longer "
            "qualifies. Earn the certificate with CE credits on the Library "
            "Director track instead.",
            code="too_old",
        )


def validate_official_email(person, official_email):
    """Reject an official's address that is the person's own or another
    account's, because the confirmation must come from the college.
    """
    email = official_email.strip().lower()
    if email == person.email.lower():
        raise ValidationError(
            "Enter the address of a college official, such as the registrar or "
            "a dean, not your own.",
            code="own_email",
        )
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise ValidationError(
            "This address belongs to an account on this site. Enter the "
            "college address of the registrar or a dean, who confirms degrees "
            "for the college.",
            code="account_email",
        )


def _record_change(degree_request, *, actor, from_status, note=""):
    DegreeRequestTransition.objects.create(
        degree_request=degree_request,
        actor=actor,
        from_status=from_status,
        to_status=degree_request.status,
        note=note,
    )


def _format_official(degree_request):
    return f"{degree_request.official_name} <{degree_request.official_email}>"


def _signer():
    return signing.TimestampSigner(salt=LINK_SALT)


def link_token(degree_request):
    """Return the signed token of the request's current confirmation link."""
    return _signer().sign(f"{degree_request.pk}:{degree_request.link_nonce}")


@transaction.atomic
def degree_request_create(
    *, person, degree, institution, conferred_on, official_name, official_email
):
    """Record a degree request and email its official a confirmation link."""
    validate_conferral_date(conferred_on)
    validate_official_email(person, official_email)

    degree_request = DegreeRequest(
        person=person,
        degree=degree,
        institution=institution,
        conferred_on=conferred_on,
        official_name=official_name,
        official_email=official_email,
        link_nonce=secrets.token_hex(16),
    )
    degree_request.clean_fields()
    try:
        with transaction.atomic():
            degree_request.save()
    except IntegrityError:
        raise ValidationError(
            "You already have a degree request that is waiting for the college "
            "or for the CE coordinator. You can make a new one once it is "
            "answered.",
            code="open_request",
        ) from None
    _record_change(
        degree_request,
        actor=person,
        from_status="",
        note=f"Confirmation link addressed to {_format_official(degree_request)}.",
    )

    transaction.on_commit(lambda: degree_link_send(degree_request))
    return degree_request


def degree_link_send(degree_request):
    """Email the college official the link that confirms or declines the degree.

    The link expires after `LINK_MAX_AGE`, and a new nonce on the request makes
    it stop working sooner. Neither the link nor its token is logged.
    """
    return send_templated(
        template="certifications/email/degree_confirm_request.txt",
        recipients=[degree_request.official_email],
        context={
            "degree_request": degree_request,
            "token": link_token(degree_request),
            "max_age_days": LINK_MAX_AGE.days,
        },
    )


@transaction.atomic
def degree_link_resend(*, degree_request, actor):
    """Send the official a new link, so that every earlier link stops working."""
    degree_request = DegreeRequest.objects.select_for_update().get(pk=degree_request.pk)
    if degree_request.status != Status.AWAITING_OFFICIAL:
        raise ValidationError(
            "The college has already answered this request.", code="answered"
        )

    degree_request.link_nonce = secrets.token_hex(16)
    degree_request.save(update_fields=["link_nonce"])
    _record_change(
        degree_request,
        actor=actor,
        from_status=degree_request.status,
        note=(
            f"New confirmation link sent to {_format_official(degree_request)}. "
            "Earlier links no longer work."
        ),
    )

    transaction.on_commit(lambda: degree_link_send(degree_request))
    return degree_request


def degree_request_from_token(token):
    """Return the request awaiting an answer through `token`.

    Raises DegreeLinkError with status 404 for a token that is not a valid
    signature, and with status 410 for one that has expired, has been replaced
    by a newer link or belongs to a request already answered.
    """
    try:
        value = _signer().unsign(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise DegreeLinkError(
            f"This link has expired. Links work for {LINK_MAX_AGE.days} days "
            "after they are sent. Ask the Montana State Library's CE "
            "coordinator for a new one if the request still needs an answer.",
            status=410,
        ) from None
    except signing.BadSignature:
        raise DegreeLinkError(
            "This link is not valid. Check that you opened the whole link from "
            "the email.",
            status=404,
        ) from None

    pk, _, nonce = value.partition(":")
    degree_request = None
    if pk.isdigit():
        degree_request = (
            DegreeRequest.objects.select_related("person").filter(pk=pk).first()
        )
    if degree_request is None:
        raise DegreeLinkError("This request no longer exists.", status=404)
    if not constant_time_compare(nonce, degree_request.link_nonce):
        raise DegreeLinkError(
            "This link has been replaced by a newer one. Use the link in the "
            "most recent email about this request.",
            status=410,
        )
    if degree_request.status != Status.AWAITING_OFFICIAL:
        answered_on = date_format(timezone.localdate(degree_request.answered_at))
        raise DegreeLinkError(
            f"This request was already answered on {answered_on}. Thank you.",
            status=410,
        )
    return degree_request


def degree_request_answer(*, degree_request, confirmed, note=""):
    """Store the official's confirmation or decline of the degree.

    Raises ValidationError unless the request is still awaiting the official.
    A confirmation that comes after the degree stopped qualifying closes the
    request as too old instead: the closing is committed, and then
    ValidationError with the code "too_old" is raised.
    """
    degree_request = _answer(degree_request, confirmed=confirmed, note=note)
    if degree_request.status == Status.TOO_OLD:
        last_day = date_format(qualifies_until(degree_request.conferred_on))
        raise ValidationError(
            f"The degree qualified for the certificate only until {last_day}, "
            "so it can no longer be confirmed, and the request is closed.",
            code="too_old",
        )
    return degree_request


@transaction.atomic
def _answer(degree_request, *, confirmed, note):
    degree_request = (
        DegreeRequest.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=degree_request.pk)
    )
    if degree_request.status != Status.AWAITING_OFFICIAL:
        raise ValidationError(
            "This request has already been answered.", code="answered"
        )

    official = _format_official(degree_request)
    if confirmed and _is_too_old(degree_request):
        degree_request.answered_at = timezone.now()
        _close_too_old(
            degree_request,
            actor=None,
            note=f"{official} confirmed the degree through the emailed link.",
        )
        return degree_request

    from_status = degree_request.status
    degree_request.status = Status.CONFIRMED if confirmed else Status.DECLINED
    degree_request.official_note = note.strip()
    degree_request.answered_at = timezone.now()
    degree_request.save(update_fields=["status", "official_note", "answered_at"])
    verb = "Confirmed" if confirmed else "Declined"
    _record_change(
        degree_request,
        actor=None,
        from_status=from_status,
        note=" ".join(
            filter(
                None,
                [
                    f"{verb} by {official} through the emailed link.",
                    degree_request.official_note,
                ],
            )
        ),
    )
    logger.info(
        "Degree request %s %s by the college", degree_request.pk, degree_request.status
    )

    if confirmed:
        transaction.on_commit(lambda: _notify_coordinators(degree_request))
    else:
        transaction.on_commit(lambda: _notify_declined(degree_request))
    return degree_request


def _is_too_old(degree_request):
    return qualifies_until(degree_request.conferred_on) < timezone.localdate()


def _close_too_old(degree_request, *, actor, note):
    """Close a request whose degree no longer qualifies, and tell its owner.

    When the official confirms, the caller sets `answered_at` first, and the
    closing saves it.
    """
    last_day = qualifies_until(degree_request.conferred_on)
    from_status = degree_request.status
    degree_request.status = Status.TOO_OLD
    degree_request.save(update_fields=["status", "answered_at"])
    _record_change(
        degree_request,
        actor=actor,
        from_status=from_status,
        note=(
            f"{note} The degree conferred on {degree_request.conferred_on} "
            f"qualified only until {last_day}, so the request was closed."
        ),
    )
    logger.info(
        "Degree request %s closed: the degree qualified only until %s",
        degree_request.pk,
        last_day,
    )
    transaction.on_commit(lambda: _notify_too_old(degree_request))


def _notify_coordinators(degree_request):
    User = get_user_model()
    send_templated(
        template="certifications/email/degree_confirmed.txt",
        recipients=[user.email for user in User.objects.coordinators()],
        context={"degree_request": degree_request},
    )


def _notify_declined(degree_request):
    send_templated(
        template="certifications/email/degree_declined.txt",
        recipients=[degree_request.person.email],
        context={"degree_request": degree_request},
    )


def _notify_too_old(degree_request):
    send_templated(
        template="certifications/email/degree_too_old.txt",
        recipients=[degree_request.person.email],
        context={
            "degree_request": degree_request,
            "qualified_until": qualifies_until(degree_request.conferred_on),
        },
    )


def degree_requests_for_queue():
    """Return the requests the coordinator follows, awaiting or confirmed, with
    their transitions and the transitions' actors prefetched.
    """
    transitions = DegreeRequestTransition.objects.select_related("actor")
    return (
        DegreeRequest.objects.filter(
            status__in=[Status.AWAITING_OFFICIAL, Status.CONFIRMED]
        )
        .select_related("person")
        .prefetch_related(Prefetch("transitions", queryset=transitions))
        .order_by("created_at", "pk")
    )


def _initial_track_type(edition):
    try:
        return edition.track_types.get(name=DIRECTOR_INITIAL)
    except TrackType.DoesNotExist:
        raise ValidationError(
            f"The current edition {edition} has no {DIRECTOR_INITIAL} "
            "track. Add it before issuing a certificate by degree.",
            code="no_track_type",
        ) from None


def _switch_to_initial(track, *, edition, actor):
    """Move a track that requires an earlier certificate, such as a renewal
    added by someone never certified, onto the initial director track type.
    """
    previous = track.track_type.name
    track.track_type = _initial_track_type(edition)
    track.save(update_fields=["track_type"])
    _record(
        track,
        actor=actor,
        from_status=track.status,
        note=(
            f"Changed from {previous} to {DIRECTOR_INITIAL}, because no "
            f"{track.get_kind_display()} certificate was issued before this one"
        ),
    )


def _director_track_to_issue(person, edition, actor):
    """Return the person's open director track to issue, starting one if none."""
    open_track = (
        Track.objects.open()
        .filter(person=person, kind=TrackType.Kind.LIBRARY_DIRECTOR)
        .select_related("track_type__edition")
        .select_for_update(of=("self",))
        .first()
    )
    if open_track is None:
        return _start(
            person=person,
            track_type=_initial_track_type(edition),
            started_on=timezone.localdate(),
            actor=actor,
            note="Started to issue a certificate by degree",
        )

    if open_track.track_type.edition_id != edition.pk:
        raise ValidationError(
            f"{person.get_full_name()} has an open {open_track.track_type} "
            "track. Only a track of the current edition can be issued by degree, "
            "and a new one cannot start while that track is open.",
            code="old_edition",
        )
    if open_track.status not in ISSUABLE_TRACK_STATUSES:
        raise ValidationError(
            f"{person.get_full_name()}'s {open_track.track_type.name} track is "
            f"{open_track.get_status_display().lower()}. Return it before "
            "issuing the certificate by degree.",
            code="track_in_review",
        )
    if open_track.track_type.requires_certificate and not has_held_certificate(
        person, open_track.kind
    ):
        _switch_to_initial(open_track, edition=edition, actor=actor)
    return open_track


def certificate_issue_by_degree(*, degree_request, actor):
    """Issue the Library Director certificate on a confirmed degree request.

    The person's open director track of the current edition is issued if it is
    in progress or returned. Without an open director track, a new "Library
    Director, initial" track is started and issued. An open renewal track of
    someone who never held a director certificate is first changed to the
    initial track, so the first certificate is never issued as a renewal. The
    next track starts at once, as after an issue by credits.

    Raises ValidationError when the request cannot be issued. A degree that
    stopped qualifying since the request was made closes the request as too
    old: the closing is committed, and then ValidationError with the code
    "too_old" is raised.
    """
    certificate = _issue_by_degree(degree_request=degree_request, actor=actor)
    if certificate is None:
        name = degree_request.person.get_full_name()
        last_day = date_format(qualifies_until(degree_request.conferred_on))
        raise ValidationError(
            f"No certificate was issued, because {name}'s "
            f"{degree_request.degree} degree qualified only until {last_day}. "
            f"The request is now closed, and {name} has been emailed to earn "
            "the certificate with CE credits instead.",
            code="too_old",
        )
    return certificate


@transaction.atomic
def _issue_by_degree(*, degree_request, actor):
    """Issue the certificate, or close the request and return None when the
    degree no longer qualifies.
    """
    if not actor.is_coordinator:
        raise PermissionDenied("Only the CE coordinator issues certificates.")

    degree_request = (
        DegreeRequest.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=degree_request.pk)
    )
    if degree_request.status != Status.CONFIRMED:
        raise ValidationError(
            "Only a request that the college confirmed can be issued. This "
            f"one's status is: {degree_request.get_status_display()}.",
            code="status",
        )
    person = degree_request.person
    if person.pk == actor.pk:
        raise ValidationError(
            "You cannot issue a certificate to yourself. Ask another CE "
            "coordinator to issue it.",
            code="owner",
        )
    if _is_too_old(degree_request):
        _close_too_old(degree_request, actor=actor, note="Not issued.")
        return None

    edition = Edition.objects.filter(is_current=True).first()
    if edition is None:
        raise ValidationError(
            "No program edition is marked current. Mark one current before "
            "issuing a certificate by degree.",
            code="no_edition",
        )
    track = _director_track_to_issue(person, edition, actor)
    # The track counts no credits, so its requirements are frozen as they
    # stand today and no TrackCredit rows are written.
    track.requirements = requirements_of(track).as_json()
    track.submitted_at = timezone.now()
    track.return_message = ""

    issued_on = timezone.localdate()
    certificate = _create_certificate(
        track,
        actor=actor,
        issued_on=issued_on,
        earned_by=Certificate.Route.DEGREE,
    )
    _move(
        track,
        actor=actor,
        to_status=Track.Status.ISSUED,
        note=(
            f"Certificate {certificate.number} by degree: {degree_request.degree}, "
            f"{degree_request.institution}, conferred {degree_request.conferred_on}"
        ),
        fields=("requirements", "submitted_at", "return_message"),
    )
    next_track = _start_next(track, certificate=certificate, actor=actor)

    degree_request.certificate = certificate
    degree_request.status = Status.ISSUED
    degree_request.save(update_fields=["certificate", "status"])
    _record_change(
        degree_request,
        actor=actor,
        from_status=Status.CONFIRMED,
        note=f"Certificate {certificate.number}.",
    )

    logger.info(
        "Certificate %s issued by degree for request %s",
        certificate.number,
        degree_request.pk,
    )
    transaction.on_commit(
        lambda: _notify_issued(degree_request, certificate, next_track)
    )
    return certificate


def _notify_issued(degree_request, certificate, next_track):
    send_templated(
        template="certifications/email/degree_certificate_issued.txt",
        recipients=[certificate.person.email],
        context={
            "degree_request": degree_request,
            "certificate": certificate,
            "next_track": next_track,
        },
    )
