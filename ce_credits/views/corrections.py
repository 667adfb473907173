"""The CE coordinator's pages for one person's credits: the list, the
correction and the removal.

Every page returns 404 to everyone but coordinators.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.people import get_person_for_coordinator
from certifications.models import Track, TrackCredit

from .. import corrections
from ..correction_forms import CreditCorrectionForm, CreditRemovalForm
from ..models import Credit
from ..transcripts import decider_name
from .transcripts import PAGE_SIZE


@dataclass
class CreditRow:
    """A credit as the coordinator's list shows it.

    `tracks` are the submitted, approved or issued tracks that count it.
    """

    credit: Credit
    decided_by: str
    tracks: list[Track] = field(default_factory=list)


def person_credit_list(person):
    """Return every credit of `person`, newest first, with the tracks counting it.

    Reading it runs two queries, for the credits and for the tracks, whatever
    the number of rows.
    """
    counted_by = TrackCredit.objects.select_related("track__track_type")
    return (
        Credit.objects.filter(person=person)
        .select_related("category", "decided_by", "decided_via_link")
        .prefetch_related(Prefetch("trackcredit_set", counted_by))
        .order_by("-end", "-begin", "-pk")
    )


def credit_rows(credits):
    return [
        CreditRow(
            credit=credit,
            decided_by=decider_name(credit),
            tracks=[counted.track for counted in credit.trackcredit_set.all()],
        )
        for credit in credits
    ]


def get_credit_for_coordinator(user, pk):
    """Return any credit for a coordinator. Everyone else gets Http404."""
    if not user.is_coordinator:
        raise Http404("No such credit.")
    return get_object_or_404(Credit.objects.select_related("person", "category"), pk=pk)


def _name(person):
    return person.get_full_name() or person.email


def _back_to_list(credit):
    return redirect("ce_credits:person_credits", person_id=credit.person_id)


def _render_blocked(request, credit, reason):
    return render(
        request,
        "ce_credits/coordinator_blocked.html",
        {"credit": credit, "person": credit.person, "reason": reason},
    )


@login_required
@require_safe
def person_credits(request, person_id):
    person = get_person_for_coordinator(request.user, person_id)

    page = Paginator(person_credit_list(person), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "person": person,
        "page": page,
        "rows": credit_rows(page),
        "is_own": person.pk == request.user.pk,
    }
    return render(request, "ce_credits/person_credits.html", context)


def _returned_since(person, actor, since):
    """Return the person's tracks that `actor` returned at or after `since`."""
    return Track.objects.filter(
        person=person,
        status=Track.Status.RETURNED,
        transitions__to_status=Track.Status.RETURNED,
        transitions__actor=actor,
        transitions__at__gte=since,
    ).select_related("track_type")


@login_required
@require_http_methods(["GET", "POST"])
def credit_correct(request, pk):
    credit = get_credit_for_coordinator(request.user, pk)
    # The bound form writes its input onto `credit`, so keep the saved title.
    context = {"credit": credit, "person": credit.person, "saved_title": credit.title}

    blocker = corrections.correction_blocker(credit, request.user)
    if blocker:
        return _render_blocked(request, credit, blocker)

    if request.method == "GET":
        context["form"] = CreditCorrectionForm(instance=credit)
        return render(request, "ce_credits/credit_correct.html", context)

    form = CreditCorrectionForm(request.POST, instance=credit)
    if form.is_valid():
        started = timezone.now()
        try:
            corrected = corrections.credit_correct(
                credit=credit,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                seen=form.cleaned_data["seen"] or None,
                **form.changed_credit_fields(),
            )
        except ValidationError as error:
            if error.code == "changed":
                messages.error(request, error.messages[0])
                return redirect("ce_credits:credit_correct", pk=credit.pk)
            # Some of the services' errors name fields this form does not show.
            form.add_error(None, error.messages)
        else:
            if corrected is None:
                messages.info(
                    request,
                    f"Every detail of “{context['saved_title']}” is as it was, so "
                    "nothing was corrected.",
                )
                return _back_to_list(credit)
            messages.success(
                request,
                f"“{credit.title}” was corrected. An email with the reason goes "
                f"to {_name(credit.person)}.",
            )
            for track in _returned_since(credit.person, request.user, started):
                messages.warning(
                    request,
                    f"The correction left the {track.track_type.name} track short "
                    f"of its requirements, so it was returned to "
                    f"{_name(credit.person)}.",
                )
            return _back_to_list(credit)

    context["form"] = form
    return render(request, "ce_credits/credit_correct.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def credit_remove(request, pk):
    credit = get_credit_for_coordinator(request.user, pk)

    blocker = corrections.removal_blocker(credit, request.user)
    if blocker:
        return _render_blocked(request, credit, blocker)

    form = CreditRemovalForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            corrections.credit_remove(
                credit=credit, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"“{credit.title}” was removed. An email with the reason goes "
                f"to {_name(credit.person)}.",
            )
            return _back_to_list(credit)

    context = {"credit": credit, "person": credit.person, "form": form}
    return render(request, "ce_credits/credit_remove.html", context)
