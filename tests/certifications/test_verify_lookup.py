from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from certifications.models import Certificate, Track

from ..factories import TrackFactory, track_type

pytestmark = pytest.mark.django_db

URL = reverse("certifications:verify_lookup")


@pytest.fixture(autouse=True)
def clear_rate_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate(participant):
    issued_on = timezone.localdate() - timedelta(days=30)
    track = TrackFactory(
        person=participant,
        track_type=track_type("Staff"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=participant,
        number="MT-LOOK2345",
        holder_name="Pat Reader",
        track_name="Staff",
        issued_on=issued_on,
        expires_on=issued_on + timedelta(days=4 * 365),
    )


def test_form_shown(client):
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_number"' in html
    assert "Certificate number" in html
    assert 'name="number"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_known_number_redirects(client, certificate):
    response = client.get(URL, {"number": "MT-LOOK2345"})

    assert response.status_code == 302
    assert response.url == reverse(
        "certifications:verify_certificate", args=["MT-LOOK2345"]
    )


@pytest.mark.parametrize(
    "typed",
    [
        "mt-look2345",
        "  MT-LOOK2345 ",
        "MT- LOOK 2345",
        "Mt-Look\t2345",
        "LOOK2345",
        "look 2345",
    ],
)
def test_case_and_spaces_normalized(client, certificate, typed):
    response = client.get(URL, {"number": typed})

    assert response.status_code == 302
    assert response.url == reverse(
        "certifications:verify_certificate", args=["MT-LOOK2345"]
    )


def test_unknown_number_404(client, certificate):
    response = client.get(URL, {"number": "mt-nosuch99"})

    assert response.status_code == 404
    html = response.content.decode()
    assert "No certificate has this number." in html
    assert 'value="MT-NOSUCH99"' in html


def test_empty_number_rejected(client):
    response = client.get(URL, {"number": "  "})

    assert response.status_code == 200
    assert "Enter the number printed on the certificate." in (response.content.decode())


def test_null_character_rejected(client):
    response = client.get(URL, {"number": "MT-LOOK\x002345"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter only the letters, digits and hyphen" in html
    assert "Null characters" not in html


def test_works_logged_in(login, outsider, certificate):
    response = login(outsider).get(URL, {"number": "MT-LOOK2345"})

    assert response.status_code == 302
