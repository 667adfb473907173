from datetime import date

import pytest
from django.core import checks
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from certifications.checks import check_rate_limit_cache
from certifications.models import Certificate, Track

from ..factories import TrackFactory, track_type

pytestmark = pytest.mark.django_db

LOOKUP = reverse("certifications:verify_lookup")
CERTIFICATE = reverse("certifications:verify_certificate", args=["MT-RATE2345"])


@pytest.fixture(autouse=True)
def low_rate():
    cache.clear()
    with override_settings(VERIFY_RATE_LIMIT="3/h"):
        yield
    cache.clear()


@pytest.fixture
def certificate(participant):
    track = TrackFactory(
        person=participant,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=participant,
        number="MT-RATE2345",
        holder_name="Pat Reader",
        track_name="Trustee",
        issued_on=date(2026, 3, 2),
        expires_on=date(2030, 3, 2),
    )


def test_429_after_limit(client, certificate):
    statuses = [client.get(CERTIFICATE).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_429_page(client, certificate):
    for _ in range(3):
        client.get(CERTIFICATE)

    response = client.get(CERTIFICATE)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "Too many requests" in html
    assert "Pat Reader" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_pages_share_one_count(client, certificate):
    client.get(LOOKUP)
    client.get(LOOKUP, {"number": "MT-NOSUCH99"})
    client.get(CERTIFICATE)

    assert client.get(LOOKUP).status_code == 429
    assert client.get(CERTIFICATE).status_code == 429


def test_counted_per_address(client, certificate):
    for _ in range(3):
        client.get(CERTIFICATE, REMOTE_ADDR="192.0.2.10")

    assert client.get(CERTIFICATE, REMOTE_ADDR="192.0.2.10").status_code == 429
    assert client.get(CERTIFICATE, REMOTE_ADDR="192.0.2.20").status_code == 200


def test_other_pages_not_limited(login, participant, certificate):
    client = login(participant)
    for _ in range(4):
        client.get(CERTIFICATE)

    page = reverse("certifications:certificate", args=["MT-RATE2345"])
    assert client.get(page).status_code == 200


# The system check


def test_check_runs_on_deploy():
    messages = checks.run_checks(include_deployment_checks=True)

    assert "certifications.W001" in {message.id for message in messages}


def test_check_skipped_without_deploy():
    messages = checks.run_checks()

    assert "certifications.W001" not in {message.id for message in messages}


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)
def test_check_warns_on_local_cache():
    [warning] = check_rate_limit_cache(None)

    assert warning.id == "certifications.W001"
    assert "LocMemCache" in warning.msg
    assert "RedisCache" in warning.hint


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379",
        }
    }
)
def test_check_passes_shared_cache():
    assert check_rate_limit_cache(None) == []
