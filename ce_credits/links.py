"""Signed links through which a verifier without an account decides credits.

A position may name its verifier by name and email only, for a board chair or a
principal who has no account. That verifier gets an emailed link to a page
listing the pending credits of one person. A person has at most one open link,
and a link closes itself once no pending credit of the person is left.

A new claim mails the open link again while it has at least
`LINK_REUSE_MIN_DAYS` left, so that a verifier with the page open can go on
deciding. A new link, which closes the previous one, is opened when there is
none, when the open one is about to expire or names another verifier, for the
daily digest, and when the verifier or the coordinator requests one.

A verifier whose link expired or was replaced may request a new one from the
page the old link shows. The new link goes to the verifier on record, never to
an address from the request.
"""

import logging
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from accounts.emails import send_templated
from accounts.models import Position, external_verifier_of
from certifications.services import tracks_issue_ready, tracks_return_short

from .models import Credit, VerifierLink
from .services import _decide, denial_cause

logger = logging.getLogger(__name__)

Status = Credit.Status
LINK_SALT = "ce_credits.links.verifier"
LINK_MAX_AGE = timedelta(days=30)
LINK_REUSE_MIN_DAYS = 7
INVALID = "This link is not valid. Check that you opened the whole link from the email."
REASSIGNED = (
    "This link has been closed because another verifier now confirms these "
    "credits. Ask the Montana State Library's CE coordinator if you think "
    "this is a mistake."
)
NOT_RENEWED_REASSIGNED = (
    "No new link was sent, because another verifier now confirms these "
    "credits. Ask the Montana State Library's CE coordinator if you think "
    "this is a mistake."
)
NOT_RENEWED_NOTHING_PENDING = (
    "No new link was sent, because no credit of this link is waiting for a "
    "decision any more. You can close this page."
)
NOT_RENEWED = (
    "No new link could be sent. Ask the Montana State Library's CE "
    "coordinator to send you one."
)


class VerifierLinkError(Exception):
    """A verifier link that cannot be used, with the HTTP status to send.

    `link` is the link the token names, when it names one.
    """

    status = 410

    def __init__(self, message, link=None):
        super().__init__(message)
        self.message = message
        self.link = link


class InvalidLink(VerifierLinkError):
    """A token that is not a valid signature, or names no link."""

    status = 404


class ExpiredLink(VerifierLinkError):
    """A link older than `LINK_MAX_AGE`, by its signature or its row."""


class ClosedLink(VerifierLinkError):
    """A link that a newer one replaced, whose credits are all decided, or
    whose verifier no longer verifies the person.
    """


class ReplacedLink(ClosedLink):
    """A link closed because a newer link of the same person replaced it."""


class LinkStillWorks(Exception):
    """A new link was requested in place of a link that can still be used."""


class RenewalRejected(VerifierLinkError):
    """No new link may be sent in place of an expired or replaced link."""


def _signer():
    return signing.TimestampSigner(salt=LINK_SALT)


class _LinkSigner(signing.TimestampSigner):
    """Stamps a token with its link's creation time rather than the time of
    signing, so that every mail of one link carries the same token.
    """

    def __init__(self, link):
        super().__init__(salt=LINK_SALT)
        self.created_at = link.created_at

    def timestamp(self):
        return signing.b62_encode(int(self.created_at.timestamp()))


def link_token(link):
    """Return the signed token of `link`, to put in its URL.

    The token depends on the link alone, so a link mailed again keeps its URL,
    and the signature's age is the link's age.
    """
    return _LinkSigner(link).sign(f"{link.pk}:{link.nonce}")


def current_seat(person):
    return (
        Position.objects.filter(person=person, is_current=True)
        .select_related("library")
        .first()
    )


def link_pending_credits(link):
    """Return the pending credits of the link's person, oldest claim first."""
    return (
        Credit.objects.filter(person_id=link.person_id)
        .pending()
        .select_related("category", "catalog_event")
        .order_by("created_at", "pk")
    )


def _close_open_links(person, now):
    return VerifierLink.objects.filter(person=person, closed_at__isnull=True).update(
        closed_at=now
    )


@transaction.atomic
def verifier_links_close(*, person):
    """Close the person's open link, for instance when the verifier changes."""
    return _close_open_links(person, timezone.now())


@transaction.atomic
def verifier_link_send(*, person, verifier_email=None, fresh=False):
    """Email the person's link to their verifier without an account.

    The open link is mailed again when `_reusable_link` accepts it, and nothing
    is closed. Otherwise, or with `fresh`, a new link replaces it. The
    verifier's renewal and the coordinator's resend pass `fresh`, because
    they serve a verifier whose mail is lost or whose link no longer works.

    Returns the mailed link, or None when the person's verifier has an account
    or no credit of the person is pending. The mail goes out after the commit,
    and neither the link nor its token is logged. `verifier_email` works as in
    `verifier_link_open`.
    """
    verifier = _verifier_for_new_link(person, verifier_email)
    if verifier is None:
        return None

    link = None if fresh else _reusable_link(person, *verifier)
    if link is None:
        link = _replace_open_link(person, *verifier)
    else:
        logger.info("Verifier link %s sent again for user %s", link.pk, person.pk)

    transaction.on_commit(lambda: _mail_link(link))
    return link


@transaction.atomic
def verifier_link_open(*, person, verifier_email=None):
    """Replace the person's open link with a new one, without mailing it.

    For a caller that puts the link in a mail of its own, such as the daily
    digest to verifiers. With `verifier_email`, the link is opened only while
    that address is still the person's verifier on record. Returns the new
    link, or None when no link may be opened, as `verifier_link_send`.
    """
    verifier = _verifier_for_new_link(person, verifier_email)
    if verifier is None:
        return None
    return _replace_open_link(person, *verifier)


def _verifier_for_new_link(person, verifier_email):
    """Lock the person's row and return the (name, email) of their verifier
    without an account, or None when no link may be sent to them.
    """
    # The lock keeps two claims at once from both choosing or opening a link.
    get_user_model().objects.select_for_update().filter(pk=person.pk).get()
    verifier = external_verifier_of(person)
    if verifier is None:
        return None

    email = verifier[1].lower()
    if verifier_email is not None and email != verifier_email.lower():
        return None
    if email == person.email.lower():
        logger.warning("Verifier link for user %s not sent: own address", person.pk)
        return None
    if not person.credits.pending().exists():
        return None
    return verifier


def _reusable_link(person, name, email):
    """Return the person's open link if it may be mailed again, or None.

    It may while it was opened for this verifier and has at least
    `LINK_REUSE_MIN_DAYS` left. A link closer to its expiry is replaced,
    because the verifier could find it expired soon after the mail.
    """
    link = VerifierLink.objects.filter(person=person, closed_at__isnull=True).first()
    if link is None:
        return None

    enough_left = timezone.now() + timedelta(days=LINK_REUSE_MIN_DAYS)
    same_verifier = (
        link.verifier_name == name and link.verifier_email.lower() == email.lower()
    )
    return link if same_verifier and link.expires_at >= enough_left else None


def _replace_open_link(person, name, email):
    now = timezone.now()
    _close_open_links(person, now)
    link = VerifierLink.objects.create(
        person=person,
        verifier_name=name,
        verifier_email=email,
        nonce=secrets.token_hex(16),
        created_at=now,
        expires_at=now + LINK_MAX_AGE,
    )
    logger.info("Verifier link %s opened for user %s", link.pk, person.pk)
    return link


def _mail_link(link):
    # Read when the mail goes out, so that it lists every credit claimed so far.
    credits = list(link_pending_credits(link))
    return send_templated(
        template="ce_credits/email/verifier_link.txt",
        recipients=[link.verifier_email],
        context={
            "link": link,
            "person": link.person,
            "seat": current_seat(link.person),
            "credits": credits,
            "pending": len(credits),
            "token": link_token(link),
        },
    )


def _check_usable(link, now):
    if link.closed_at is not None:
        raise _closed_error(link)
    if link.expires_at <= now:
        raise _expired_error(link)

    # The position may have changed outside `accounts.verifiers`, in the admin.
    if not _verifier_unchanged(link):
        raise ClosedLink(REASSIGNED, link)


def _verifier_unchanged(link):
    verifier = external_verifier_of(link.person)
    return verifier is not None and verifier[1].lower() == link.verifier_email.lower()


def _has_pending(link):
    return Credit.objects.filter(person_id=link.person_id).pending().exists()


def _expired_error(link):
    return ExpiredLink(
        f"This link has expired. A link works for {LINK_MAX_AGE.days} days "
        "after the first email that brings it, and the next email about these "
        "credits brings a new one. Ask the participant or the Montana State "
        "Library's CE coordinator if you need it sooner.",
        link,
    )


def _closed_error(link):
    newer = VerifierLink.objects.filter(person_id=link.person_id, pk__gt=link.pk)
    if newer.exists():
        return ReplacedLink(
            "This link has been replaced by a newer one. Use the link in the "
            "most recent email about these credits.",
            link,
        )
    if not _has_pending(link):
        return ClosedLink(
            "Every credit this link listed has been decided, so the link no "
            "longer works. Thank you.",
            link,
        )
    return ClosedLink(REASSIGNED, link)


def _link_of_token(token):
    """Return the link that `token` signs, whatever its state, and whether the
    signature is older than `LINK_MAX_AGE`.

    Raises InvalidLink for a token that is not a valid signature or names no
    link.
    """
    signer = _signer()
    try:
        value, too_old = signer.unsign(token, max_age=LINK_MAX_AGE), False
    except signing.SignatureExpired:
        # The signature itself is good: read the value without the age check.
        value, too_old = signer.unsign(token), True
    except signing.BadSignature:
        raise InvalidLink(INVALID) from None

    pk, _, nonce = value.partition(":")
    link = None
    if pk.isdigit():
        link = VerifierLink.objects.select_related("person").filter(pk=pk).first()
    if link is None or not constant_time_compare(nonce, link.nonce):
        raise InvalidLink(INVALID)
    return link, too_old


def verifier_link_from_token(token):
    """Return the open link that `token` signs.

    Raises InvalidLink (status 404) for a token that is not a valid signature
    or names no link. Raises ExpiredLink (410) after `LINK_MAX_AGE`,
    ReplacedLink (410) for a link that a newer one replaced, and ClosedLink
    (410) for a link that was used up or closed.
    """
    link, too_old = _link_of_token(token)
    if too_old:
        raise _expired_error(link)
    _check_usable(link, timezone.now())
    return link


def renewal_rejection_reason(link):
    """Return why no new link may be sent in place of `link`, or "" if one may.

    A new link goes to the person's verifier on record, so it is sent only
    while that is still the link's verifier without an account, and only
    while a credit of the person is pending.
    """
    if not _verifier_unchanged(link):
        return NOT_RENEWED_REASSIGNED
    if not _has_pending(link):
        return NOT_RENEWED_NOTHING_PENDING
    return ""


def renewal_offered(error):
    """Return True when the page for `error` may offer to email a new link.

    It may when the link expired or was replaced, and
    `renewal_rejection_reason` finds no reason against a new one.
    """
    if not isinstance(error, ExpiredLink | ReplacedLink) or error.link is None:
        return False
    return not renewal_rejection_reason(error.link)


def link_for_renewal(token):
    """Return the link that `token` signs, for its verifier to ask for a new one.

    Raises InvalidLink as `verifier_link_from_token`, and LinkStillWorks when
    the link can still be used.
    """
    try:
        verifier_link_from_token(token)
    except InvalidLink:
        raise
    except VerifierLinkError as error:
        return error.link
    raise LinkStillWorks


@transaction.atomic
def verifier_link_renew(*, link):
    """Email a new link in place of `link`, which expired or was replaced, to
    the person's verifier on record.

    Returns the new link. Raises RenewalRejected, with the reason, when
    `renewal_rejection_reason` finds one or no link may be opened.
    """
    reason = renewal_rejection_reason(link)
    if reason:
        raise RenewalRejected(reason, link)

    # The verifier may change between the check above and the row lock.
    new_link = verifier_link_send(
        person=link.person, verifier_email=link.verifier_email, fresh=True
    )
    if new_link is None:
        raise RenewalRejected(NOT_RENEWED, link)

    logger.info(
        "Verifier link %s renewed as link %s for user %s",
        link.pk,
        new_link.pk,
        link.person_id,
    )
    return new_link


def _lock_open_link(link):
    link = (
        VerifierLink.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=link.pk)
    )
    _check_usable(link, timezone.now())
    if link.verifier_email.lower() == link.person.email.lower():
        raise PermissionDenied("Nobody verifies their own credits.")
    return link


def _check_owner(link, credit):
    if credit.person_id != link.person_id:
        raise PermissionDenied(
            "The credit belongs to someone other than the link's person."
        )


def _note(link, reason=""):
    note = (
        f"Decided by {link.verifier_name} <{link.verifier_email}> through an "
        "emailed link."
    )
    return f"{note} Reason: {reason}" if reason else note


def _close_if_used_up(link):
    if not Credit.objects.filter(person_id=link.person_id).pending().exists():
        link.closed_at = timezone.now()
        link.save(update_fields=["closed_at"])
        logger.info("Verifier link %s used up", link.pk)


@transaction.atomic
def link_credit_verify(*, link, credit, seen=None):
    """Verify a pending credit of the link's person, and issue the certificates
    that this makes ready.

    `seen` is the credit's fingerprint as the link page showed it. Raises
    VerifierLinkError when the link no longer works, PermissionDenied for a
    credit of someone else, and ValidationError for a decided credit (code
    "decided") or one changed since the page showed it (code "changed").
    """
    link = _lock_open_link(link)
    _check_owner(link, credit)

    credit = _decide(
        credit,
        actor=None,
        status=Status.VERIFIED,
        via_link=link,
        note=_note(link),
        seen=seen,
    )
    _close_if_used_up(link)
    tracks_issue_ready(person=link.person, actor=None, note=_note(link))
    return credit


@transaction.atomic
def link_credit_deny(*, link, credit, reason, seen=None):
    """Deny a pending credit of the link's person with a reason the owner reads.

    Raises ValidationError for a blank reason, and otherwise as
    `link_credit_verify`.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason for the denial."})
    link = _lock_open_link(link)
    _check_owner(link, credit)

    credit = _decide(
        credit,
        actor=None,
        status=Status.DENIED,
        reason=reason,
        via_link=link,
        note=_note(link, reason),
        seen=seen,
    )
    _close_if_used_up(link)
    tracks_return_short(
        person=link.person, actor=None, cause=denial_cause([credit], reason)
    )
    return credit
