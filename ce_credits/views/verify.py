"""The verifier's pages: the queue of pending credits and the decisions on them."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.models import Position, User

from .. import services
from ..access import decidable_credits, get_credit_to_decide
from ..forms import DenyForm
from ..models import Credit

NOT_IN_QUEUE = (
    "Nothing was changed, because {count} of the selected credits {verb} not "
    "waiting for your decision. Reload the list and select again."
)


@dataclass
class PersonCredits:
    """The pending credits of one person, as the queue lists them."""

    person: User
    seat: Position | None
    credits: list[Credit] = field(default_factory=list)


def waiting_credits(user):
    """Return the pending credits `user` decides, oldest claim first.

    The owners, their current positions with the libraries, the categories and
    the proof files are fetched in three queries, whatever the number of credits.
    """
    current_seats = Position.objects.filter(is_current=True).select_related("library")
    return (
        decidable_credits(user)
        .pending()
        .select_related("person", "category")
        .prefetch_related(
            Prefetch("person__positions", current_seats, to_attr="current_seats"),
            "proofs",
        )
        .order_by("created_at", "pk")
    )


def group_by_person(credits):
    """Group credits by owner, in the order of each person's first listed claim."""
    groups = {}
    for credit in credits:
        person = credit.person
        if person.pk not in groups:
            seat = person.current_seats[0] if person.current_seats else None
            groups[person.pk] = PersonCredits(person=person, seat=seat)
        groups[person.pk].credits.append(credit)
    return list(groups.values())


def _render_queue(request, *, deny_form=None, selected=frozenset()):
    groups = group_by_person(waiting_credits(request.user))
    context = {
        "groups": groups,
        "deny_form": deny_form or DenyForm(),
        "selected": selected,
    }
    return render(request, "ce_credits/verify_queue.html", context)


def _error_text(error):
    return " ".join(error.messages)


def _already_decided(credit):
    return (
        f"“{credit.title}” is already {credit.get_status_display()}, "
        "so nothing was changed."
    )


@login_required
@require_safe
def verify_queue(request):
    return _render_queue(request)


def _parse_ids(values):
    """Return the selected ids as a set of integers, or None if one is not an id."""
    try:
        return {int(value) for value in values}
    except ValueError:
        return None


def _selected_credits(request):
    """Return the selected credits, or None after adding a message.

    The whole selection is rejected when one id is not a pending credit that
    the user decides, because the bulk services act on all credits or none.
    """
    values = request.POST.getlist("credit")
    if not values:
        messages.warning(request, "Select at least one credit first.")
        return None

    ids = _parse_ids(values)
    credits = []
    if ids is not None:
        credits = list(
            decidable_credits(request.user)
            .pending()
            .filter(pk__in=ids)
            .select_related("person")
            .order_by("pk")
        )
    if ids is None or len(credits) != len(ids):
        missing = len(values) if ids is None else len(ids) - len(credits)
        verb = "is" if missing == 1 else "are"
        messages.error(request, NOT_IN_QUEUE.format(count=missing, verb=verb))
        return None
    return credits


def _seen_fingerprints(request, credits):
    """Return the fingerprints that the page showed for `credits`, by id."""
    seen = {}
    for credit in credits:
        value = request.POST.get(f"seen-{credit.pk}")
        if value:
            seen[credit.pk] = value
    return seen


@login_required
@require_POST
def verify_selected(request):
    credits = _selected_credits(request)
    if credits is None:
        return redirect("ce_credits:verify_queue")

    try:
        count = services.credits_verify(
            credits=credits,
            actor=request.user,
            seen=_seen_fingerprints(request, credits),
        )
    except ValidationError as error:
        messages.error(request, f"Nothing was changed. {_error_text(error)}")
        return redirect("ce_credits:verify_queue")

    messages.success(request, f"Verified {count} credit{pluralize(count)}.")
    return redirect("ce_credits:verify_queue")


@login_required
@require_POST
def deny_selected(request):
    credits = _selected_credits(request)
    if credits is None:
        return redirect("ce_credits:verify_queue")

    form = DenyForm(request.POST)
    if not form.is_valid():
        selected = {credit.pk for credit in credits}
        return _render_queue(request, deny_form=form, selected=selected)

    try:
        count = services.credits_deny(
            credits=credits,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            seen=_seen_fingerprints(request, credits),
        )
    except ValidationError as error:
        messages.error(request, f"Nothing was changed. {_error_text(error)}")
        return redirect("ce_credits:verify_queue")

    messages.success(request, f"Denied {count} credit{pluralize(count)}.")
    return redirect("ce_credits:verify_queue")


@login_required
@require_POST
def credit_verify(request, pk):
    credit = get_credit_to_decide(request.user, pk)
    if not credit.is_pending:
        messages.info(request, _already_decided(credit))
        return redirect("ce_credits:verify_queue")

    try:
        services.credit_verify(
            credit=credit,
            actor=request.user,
            seen=request.POST.get(f"seen-{credit.pk}") or None,
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("ce_credits:verify_queue")

    owner = credit.person.get_full_name()
    messages.success(request, f"Verified “{credit.title}” for {owner}.")
    return redirect("ce_credits:verify_queue")


@login_required
@require_http_methods(["GET", "POST"])
def credit_deny(request, pk):
    credit = get_credit_to_decide(request.user, pk)
    if not credit.is_pending:
        messages.info(request, _already_decided(credit))
        return redirect("ce_credits:verify_queue")

    form = DenyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credit_deny(
                credit=credit,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                seen=request.POST.get(f"seen-{credit.pk}") or None,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "changed":
                # Show the page again with the new details and the reason kept.
                credit.refresh_from_db()
                messages.error(request, _error_text(error))
            elif not hasattr(error, "error_dict"):
                messages.error(request, _error_text(error))
                return redirect("ce_credits:verify_queue")
            else:
                form.add_error(None, error)
        else:
            owner = credit.person.get_full_name()
            messages.success(request, f"Denied “{credit.title}” for {owner}.")
            return redirect("ce_credits:verify_queue")

    context = {"credit": credit, "form": form, "seen": credit.fingerprint}
    return render(request, "ce_credits/credit_deny.html", context)
