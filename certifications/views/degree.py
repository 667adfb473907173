"""The degree route: the person's request, the official's answer, the issue."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import degree, services
from ..degree_forms import DeclineForm, DegreeRequestForm
from ..models import DegreeRequest

logger = logging.getLogger(__name__)

Status = DegreeRequest.Status


@login_required
@require_http_methods(["GET", "POST"])
def degree_request_new(request):
    """Show the person's degree requests, and take a new one while none is open."""
    person = request.user
    form = DegreeRequestForm(request.POST or None, person=person)

    if request.method == "POST" and form.is_valid():
        try:
            degree.degree_request_create(person=person, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                "Your request was sent. We emailed "
                f"{form.cleaned_data['official_name']} a link to confirm the "
                "degree, and the CE coordinator issues the certificate once "
                "the college confirms it.",
            )
            return redirect("certifications:degree_request_new")

    degree_requests = person.degree_requests.select_related("certificate")
    has_open = any(
        item.status in (Status.AWAITING_OFFICIAL, Status.CONFIRMED)
        for item in degree_requests
    )
    context = {"form": form, "degree_requests": degree_requests, "has_open": has_open}
    return render(request, "certifications/degree_request.html", context)


def _require_coordinator(user):
    if not user.is_coordinator:
        raise Http404("No such page.")


@login_required
@require_http_methods(["GET"])
def degree_queue(request):
    """List the requests awaiting the college and those ready to issue."""
    _require_coordinator(request.user)

    degree_requests = list(degree.degree_requests_for_queue())
    context = {
        "confirmed": [
            item for item in degree_requests if item.status == Status.CONFIRMED
        ],
        "awaiting": [
            item for item in degree_requests if item.status == Status.AWAITING_OFFICIAL
        ],
    }
    return render(request, "certifications/degree_queue.html", context)


@login_required
@require_POST
def degree_issue(request, pk):
    _require_coordinator(request.user)
    degree_request = get_object_or_404(
        DegreeRequest.objects.select_related("person"), pk=pk
    )

    try:
        certificate = degree.certificate_issue_by_degree(
            degree_request=degree_request, actor=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            f"Certificate {certificate.number} issued to "
            f"{certificate.holder_name} by degree.",
        )
        if warning := services.next_track_warning(certificate):
            messages.warning(request, warning)
    return redirect("certifications:degree_queue")


@login_required
@require_POST
def degree_resend(request, pk):
    """Send the college official a fresh link, for instance after one expired."""
    _require_coordinator(request.user)
    degree_request = get_object_or_404(DegreeRequest, pk=pk)

    try:
        degree.degree_link_resend(degree_request=degree_request, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, f"A new link was sent to {degree_request.official_name}."
        )
    return redirect("certifications:degree_queue")


def _link_problem(request, error):
    return render(
        request,
        "certifications/degree_link_problem.html",
        {"message": error.message},
        status=error.status,
    )


def _answer(request, degree_request, *, confirmed, note=""):
    try:
        degree_request = degree.degree_request_answer(
            degree_request=degree_request, confirmed=confirmed, note=note
        )
    except ValidationError as error:
        if error.code == "too_old":
            return _too_old(request, degree_request)
        # Another tab or a second click answered the request first.
        logger.info("Degree request %s answered twice", degree_request.pk)
        return _link_problem(
            request, degree.DegreeLinkError(error.messages[0], status=410)
        )
    return render(
        request,
        "certifications/degree_answered.html",
        {"degree_request": degree_request},
    )


def _too_old(request, degree_request):
    """Render the page that explains to the official that the degree stopped
    qualifying before they confirmed it, so the request was closed.
    """
    context = {
        "degree_request": degree_request,
        "qualified_until": degree.qualifies_until(degree_request.conferred_on),
    }
    return render(request, "certifications/degree_too_old.html", context)


def _is_requester(request, degree_request):
    return request.user.is_authenticated and (
        request.user.pk == degree_request.person_id
    )


def _requester_refused(request, degree_request):
    logger.warning(
        "Degree request %s: its requester opened the official's link",
        degree_request.pk,
    )
    return render(
        request,
        "certifications/degree_requester_refused.html",
        {"degree_request": degree_request},
        status=403,
    )


# The official has no account. The templates' {% csrf_token %} sets the CSRF
# cookie on the GET, so the POSTs keep Django's CSRF check.
# The filter aspen.logging.RedactTokenPaths removes the token from the request
# paths that Django logs for 4xx responses.
@login_not_required
@require_http_methods(["GET", "POST"])
def degree_confirm(request, token):
    """Show the degree to the official, and confirm it on POST."""
    try:
        degree_request = degree.degree_request_from_token(token)
    except degree.DegreeLinkError as error:
        return _link_problem(request, error)
    if _is_requester(request, degree_request):
        return _requester_refused(request, degree_request)

    if request.method == "POST":
        return _answer(request, degree_request, confirmed=True)

    context = {
        "degree_request": degree_request,
        "token": token,
        "decline_form": DeclineForm(),
    }
    return render(request, "certifications/degree_confirm.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def degree_decline(request, token):
    """Decline the degree with the official's optional note.

    A GET goes to the confirm page, which contains the decline form, instead of
    answering 405 and logging a live token.
    """
    if request.method == "GET":
        return redirect("certifications:degree_confirm", token=token)

    try:
        degree_request = degree.degree_request_from_token(token)
    except degree.DegreeLinkError as error:
        return _link_problem(request, error)
    if _is_requester(request, degree_request):
        return _requester_refused(request, degree_request)

    form = DeclineForm(request.POST)
    if not form.is_valid():
        context = {
            "degree_request": degree_request,
            "token": token,
            "decline_form": form,
        }
        return render(request, "certifications/degree_confirm.html", context)

    return _answer(
        request, degree_request, confirmed=False, note=form.cleaned_data["note"]
    )
