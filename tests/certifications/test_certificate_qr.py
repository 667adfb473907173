"""The verification address and its QR code on the printable page and PDF."""

from datetime import date

import pytest
import segno
import weasyprint
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from certifications.certificates import certificate_correct
from certifications.models import Certificate, Track
from certifications.views import certificates as certificates_views

from ..factories import TrackFactory, track_type

pytestmark = pytest.mark.django_db

SITE_URL = "https://ce.example.org"
VERIFY_URL = f"{SITE_URL}/ce/verify/MT-QRCD2345/"


@pytest.fixture(autouse=True)
def site_url():
    with override_settings(SITE_URL=SITE_URL):
        yield


@pytest.fixture
def pdf_html(monkeypatch):
    """Record the HTML that the PDF view hands to WeasyPrint."""
    rendered = []

    def recording_html(*, string, **kwargs):
        rendered.append(string)
        return weasyprint.HTML(string=string, **kwargs)

    monkeypatch.setattr(certificates_views, "HTML", recording_html)
    return rendered


@pytest.fixture
def certificate(participant):
    track = TrackFactory(
        person=participant,
        track_type=track_type("Staff"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=participant,
        number="MT-QRCD2345",
        holder_name="Pat Reader",
        track_name="Staff",
        issued_on=date(2026, 3, 2),
        expires_on=date(2030, 3, 2),
    )


def test_verify_url_matches_route(certificate):
    path = reverse("certifications:verify_certificate", args=[certificate.number])

    assert SITE_URL + path == VERIFY_URL


def test_page_shows_url_and_qr(login, participant, certificate):
    response = login(participant).get(
        reverse("certifications:certificate", args=[certificate.number])
    )

    html = response.content.decode()
    assert f'<a href="{VERIFY_URL}">{VERIFY_URL}</a>' in html
    assert 'src="data:image/svg+xml;' in html
    assert 'alt="QR code of the verification address"' in html


def test_pdf_has_url_and_qr(login, participant, certificate, pdf_html):
    response = login(participant).get(
        reverse("certifications:certificate_pdf", args=[certificate.number])
    )

    assert response.content.startswith(b"%PDF")
    assert response.context["verification_url"] == VERIFY_URL
    [html] = pdf_html
    assert f"Verify this certificate at<br>{VERIFY_URL}" in html
    assert 'src="data:image/svg+xml;' in html
    assert "Not valid" not in html


def test_qr_encodes_url(certificate):
    expected = segno.make(VERIFY_URL, error="m").svg_data_uri(scale=4, border=2)

    context = certificates_views.verification_context(certificate)

    assert context["verification_qr"] == expected


def test_superseded_pdf_marked_void(
    login, participant, coordinator, certificate, pdf_html
):
    successor = certificate_correct(
        certificate=certificate,
        actor=coordinator,
        holder_name="Patricia Reader",
        reason="First name",
    )

    response = login(participant).get(
        reverse("certifications:certificate_pdf", args=[certificate.number])
    )

    assert response.content.startswith(b"%PDF")
    [html] = pdf_html
    assert f"Not valid: replaced by certificate {successor.number}" in html
