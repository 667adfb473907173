from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from certifications.models import Certificate, Track

from ..factories import TrackFactory, UserFactory, track_type

pytestmark = pytest.mark.django_db


def issue(person, *, issued_on=date(2026, 3, 2), expires_on=date(2030, 3, 2)):
    track = TrackFactory(
        person=person,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=person,
        number="MT-TRUST234",
        holder_name=person.get_full_name(),
        track_name="Trustee",
        issued_on=issued_on,
        expires_on=expires_on,
    )


def url(certificate):
    return reverse("certifications:certificate", args=[certificate.number])


def test_holder_sees_certificate(login, participant):
    certificate = issue(participant)

    response = login(participant).get(url(certificate))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Pat Reader",
        "Trustee",
        "MT-TRUST234",
        "March 2, 2026",
        "March 2, 2030",
        "Montana State Library",
        "Continuing-education credits",
    ):
        assert text in html


def test_number_in_lower_case_found(login, participant):
    issue(participant)

    response = login(participant).get(
        reverse("certifications:certificate", args=["mt-trust234"])
    )

    assert response.status_code == 200
    assert response.context["certificate"].number == "MT-TRUST234"


def test_has_print_button(login, participant):
    certificate = issue(participant)

    html = login(participant).get(url(certificate)).content.decode()

    assert 'onclick="window.print()"' in html
    assert 'class="no-print' in html
    assert reverse("certifications:certificate_pdf", args=["MT-TRUST234"]) in html


def test_expired_certificate_marked(login, participant):
    certificate = issue(
        participant, issued_on=date(2019, 5, 1), expires_on=date(2023, 5, 1)
    )

    html = login(participant).get(url(certificate)).content.decode()

    assert "This certificate expired on May 1, 2023." in html


def test_coordinator_sees_certificate(login, participant, coordinator):
    certificate = issue(participant)

    response = login(coordinator).get(url(certificate))

    assert response.status_code == 200


def test_superuser_sees_certificate(login, participant):
    certificate = issue(participant)
    admin = UserFactory(is_superuser=True)

    assert login(admin).get(url(certificate)).status_code == 200


@pytest.mark.parametrize("persona", ["supervisor", "board_chair", "outsider"])
def test_others_get_404(request, login, participant, persona):
    certificate = issue(participant)
    user = request.getfixturevalue(persona)

    response = login(user).get(url(certificate))

    assert response.status_code == 404


def test_unknown_number_404(login, participant):
    response = login(participant).get(
        reverse("certifications:certificate", args=["MT-NOSUCH99"])
    )

    assert response.status_code == 404


def test_login_required(client, participant):
    certificate = issue(participant)

    response = client.get(url(certificate))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
