from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Position, VerifierChange
from certifications.models import Certificate, Track

from ..factories import PositionFactory, TrackFactory, UserFactory, track_type

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("person_detail", args=[person.pk])


@pytest.fixture
def issued_certificate(participant):
    track = TrackFactory(
        person=participant,
        track_type=track_type("Staff"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=participant,
        number="MT-STAFF901",
        holder_name="Pat Reader",
        track_name="Staff",
        issued_on=date(2025, 3, 2),
        expires_on=date(2029, 3, 2),
    )


def test_shows_person(login, coordinator, participant):
    response = login(coordinator).get(url(participant))

    assert response.status_code == 200
    assert response.context["person"] == participant
    content = response.content.decode()
    assert "Pat Reader" in content
    assert "pat@lclib.example" in content


def test_shows_all_positions(login, coordinator, participant):
    Position.objects.filter(person=participant).update(
        start_date=timezone.localdate() - timedelta(days=30)
    )
    PositionFactory(
        person=participant,
        kind=Position.Kind.TRUSTEE,
        title="Board member",
        is_current=False,
        start_date=date(2019, 1, 1),
        end_date=date(2022, 6, 30),
    )

    response = login(coordinator).get(url(participant))

    assert [position.title for position in response.context["positions"]] == [
        "Staff",
        "Board member",
    ]
    content = response.content.decode()
    assert "Lewis and Clark Library, Helena" in content
    assert "Jan 1, 2019 to Jun 30, 2022" in content


def test_shows_account_verifier(login, coordinator, participant, supervisor):
    response = login(coordinator).get(url(participant))

    assert list(response.context["verifiers"]) == [supervisor]
    assert "Dana Director (dana@lclib.example)" in response.content.decode()


def test_shows_external_verifier(login, coordinator, library):
    trustee = UserFactory()
    PositionFactory(
        person=trustee,
        library=library,
        kind=Position.Kind.TRUSTEE,
        verifier_name="Bea Chair",
        verifier_email="bea@lcboard.example",
    )

    response = login(coordinator).get(url(trustee))

    assert response.context["external_verifier"] == (
        "Bea Chair",
        "bea@lcboard.example",
    )
    assert "Bea Chair (bea@lcboard.example)" in response.content.decode()


def test_without_verifier(login, coordinator):
    loner = UserFactory()

    response = login(coordinator).get(url(loner))

    assert list(response.context["verifiers"]) == []
    assert response.context["external_verifier"] is None
    assert "None on record" in response.content.decode()


def test_shows_tracks_with_status(login, coordinator, participant):
    TrackFactory(person=participant, track_type=track_type("Staff"))

    response = login(coordinator).get(url(participant))

    content = response.content.decode()
    assert "<td>Staff</td>" in content
    assert "<td>In progress</td>" in content


def test_shows_certificate_number(login, coordinator, participant, issued_certificate):
    response = login(coordinator).get(url(participant))

    link = reverse("certifications:certificate", args=["MT-STAFF901"])
    content = response.content.decode()
    assert f'<a href="{link}">MT-STAFF901</a>' in content
    assert "<td>Issued</td>" in content


def test_links(login, coordinator, participant):
    content = login(coordinator).get(url(participant)).content.decode()

    for name in (
        "ce_credits:person_transcript_csv",
        "ce_credits:person_transcript_pdf",
    ):
        assert f'href="{reverse(name, args=[participant.pk])}"' in content
    reassign = reverse("verifier_reassign", args=[participant.pk])
    assert f'href="{reassign}"' in content


def test_unknown_person_gets_404(login, coordinator):
    response = login(coordinator).get(reverse("person_detail", args=[999999]))

    assert response.status_code == 404


def test_superuser_allowed(login, participant):
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert login(admin).get(url(participant)).status_code == 200


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(login, request, participant, persona):
    user = request.getfixturevalue(persona)

    assert login(user).get(url(participant)).status_code == 404


def test_anonymous_redirects_to_login(client, participant):
    response = client.get(url(participant))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_not_allowed(login, coordinator, participant):
    assert login(coordinator).post(url(participant)).status_code == 405


def test_queries_constant(
    login, coordinator, participant, django_assert_max_num_queries
):
    client = login(coordinator)
    with django_assert_max_num_queries(25) as baseline:
        client.get(url(participant))

    for _ in range(5):
        VerifierChange.objects.create(
            person=participant,
            actor=UserFactory(),
            from_verifier="the default for the position",
            to_verifier="Bea Chair <bea@lcboard.example>, without an account",
        )
        PositionFactory(person=participant, is_current=False)
        TrackFactory(
            person=participant,
            track_type=track_type("Trustee"),
            status=Track.Status.ISSUED,
            submitted_at=timezone.now(),
        )
    TrackFactory(person=participant, track_type=track_type("Staff"))

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(url(participant))
    assert response.content.decode().count("Trustee") >= 5
