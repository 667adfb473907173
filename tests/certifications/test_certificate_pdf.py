from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from certifications.models import Certificate, Track
from certifications.views.certificates import verification_context

from ..factories import TrackFactory, track_type

pytestmark = pytest.mark.django_db


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
        number="MT-STAFF567",
        holder_name="Pat Reader",
        track_name="Staff",
        issued_on=date(2026, 3, 2),
        expires_on=date(2030, 3, 2),
    )


def url(certificate):
    return reverse("certifications:certificate_pdf", args=[certificate.number])


def test_holder_gets_pdf(login, participant, certificate):
    response = login(participant).get(url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_filename_has_number(login, participant, certificate):
    response = login(participant).get(url(certificate))

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="certificate-MT-STAFF567.pdf"' in disposition


def test_coordinator_gets_pdf(login, coordinator, certificate):
    response = login(coordinator).get(url(certificate))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["supervisor", "outsider"])
def test_others_get_404(request, login, certificate, persona):
    user = request.getfixturevalue(persona)

    response = login(user).get(url(certificate))

    assert response.status_code == 404


def test_login_required(client, certificate):
    response = client.get(url(certificate))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("length, css_class", [(60, "holder"), (61, "holder long")])
def test_long_name_printed_smaller(certificate, length, css_class):
    certificate.holder_name = "N" * length
    context = {"certificate": certificate, **verification_context(certificate)}

    html = render_to_string("certifications/certificate_pdf.html", context)

    assert f'<p class="{css_class}">{"N" * length}</p>' in html
