"""The printable page and the PDF of an issued certificate."""

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from weasyprint import HTML

from ..access import get_certificate_for_user
from ..models import Certificate, CertificateTransition


def verification_context(certificate):
    """Return the public verification URL and its QR code as an SVG data URI."""
    url = settings.SITE_URL + reverse(
        "certifications:verify_certificate", args=[certificate.number]
    )
    qr_code = segno.make(url, error="m")
    return {
        "verification_url": url,
        "verification_qr": qr_code.svg_data_uri(scale=4, border=2),
    }


def certificate_history(certificate):
    """Return the changes of the certificate and of its predecessors and
    successors, oldest first.

    A correction issues the successor on the same track, so the transitions of
    every certificate of the track cover both directions in one query.
    """
    return CertificateTransition.objects.filter(
        certificate__track_id=certificate.track_id
    ).select_related("certificate", "actor")


def _is_changeable_by(certificate, user):
    return (
        user.is_coordinator
        and certificate.status == Certificate.Status.ISSUED
        and certificate.person_id != user.pk
    )


@login_required
@require_safe
def certificate(request, number):
    certificate = get_certificate_for_user(request.user, number)

    context = {
        "certificate": certificate,
        "can_change": _is_changeable_by(certificate, request.user),
        **verification_context(certificate),
    }
    if request.user.is_coordinator:
        context["history"] = certificate_history(certificate)
    return render(request, "certifications/certificate.html", context)


@login_required
@require_safe
def certificate_pdf(request, number):
    certificate = get_certificate_for_user(request.user, number)

    html = render_to_string(
        "certifications/certificate_pdf.html",
        {"certificate": certificate, **verification_context(certificate)},
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()

    filename = f"certificate-{certificate.number}.pdf"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
