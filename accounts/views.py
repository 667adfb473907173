from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from certifications.models import Certificate, Track


def latest_per_kind(certificates):
    """Return the newest certificate of each track kind, keeping their order.

    `certificates` must come newest first, as `Certificate.Meta.ordering` sorts.
    """
    latest = {}
    for certificate in certificates:
        latest.setdefault(certificate.track.kind, certificate)
    return list(latest.values())


@login_required
def home(request):
    person = request.user
    position = (
        person.positions.filter(is_current=True).select_related("library").first()
    )
    open_tracks = (
        Track.objects.filter(person=person).open().select_related("track_type")
    )
    # A superseded certificate is represented by the one that replaced it.
    certificates = (
        Certificate.objects.filter(person=person)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .select_related("track")
    )

    context = {
        "position": position,
        "open_tracks": open_tracks,
        "latest_certificates": latest_per_kind(certificates),
    }
    return render(request, "accounts/home.html", context)
