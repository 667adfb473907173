"""Pages where participants claim, enter, correct and delete their own credits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import proofs, services
from ..access import get_own_credit
from ..forms import IndependentEventForm, NewIndependentEventForm
from ..models import CatalogEvent, Credit

PANEL = "certifications:panel"

# Messages for credits that are not independent learning events, whose owner
# cannot edit them.
SOURCE_NOT_EDITABLE = {
    Credit.Source.CATALOG: (
        "The details of a catalogue event come from the catalogue. If you "
        "claimed it by mistake, delete the claim instead."
    ),
    Credit.Source.COURSEWORK: (
        "The CE coordinator entered this college coursework from your "
        "transcript. Ask the coordinator to correct it."
    ),
}


def error_text(error):
    return " ".join(error.messages)


def change_blocker(credit):
    """Return why the owner may no longer change `credit`, or "" if they may.

    The services check the same rules again under a row lock.
    """
    if services.is_certified(credit):
        return services.CERTIFIED_MESSAGE
    if not credit.is_pending:
        return (
            f"This credit is {credit.get_status_display()} and can no longer be "
            "changed. Ask the CE coordinator to correct it."
        )
    if services.is_locked(credit):
        return (
            "A submitted certification track counts this credit, so it can no "
            "longer be changed. Ask the CE coordinator to correct it."
        )
    return ""


@login_required
def event_detail(request, pk):
    event = get_object_or_404(CatalogEvent.objects.claimable_by(request.user), pk=pk)
    return render(request, "ce_credits/event_detail.html", {"event": event})


@login_required
@require_POST
def event_claim(request, pk):
    # Any catalogue event, not only claimable ones, because the service rejects
    # the rest with a message. A double submit then shows it instead of a 404.
    event = get_object_or_404(CatalogEvent, pk=pk)

    try:
        credit = services.credit_claim_event(person=request.user, event=event)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(PANEL)

    messages.success(
        request,
        f"“{credit.title}” was saved. It stays PENDING until your supervisor "
        "verifies it.",
    )
    return redirect(PANEL)


@login_required
def independent_new(request):
    if request.method != "POST":
        form = NewIndependentEventForm()
        return render(request, "ce_credits/independent_form.html", {"form": form})

    form = NewIndependentEventForm(request.POST, request.FILES)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        uploads = fields.pop("proofs")
        try:
            credit = proofs.credit_add_with_proofs(
                person=request.user, uploads=uploads, **fields
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"“{credit.title}” was saved. It stays PENDING until your "
                "supervisor verifies it.",
            )
            return redirect(PANEL)

    return render(request, "ce_credits/independent_form.html", {"form": form})


@login_required
def credit_edit(request, pk):
    credit = get_own_credit(request.user, pk)
    # The bound form writes its input onto `credit`, so keep the saved title.
    context = {"credit": credit, "saved_title": credit.title}

    blocker = change_blocker(credit) or SOURCE_NOT_EDITABLE.get(credit.source, "")
    if blocker:
        return render(
            request, "ce_credits/credit_locked.html", {**context, "reason": blocker}
        )

    if request.method != "POST":
        context["form"] = IndependentEventForm(instance=credit)
        return render(request, "ce_credits/independent_form.html", context)

    form = IndependentEventForm(request.POST, instance=credit)
    if form.is_valid():
        changes = form.changed_credit_fields()
        if not changes:
            messages.info(request, f"“{context['saved_title']}” was left unchanged.")
            return redirect(PANEL)
        try:
            credit = services.credit_update(
                credit=credit, actor=request.user, **changes
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{credit.title}” was updated.")
            return redirect(PANEL)

    context["form"] = form
    return render(request, "ce_credits/independent_form.html", context)


@login_required
@require_POST
def credit_delete(request, pk):
    credit = get_own_credit(request.user, pk)

    try:
        services.credit_delete(credit=credit, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"“{credit.title}” was deleted.")
    return redirect(PANEL)
