"""The pages of a verifier without an account, reached through an emailed link,
and the coordinator's button that sends such a link again.

The verifier has no login. The page's {% csrf_token %} sets the CSRF cookie on
the GET, so the POSTs keep Django's CSRF check.
"""

import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_ratelimit.core import get_usage

from accounts.models import external_verifier_of
from accounts.people import get_person_for_coordinator

from .. import links
from ..forms import DenyForm
from ..models import Credit, ProofFile
from .proofs import proof_file_response

logger = logging.getLogger(__name__)

RENEW_IP_GROUP = "ce_credits.link_renew.ip"
RENEW_PERSON_GROUP = "ce_credits.link_renew.person"


@dataclass
class CreditRow:
    """A pending credit on the link page, with the form that denies it."""

    credit: Credit
    deny_form: DenyForm


def _deny_form(credit, data=None):
    # A prefix per credit keeps the ids of the page's reason fields unique.
    return DenyForm(data, prefix=f"credit-{credit.pk}")


def _link_problem(request, error, token):
    """Render the page of a link that cannot be used, with a button that
    requests a new link when its verifier may have one.
    """
    logger.info(
        "Verifier link rejected: %s, status %s", type(error).__name__, error.status
    )
    context = {
        "message": error.message,
        "token": token,
        "offer_renewal": links.renewal_offered(error),
    }
    return render(request, "ce_credits/link_problem.html", context, status=error.status)


def _render_page(request, link, token, *, bound_forms=None):
    """Render the link page. `bound_forms` maps a credit's pk to its posted
    deny form, so that its errors show next to its field.
    """
    bound_forms = bound_forms or {}
    rows = []
    for credit in links.link_pending_credits(link).prefetch_related("proofs"):
        form = bound_forms.get(credit.pk)
        rows.append(CreditRow(credit, form if form is not None else _deny_form(credit)))
    context = {
        "link": link,
        "token": token,
        "person": link.person,
        "seat": links.current_seat(link.person),
        "rows": rows,
    }
    return render(request, "ce_credits/link_page.html", context)


def _get_link_credit(link, pk):
    """Return a credit of the link's person, decided or not, or raise Http404."""
    return get_object_or_404(Credit, pk=pk, person_id=link.person_id)


def _after_decision(request, link, token):
    if links.link_pending_credits(link).exists():
        return redirect("ce_credits:link_page", token=token)
    return render(request, "ce_credits/link_done.html", {"person": link.person})


def _seen(request, credit):
    """Return the fingerprint of `credit` that the page posted, or None."""
    return request.POST.get(f"seen-{credit.pk}") or None


def _log_rejected_decision(credit, error):
    if error.code == "changed":
        logger.info(
            "Credit %s changed after its verifier link page was shown", credit.pk
        )
    else:
        logger.info(
            "Credit %s already decided when its verifier link request arrived",
            credit.pk,
        )


def _already_decided(credit):
    return (
        f"“{credit.title}” is already {credit.get_status_display()}, "
        "so nothing was changed."
    )


# Django's "django.request" logger writes the path of every 4xx response; the
# filter aspen.logging.RedactTokenPaths removes the token from it.
@login_not_required
@never_cache
@require_safe
def link_page(request, token):
    """List the pending credits of the link's person, to verify or deny each."""
    try:
        link = links.verifier_link_from_token(token)
    except links.VerifierLinkError as error:
        return _link_problem(request, error, token)

    return _render_page(request, link, token)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def link_verify(request, token, pk):
    if request.method == "GET":
        return redirect("ce_credits:link_page", token=token)

    try:
        link = links.verifier_link_from_token(token)
    except links.VerifierLinkError as error:
        return _link_problem(request, error, token)
    credit = _get_link_credit(link, pk)
    if not credit.is_pending:
        messages.info(request, _already_decided(credit))
        return redirect("ce_credits:link_page", token=token)

    try:
        links.link_credit_verify(link=link, credit=credit, seen=_seen(request, credit))
    except links.VerifierLinkError as error:
        return _link_problem(request, error, token)
    except ValidationError as error:
        _log_rejected_decision(credit, error)
        messages.error(request, " ".join(error.messages))
        return redirect("ce_credits:link_page", token=token)

    messages.success(request, f"Verified “{credit.title}”.")
    return _after_decision(request, link, token)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def link_deny(request, token, pk):
    if request.method == "GET":
        return redirect("ce_credits:link_page", token=token)

    try:
        link = links.verifier_link_from_token(token)
    except links.VerifierLinkError as error:
        return _link_problem(request, error, token)
    credit = _get_link_credit(link, pk)
    if not credit.is_pending:
        messages.info(request, _already_decided(credit))
        return redirect("ce_credits:link_page", token=token)

    form = _deny_form(credit, request.POST)
    if not form.is_valid():
        return _render_page(request, link, token, bound_forms={credit.pk: form})

    try:
        links.link_credit_deny(
            link=link,
            credit=credit,
            reason=form.cleaned_data["reason"],
            seen=_seen(request, credit),
        )
    except links.VerifierLinkError as error:
        return _link_problem(request, error, token)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            form.add_error(None, error)
            return _render_page(request, link, token, bound_forms={credit.pk: form})

        _log_rejected_decision(credit, error)
        messages.error(request, " ".join(error.messages))
        if error.code == "changed":
            # The page shows the new details and keeps the reason already typed.
            return _render_page(request, link, token, bound_forms={credit.pk: form})
        return redirect("ce_credits:link_page", token=token)

    messages.success(request, f"Denied “{credit.title}”.")
    return _after_decision(request, link, token)


@login_not_required
@require_safe
@cache_control(private=True, no_store=True)
def link_proof_download(request, token, pk):
    """Send a proof of a pending credit of the link's person to the verifier.

    A proof of anyone else's credit, or of a decided one, gets 404.
    """
    try:
        link = links.verifier_link_from_token(token)
    except links.VerifierLinkError as error:
        return _link_problem(request, error, token)

    proof = get_object_or_404(
        ProofFile.objects.filter(credit__in=links.link_pending_credits(link)), pk=pk
    )
    return proof_file_response(proof)


def _renew_rate(group, request):
    # Read on each request, so that tests can lower the setting.
    return settings.LINK_RENEW_RATE_LIMIT


def _retry_after(request, group, key):
    """Count the request against `group` and return the seconds the client
    must wait before the next one, or 0 while it is within the rate.
    """
    usage = get_usage(request, group=group, key=key, rate=_renew_rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return 0
    # After a cache failure time_left is -1, so wait one minute.
    return usage["time_left"] if usage["time_left"] > 0 else 60


def _too_many_renewals(request, retry_after):
    response = render(
        request,
        "ce_credits/link_too_many.html",
        {"minutes": math.ceil(retry_after / 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def masked_email(address):
    """Return `address` with all but the first character of its local part
    hidden, so that a page can hint at a mailbox without giving it away.
    """
    local, _, domain = address.rpartition("@")
    return f"{local[:1]}…@{domain}"


@login_not_required
@never_cache
@require_POST
def link_renew(request, token):
    """Email a new link to the verifier on record, in place of the expired or
    replaced link that `token` signs.

    Throttled per client IP address and per participant, so that one client
    cannot flood the verifier's mailbox.
    """
    retry_after = _retry_after(request, RENEW_IP_GROUP, "ip")
    if retry_after:
        logger.warning("Verifier link renewals throttled for a client IP address")
        return _too_many_renewals(request, retry_after)

    try:
        old_link = links.link_for_renewal(token)
    except links.InvalidLink as error:
        return _link_problem(request, error, token)
    except links.LinkStillWorks:
        return redirect("ce_credits:link_page", token=token)

    person_key = str(old_link.person_id)
    retry_after = _retry_after(request, RENEW_PERSON_GROUP, lambda *_: person_key)
    if retry_after:
        logger.warning(
            "Verifier link renewals throttled for user %s", old_link.person_id
        )
        return _too_many_renewals(request, retry_after)

    try:
        new_link = links.verifier_link_renew(link=old_link)
    except links.RenewalRejected as error:
        return _link_problem(request, error, token)

    context = {
        "masked_email": masked_email(new_link.verifier_email),
        "max_age_days": links.LINK_MAX_AGE.days,
    }
    return render(request, "ce_credits/link_renewed.html", context)


def _no_link_reason(person):
    name = person.get_full_name() or person.email
    verifier = external_verifier_of(person)
    if verifier is None:
        return (
            f"No link was sent, because the verifier of {name} is not a "
            "verifier without an account. Verifiers with an account decide "
            "under “Verify Credits”."
        )
    if verifier[1].lower() == person.email.lower():
        return (
            f"No link was sent, because the verifier's address on record is "
            f"{name}'s own. Reassign the verifier first."
        )
    return f"No link was sent, because no credit of {name} is pending."


@login_required
@require_POST
def verifier_link_resend(request, person_id):
    """Let a coordinator email a new link to the person's verifier without an
    account, in place of any earlier one. Everyone else gets 404.

    The link is always a new one, never the open link mailed again, because
    the coordinator resends when the verifier lost the mail. The new link
    also stops the old one, in case someone else has read that mail.
    """
    person = get_person_for_coordinator(request.user, person_id)

    link = links.verifier_link_send(person=person, fresh=True)
    if link is None:
        logger.info(
            "Verifier link for user %s not sent for coordinator %s",
            person.pk,
            request.user.pk,
        )
        messages.warning(request, _no_link_reason(person))
        return redirect("person_detail", pk=person.pk)

    logger.info(
        "Verifier link %s sent for user %s by coordinator %s",
        link.pk,
        person.pk,
        request.user.pk,
    )
    messages.success(
        request,
        f"A new verification link was emailed to {link.verifier_name} "
        f"({link.verifier_email}). It replaces any earlier link and works for "
        f"{links.LINK_MAX_AGE.days} days.",
    )
    return redirect("person_detail", pk=person.pk)
