"""The CE coordinator's entry of college coursework, and its transcripts."""

import logging
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from .. import services
from ..access import visible_credits
from ..coursework_forms import CourseworkForm, TranscriptForm
from ..models import Coursework

logger = logging.getLogger(__name__)

# Values of the hidden "step" input on the preview page. Without one, a valid
# step 1 form leads to the preview.
SAVE_STEP = "save"
EDIT_STEP = "edit"


def _require_coordinator(user):
    if not user.is_coordinator:
        raise Http404("No such page.")


def _render_form(request, form):
    return render(request, "ce_credits/coursework_form.html", {"form": form})


def _render_preview(request, form, transcript_form):
    context = {
        "form": form,
        "transcript_form": transcript_form,
        "ce_credits": form.ce_credits,
        "unit_label": Coursework.Unit(form.cleaned_data["unit"]).label,
        "save_step": SAVE_STEP,
        "edit_step": EDIT_STEP,
    }
    return render(request, "ce_credits/coursework_preview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def coursework_new(request):
    """Enter coursework in two steps: the course, then the preview and transcript.

    The save step validates the hidden copies of the step 1 values again, so an
    edited value shows step 1 with its error and saves nothing.
    """
    _require_coordinator(request.user)
    if request.method == "GET":
        return _render_form(request, CourseworkForm(coordinator=request.user))

    form = CourseworkForm(request.POST, coordinator=request.user)
    step = request.POST.get("step")
    if not form.is_valid() or step == EDIT_STEP:
        return _render_form(request, form)
    if step != SAVE_STEP:
        return _render_preview(request, form, TranscriptForm())

    transcript_form = TranscriptForm(request.POST, request.FILES)
    if not transcript_form.is_valid():
        return _render_preview(request, form, transcript_form)

    fields = form.cleaned_data
    try:
        credit = services.coursework_add(
            actor=request.user,
            transcript=transcript_form.cleaned_data["transcript"],
            **fields,
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _render_form(request, form)

    messages.success(
        request,
        f"Saved {credit.credits.normalize():f} CE credits of college coursework "
        f"for {credit.person.get_full_name()}.",
    )
    return redirect("ce_credits:coursework_new")


def _get_transcript(user, pk):
    """Return the coursework of a credit that `user` may read, or raise Http404."""
    return get_object_or_404(
        Coursework.objects.filter(credit__in=visible_credits(user)), credit_id=pk
    )


@login_required
@require_safe
@cache_control(private=True, no_store=True)
def transcript_download(request, pk):
    """Send the transcript to the credit's owner, their verifiers or a coordinator.

    Transcripts live outside any public media URL, so this view is the only way
    to read one.
    """
    coursework = _get_transcript(request.user, pk)

    try:
        file = coursework.transcript.open("rb")
    except FileNotFoundError:
        logger.error("Transcript file of credit %s is missing", pk)
        raise Http404("The transcript file is missing.") from None

    filename = Path(coursework.transcript.name).name
    return FileResponse(file, as_attachment=True, filename=filename)
