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


def test_home_shows_successor_of_superseded(login, participant):
    old = issue(participant, "Staff", "MT-OLD11111", date(2025, 3, 1))
    # Only one certificate of a track may be in force at a time.
    Certificate.objects.filter(pk=old.pk).update(
        status=Certificate.Status.WITHDRAWN, status_reason="Name corrected"
    )
    new = Certificate.objects.create(
        track=old.track,
        person=participant,
        number="MT-NEW22222",
        holder_name="Pat Reader",
        track_name="Staff",
        issued_on=old.issued_on,
        expires_on=old.expires_on,
    )
    Certificate.objects.filter(pk=old.pk).update(
        status=Certificate.Status.SUPERSEDED,
        superseded_by=new,
        status_reason="Name corrected",
    )

    response = login(participant).get(reverse("home"))

    assert response.context["latest_certificates"] == [new]
    assert "valid until" in response.content.decode()


def test_home_shows_withdrawn_status(login, participant):
    certificate = issue(participant, "Staff", "MT-WD333333", date(2025, 3, 1))
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.WITHDRAWN, status_reason="Issued in error"
    )

    response = login(participant).get(reverse("home"))

    html = response.content.decode()
    assert "withdrawn" in html
    assert "valid until" not in html


def test_home_queries_constant(login, participant, django_assert_max_num_queries):
    client = login(participant)
    with django_assert_max_num_queries(20) as baseline:
        client.get(URL)

    for year in range(2010, 2022, 4):
        issue(participant, "Staff", f"MT-HOME{year}", date(year, 5, 1))
        issue(participant, "Trustee", f"MT-TRUS{year}", date(year, 6, 1))
    TrackFactory(person=participant, track_type=track_type("Staff"))
    PositionFactory(person=participant, is_current=False)

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(URL)
    numbers = [cert.number for cert in response.context["latest_certificates"]]
    assert numbers == ["MT-TRUS2018", "MT-HOME2018"]
