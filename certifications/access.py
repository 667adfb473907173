"""Fetch a track or certificate and check that the user may see it.

Out-of-scope ids answer 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .certificate_forms import normalize_number
from .models import Certificate, Track


def get_own_track(user, pk):
    return get_object_or_404(Track.objects.for_panel(), pk=pk, person=user)


def get_track_to_review(user, pk):
    """Return any track for a coordinator; everyone else gets Http404."""
    if not user.is_coordinator:
        raise Http404("No such track.")
    return get_object_or_404(Track.objects.for_panel().select_related("person"), pk=pk)


def get_certificate_for_user(user, number):
    """Return the holder's own certificate, or any one for a coordinator."""
    certificates = Certificate.objects.select_related(
        "person", "track", "degree_request"
    )
    if not user.is_coordinator:
        certificates = certificates.filter(person=user)
    return get_object_or_404(certificates, number=normalize_number(number))


def get_certificate_to_change(user, number):
    """Return any certificate for a coordinator, and raise Http404 for others."""
    if not user.is_coordinator:
        raise Http404("No such certificate.")
    return get_object_or_404(
        Certificate.objects.select_related("person"), number=normalize_number(number)
    )
