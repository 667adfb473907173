"""The coordinator's page that reassigns a participant's verifier."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import verifiers
from .models import Position, User
from .people import get_person_for_coordinator
from .verifier_forms import VerifierForm


def _initial(seat):
    return {
        "supervisor": seat.supervisor.email if seat.supervisor else "",
        "verifier_name": seat.verifier_name,
        "verifier_email": seat.verifier_email,
    }


def _default_rule(seat):
    """Return who verifies the seat when the position names nobody, as text."""
    verifier_kind = Position.DEFAULT_VERIFIER_KIND.get(seat.kind)
    if verifier_kind is None:
        return None
    label = Position.Kind(verifier_kind).label.lower()
    return f"the {label} of {seat.library.name}"


def _new_verifier_text(seat):
    if seat.supervisor:
        return seat.supervisor.get_full_name()
    if seat.verifier_email:
        return f"{seat.verifier_name}, through emailed links"
    default = _default_rule(seat)
    if default is None:
        kind = seat.get_kind_display().lower()
        return f"nobody yet, because a {kind} has no default verifier"
    return default


@login_required
@require_http_methods(["GET", "POST"])
def verifier_reassign(request, pk):
    """Show who verifies the person's credits, and name a new verifier on POST."""
    person = get_person_for_coordinator(request.user, pk)
    seat = (
        Position.objects.filter(person=person, is_current=True)
        .select_related("library", "supervisor")
        .first()
    )
    if seat is None:
        context = {"person": person, "seat": None}
        return render(request, "accounts/verifier_reassign.html", context)

    form = VerifierForm(request.POST or None, initial=_initial(seat))
    if request.method == "POST" and form.is_valid():
        try:
            seat = verifiers.verifier_reassign(
                person=person,
                actor=request.user,
                supervisor=form.cleaned_data["supervisor"],
                name=form.cleaned_data["verifier_name"],
                email=form.cleaned_data["verifier_email"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The credits of {person.get_full_name()} are now verified by "
                f"{_new_verifier_text(seat)}.",
            )
            return redirect("verifier_reassign", pk=person.pk)

    context = {
        "person": person,
        "seat": seat,
        "form": form,
        "current_verifiers": list(User.objects.verifiers_of(person)),
        "default_rule": _default_rule(seat),
    }
    return render(request, "accounts/verifier_reassign.html", context)
