"""The CE coordinator's review of submitted tracks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST, require_safe

from .. import services
from ..access import get_track_to_review
from ..forms import ReturnForm
from ..models import Certificate, Track
from ..review import queue_rows, review_of


@login_required
@require_safe
def review_queue(request):
    if not request.user.is_coordinator:
        raise Http404("No such page.")

    context = {
        "submitted": queue_rows(Track.Status.SUBMITTED),
        "approved": queue_rows(Track.Status.APPROVED),
    }
    return render(request, "certifications/review_queue.html", context)


def _render_review(request, track, *, return_form=None):
    context = {"review": review_of(track), "return_form": return_form or ReturnForm()}
    return render(request, "certifications/review.html", context)


@login_required
@require_safe
def review(request, pk):
    track = get_track_to_review(request.user, pk)
    return _render_review(request, track)


@login_required
@require_POST
def track_return(request, pk):
    track = get_track_to_review(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _render_review(request, track, return_form=form)

    try:
        services.track_return(
            track=track, actor=request.user, message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            form.add_error(None, error)
            return _render_review(request, track, return_form=form)
        messages.error(request, " ".join(error.messages))
        return redirect("certifications:review", pk=track.pk)

    owner = track.person.get_full_name()
    messages.success(
        request, f"The track was returned to {owner}, who gets your message by email."
    )
    return redirect("certifications:review_queue")


def _report_approval(request, track):
    """Add the messages that report the approval's outcome to the coordinator."""
    certificate = Certificate.objects.filter(track=track).first()
    if certificate is None:
        # `track_approve` rejects an incomplete track, so an approved track
        # without a certificate waits for pending credits.
        pending = len(services.progress_of(track).pending)
        messages.success(
            request,
            f"Approved. The certificate is issued once the verifier confirms "
            f"the {pending} pending credit{pluralize(pending)} listed below.",
        )
        return

    messages.success(
        request, f"Approved. Certificate {certificate.number} has been issued."
    )
    if warning := services.next_track_warning(certificate):
        messages.warning(request, warning)


@login_required
@require_POST
def track_approve(request, pk):
    track = get_track_to_review(request.user, pk)

    try:
        track = services.track_approve(track=track, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("certifications:review", pk=track.pk)

    _report_approval(request, track)
    return redirect("certifications:review", pk=track.pk)
