"""The participant's Continuing Education control panel and its track actions."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ce_credits.models import CatalogEvent, Category, Credit

from .. import services
from ..access import get_own_track
from ..forms import TrackAddForm
from ..models import Certificate, Track, TrackCredit
from ..progress import ZERO, Fit, progress_for_tracks


@dataclass
class TrackFit:
    track_name: str
    label: str
    is_counted: bool


@dataclass
class CreditRow:
    credit: Credit
    fits: list[TrackFit]

    @property
    def can_delete(self):
        return self.credit.is_pending and not self.credit.is_locked

    @property
    def can_edit(self):
        return self.can_delete and self.credit.source == Credit.Source.INDEPENDENT


@dataclass
class CategoryGroup:
    category: Category
    rows: list[CreditRow] = field(default_factory=list)

    @property
    def total(self):
        """Sum of the category's credits, not counting denied ones."""
        return sum(
            (
                row.credit.credits
                for row in self.rows
                if row.credit.status != Credit.Status.DENIED
            ),
            ZERO,
        )


def panel_credits(person):
    """Return the person's credits, each annotated with `is_locked`.

    `is_locked` is true while a submitted, approved or issued track counts the
    credit. It is the test of `ce_credits.services.is_locked`, done in the same
    query for every credit.
    """
    counted = TrackCredit.objects.filter(credit=OuterRef("pk"))
    return list(
        Credit.objects.filter(person=person)
        .for_panel()
        .annotate(is_locked=Exists(counted))
        .prefetch_related("proofs")
    )


def fits_of(credit, progresses):
    fits = []
    for progress in progresses:
        fit = progress.fits.get(credit.pk)
        # A submitted track lists only the credits it counted on submission.
        label = Fit(fit).label if fit else "Not counted"
        fits.append(
            TrackFit(progress.requirements.track_name, label, fit == Fit.COUNTED)
        )
    return fits


def group_by_category(categories, credits, progresses):
    """Return one group per category, in category order, empty ones included."""
    groups = {category.pk: CategoryGroup(category) for category in categories}
    for credit in credits:
        row = CreditRow(credit, fits_of(credit, progresses))
        groups[credit.category_id].rows.append(row)
    return list(groups.values())


def catalogue_context(request):
    """Return the claimable catalogue events: the newest, or all on request."""
    events = CatalogEvent.objects.claimable_by(request.user)
    if request.GET.get("events") == "all":
        return {"events": list(events), "showing_all_events": True}

    # Fetch one event more than shown, to learn whether "show all" adds any.
    newest = list(events[:2])
    return {
        "events": newest[:1],
        "showing_all_events": False,
        "more_events": len(newest) > 1,
    }


@login_required
def panel(request):
    person = request.user
    tracks = list(Track.objects.filter(person=person).open().for_panel())
    credits = panel_credits(person)
    progresses = progress_for_tracks(person, tracks, credits)

    context = {
        "progresses": progresses,
        "certificates": Certificate.objects.filter(person=person).select_related(
            "superseded_by"
        ),
        "track_form": TrackAddForm(
            person=person, open_kinds={track.kind for track in tracks}
        ),
        "credit_groups": group_by_category(Category.objects.all(), credits, progresses),
        **catalogue_context(request),
    }
    return render(request, "certifications/panel.html", context)


def error_text(error):
    return " ".join(error.messages)


@login_required
@require_POST
def track_add(request):
    form = TrackAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the listed tracks to add.")
        return redirect("certifications:panel")

    track_type = form.cleaned_data["track_type"]
    try:
        services.track_add(
            person=request.user, track_type=track_type, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"The {track_type.name} track was added.")
    return redirect("certifications:panel")


@login_required
@require_POST
def track_submit(request, pk):
    track = get_own_track(request.user, pk)

    try:
        services.track_submit(track=track, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            "Your application for certification was submitted. The CE "
            "coordinator will review it.",
        )
    return redirect("certifications:panel")
