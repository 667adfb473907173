from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from certifications.certificates import certificate_correct, certificate_withdraw
from certifications.models import Certificate, Track

from ..factories import CreditFactory, TrackFactory, track_type

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_counts():
    cache.clear()
    yield
    cache.clear()


def issue(person, number="MT-VALD2345", *, issued_on=None):
    issued_on = issued_on or timezone.localdate() - timedelta(days=30)
    track = TrackFactory(
        person=person,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=person,
        number=number,
        holder_name=person.get_full_name(),
        track_name="Trustee",
        issued_on=issued_on,
        expires_on=issued_on + timedelta(days=4 * 365),
    )


def url(number):
    return reverse("certifications:verify_certificate", args=[number])


def page(client, number):
    response = client.get(url(number))
    assert response.status_code == 200
    return response.content.decode()


def test_valid_certificate(client, participant):
    issue(participant, issued_on=date(2025, 3, 2))

    html = page(client, "MT-VALD2345")

    assert "This certificate is valid." in html
    assert "Pat Reader" in html
    assert "Trustee" in html
    assert "March 2, 2025" in html
    assert "March 1, 2029" in html


def test_expired_certificate(client, participant):
    issue(participant, issued_on=date(2019, 5, 1))

    html = page(client, "MT-VALD2345")

    assert "This certificate expired on April 30, 2023." in html
    assert "This certificate is valid." not in html
    assert '<dd class="col-sm-8">Expired</dd>' in html


def test_superseded_names_successor(client, participant, coordinator):
    old = issue(participant)
    new = certificate_correct(
        certificate=old,
        actor=coordinator,
        holder_name="Patricia Reader",
        reason="Misspelled first name",
    )

    html = page(client, old.number)

    assert "This certificate is no longer valid." in html
    assert f">{new.number}</a>" in html
    assert url(new.number) in html
    assert "Superseded" in html
    assert "Misspelled" not in html


def test_successor_is_valid(client, participant, coordinator):
    old = issue(participant)
    new = certificate_correct(
        certificate=old,
        actor=coordinator,
        holder_name="Patricia Reader",
        reason="Misspelled first name",
    )

    html = page(client, new.number)

    assert "This certificate is valid." in html
    assert "Patricia Reader" in html


def test_withdrawn_hides_reason(client, participant, coordinator):
    certificate = issue(participant)
    certificate_withdraw(
        certificate=certificate, actor=coordinator, reason="Credits were forged"
    )

    html = page(client, certificate.number)

    assert "was withdrawn by the Montana State Library" in html
    assert "Withdrawn" in html
    assert "forged" not in html
    assert "This certificate is valid." not in html


def test_shows_no_email_or_credits(client, participant):
    certificate = issue(participant)
    CreditFactory(person=participant, title="Board governance webinar")

    html = page(client, certificate.number)

    assert participant.email not in html
    assert "@" not in html
    assert "Board governance webinar" not in html
    assert "credit" not in html.lower()
    assert f"/{certificate.track_id}/" not in html
    assert "/pdf/" not in html


def test_unknown_number_404(client):
    response = client.get(url("MT-NOSUCH99"))

    assert response.status_code == 404
    assert "No certificate has this number." in response.content.decode()


def test_lowercase_number_redirects(client, participant):
    issue(participant)

    response = client.get(url("mt-vald2345"))

    assert response.status_code == 302
    assert response.url == url("MT-VALD2345")


def test_anonymous_page_has_base_layout(client, participant):
    issue(participant)

    html = page(client, "MT-VALD2345")

    assert '<meta name="robots" content="noindex">' in html
    assert 'href="#main"' in html
    assert "ASPeN Certification" in html
    assert "Log out" not in html


def test_logged_in_user_sees_page(login, outsider, participant):
    issue(participant)

    response = login(outsider).get(url("MT-VALD2345"))

    assert response.status_code == 200


def test_post_not_allowed(client, participant):
    issue(participant)

    assert client.post(url("MT-VALD2345")).status_code == 405


def test_query_count(client, participant, coordinator, django_assert_num_queries):
    old = issue(participant)
    certificate_correct(
        certificate=old,
        actor=coordinator,
        holder_name="Patricia Reader",
        reason="Misspelled first name",
    )

    with django_assert_num_queries(1):
        page(client, old.number)
