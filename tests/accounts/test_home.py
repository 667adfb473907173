from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Position
from certifications.models import Certificate, Track

from ..factories import PositionFactory, TrackFactory, UserFactory, track_type

pytestmark = pytest.mark.django_db

URL = reverse("home")


def issue(person, name, number, issued_on):
    track = TrackFactory(
        person=person,
        track_type=track_type(name),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=person,
        number=number,
        holder_name=person.get_full_name(),
        track_name=name,
        issued_on=issued_on,
        expires_on=issued_on + timedelta(days=4 * 365),
    )


def test_home_requires_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_shows_person(login, participant):
    response = login(participant).get(URL)

    html = response.content.decode()
    assert 'class="info-box' in html
    assert "Pat Reader" in html
    assert "pat@lclib.example" in html


def test_home_shows_current_position(login, participant, library):
    Position.objects.filter(person=participant).update(
        title="Children's Librarian", start_date=date(2021, 3, 1)
    )

    response = login(participant).get(URL)

    html = response.content.decode()
    assert "Children&#x27;s Librarian" in html
    assert "Lewis and Clark Library" in html
    assert "Helena" in html
    assert "Staff (Public library)" in html
    assert "March 1, 2021" in html


def test_home_skips_former_position(login, library):
    person = UserFactory()
    PositionFactory(person=person, library=library, title="Page", is_current=False)

    response = login(person).get(URL)

    html = response.content.decode()
    assert "No current position is on record." in html
    assert "Page</dd>" not in html


def test_home_shows_open_tracks(login, participant):
    TrackFactory(person=participant, track_type=track_type("Staff"))

    response = login(participant).get(URL)

    assert "Staff: In progress" in response.content.decode()


def test_home_shows_latest_certificate_per_kind(login, participant):
    today = timezone.localdate()
    issue(participant, "Trustee", "MT-OLDR2345", today - timedelta(days=1500))
    issue(participant, "Trustee", "MT-NEWR2345", today - timedelta(days=10))
    issue(participant, "Staff", "MT-STAF2345", today - timedelta(days=100))

    response = login(participant).get(URL)

    numbers = [cert.number for cert in response.context["latest_certificates"]]
    assert numbers == ["MT-NEWR2345", "MT-STAF2345"]


def test_home_has_continuing_education_tile(login, participant):
    response = login(participant).get(URL)

    html = response.content.decode()
    assert 'class="card' in html
    assert ">Continuing Education</h2>" in html
    assert f'href="{reverse("certifications:panel")}"' in html
