from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Position
from certifications import services
from certifications.models import Track

from ..factories import (
    CreditFactory,
    PositionFactory,
    TrackFactory,
    UserFactory,
    category,
    deny_in_place,
    track_type,
)

pytestmark = pytest.mark.django_db

URL = reverse("certifications:review_queue")


def submit_trustee(person):
    """Submit a complete Trustee track of `person` with two pending credits."""
    track = TrackFactory(person=person, track_type=track_type("Trustee"))
    CreditFactory(person=person, credits=Decimal("10"))
    CreditFactory(person=person, credits=Decimal("5"), category=category("Technology"))
    return services.track_submit(track=track, actor=person)


def add_tracks(library, coordinator, count):
    """Add `count` submitted tracks and as many approved ones at `library`."""
    for _ in range(count):
        for approve in (False, True):
            person = UserFactory()
            PositionFactory(person=person, library=library, kind=Position.Kind.TRUSTEE)
            track = submit_trustee(person)
            if approve:
                services.track_approve(track=track, actor=coordinator)


def queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_lists_submitted_track(login, participant, coordinator):
    track = submit_trustee(participant)

    response = login(coordinator).get(URL)

    assert response.status_code == 200
    [row] = response.context["submitted"]
    assert row.track == track
    assert row.progress.total_earned == 15
    html = response.content.decode()
    for text in (
        "Pat Reader",
        "Lewis and Clark Library",
        "Staff",
        "Trustee (2023)",
        "15.0 of 15.0",
        timezone.localdate().strftime("%b %-d, %Y"),
        reverse("certifications:review", args=[track.pk]),
    ):
        assert text in html


def test_oldest_submission_first(login, library, participant, coordinator):
    colleague = UserFactory()
    PositionFactory(person=colleague, library=library)
    newer = submit_trustee(participant)
    older = submit_trustee(colleague)
    Track.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - timedelta(days=3)
    )

    rows = login(coordinator).get(URL).context["submitted"]

    assert [row.track for row in rows] == [older, newer]


def test_approved_list_shows_pending(login, participant, coordinator):
    track = submit_trustee(participant)
    services.track_approve(track=track, actor=coordinator)

    response = login(coordinator).get(URL)

    assert response.context["submitted"] == []
    [row] = response.context["approved"]
    assert row.track == track
    assert len(row.progress.pending) == 2
    assert "2 pending credits" in response.content.decode()


def test_skips_open_and_issued_tracks(login, participant, coordinator):
    TrackFactory(person=participant)
    TrackFactory(
        person=participant,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )

    response = login(coordinator).get(URL)

    assert response.context["submitted"] == []
    assert response.context["approved"] == []
    assert "No track is waiting for review." in response.content.decode()


def test_counted_total_skips_denied(login, participant, supervisor, coordinator):
    track = submit_trustee(participant)
    credit = participant.credits.get(credits=5)
    deny_in_place(credit, supervisor, "Duplicate.")

    [row] = login(coordinator).get(URL).context["submitted"]

    assert row.track == track
    assert row.progress.total_earned == 10


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(request, login, persona):
    user = request.getfixturevalue(persona)

    response = login(user).get(URL)

    assert response.status_code == 404


def test_superuser_allowed(login):
    admin = UserFactory(is_superuser=True)

    response = login(admin).get(URL)

    assert response.status_code == 200


def test_login_required(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_query_count_constant(login, library, coordinator, django_assert_num_queries):
    client = login(coordinator)
    add_tracks(library, coordinator, 3)
    few = queries_for(client)

    add_tracks(library, coordinator, 27)
    with django_assert_num_queries(few):
        response = client.get(URL)

    assert len(response.context["submitted"]) == 30
    assert len(response.context["approved"]) == 30
