"""The pages of a verifier without an account, reached through an emailed link.

The verifier has no login. The page's {% csrf_token %} sets the CSRF cookie on
the GET, so the POSTs keep Django's CSRF check.
"""

import logging
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from .. import links
from ..forms import DenyForm
from ..models import Credit

logger = logging.getLogger(__name__)


@dataclass
class CreditRow:
    """A pending credit on the link page, with the form that denies it."""

    credit: Credit
    deny_form: DenyForm


def _deny_form(credit, data=None):
    # A prefix per credit keeps the ids of the page's reason fields unique.
    return DenyForm(data, prefix=f"credit-{credit.pk}")


def _link_problem(request, error):
    logger.info(
        "Verifier link rejected: %s, status %s", type(error).__name__, error.status
    )
    return render(
        request,
        "ce_credits/link_problem.html",
        {"message": error.message},
        status=error.status,
    )


def _render_page(request, link, token, *, bound_forms=None):
    """Render the link page. `bound_forms` maps a credit's pk to its posted
    deny form, so that its errors show next to its field.
    """
    bound_forms = bound_forms or {}
    rows = []
    for credit in links.link_pending_credits(link):
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
        return _link_problem(request, error)

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
        return _link_problem(request, error)
    credit = _get_link_credit(link, pk)
    if not credit.is_pending:
        messages.info(request, _already_decided(credit))
        return redirect("ce_credits:link_page", token=token)

    try:
        links.link_credit_verify(link=link, credit=credit)
    except links.VerifierLinkError as error:
        return _link_problem(request, error)
    except ValidationError as error:
        logger.info(
            "Credit %s already decided when its verifier link request arrived",
            credit.pk,
        )
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
        return _link_problem(request, error)
    credit = _get_link_credit(link, pk)
    if not credit.is_pending:
        messages.info(request, _already_decided(credit))
        return redirect("ce_credits:link_page", token=token)

    form = _deny_form(credit, request.POST)
    if not form.is_valid():
        return _render_page(request, link, token, bound_forms={credit.pk: form})

    try:
        links.link_credit_deny(
            link=link, credit=credit, reason=form.cleaned_data["reason"]
        )
    except links.VerifierLinkError as error:
        return _link_problem(request, error)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            logger.info(
                "Credit %s already decided when its verifier link request arrived",
                credit.pk,
            )
            messages.error(request, " ".join(error.messages))
            return redirect("ce_credits:link_page", token=token)
        form.add_error(None, error)
        return _render_page(request, link, token, bound_forms={credit.pk: form})

    messages.success(request, f"Denied “{credit.title}”.")
    return _after_decision(request, link, token)
