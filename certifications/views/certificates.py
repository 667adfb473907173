"""The printable page and the PDF of an issued certificate."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from weasyprint import HTML

from ..access import get_certificate_for_user


@login_required
@require_safe
def certificate(request, number):
    certificate = get_certificate_for_user(request.user, number)
    return render(
        request, "certifications/certificate.html", {"certificate": certificate}
    )


@login_required
@require_safe
def certificate_pdf(request, number):
    certificate = get_certificate_for_user(request.user, number)

    html = render_to_string(
        "certifications/certificate_pdf.html",
        {"certificate": certificate},
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()

    filename = f"certificate-{certificate.number}.pdf"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
