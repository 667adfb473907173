from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ce_credits import services as credit_services
from ce_credits.models import Credit
from certifications import services
from certifications.models import Track

from ..factories import (
    CatalogEventFactory,
    CreditFactory,
    PositionFactory,
    TrackFactory,
    UserFactory,
    category,
    deny_in_place,
    track_type,
)

pytestmark = pytest.mark.django_db

TECHNOLOGY = "Technology"


def url(track):
    return reverse("certifications:review", args=[track.pk])


def submit_trustee(person, *credit_fields):
    """Submit a Trustee track of `person` counting the credits described."""
    track = TrackFactory(person=person, track_type=track_type("Trustee"))
    for fields in credit_fields:
        CreditFactory(person=person, **fields)
    return services.track_submit(track=track, actor=person)


def admin_credits(value, **fields):
    return {"credits": Decimal(value), **fields}


def tech_credits(value, **fields):
    return {"credits": Decimal(value), "category": category(TECHNOLOGY), **fields}


@pytest.fixture
def track(participant):
    return submit_trustee(
        participant,
        admin_credits("6", title="Board basics"),
        admin_credits("4", title="Budget season"),
        tech_credits("5", title="Broadband for boards"),
    )


def group_named(response, name):
    groups = response.context["review"].groups
    return next(group for group in groups if group.category.name == name)


def test_shows_person_and_track(login, track, supervisor, coordinator):
    response = login(coordinator).get(url(track))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Pat Reader",
        "pat@lclib.example",
        "Lewis and Clark Library",
        "Staff",
        "Trustee, 2023 edition",
        track.started_on.strftime("%b %-d, %Y"),
        "Dana Director",
    ):
        assert text in html


def test_shows_frozen_requirements(login, track, coordinator):
    response = login(coordinator).get(url(track))

    html = response.content.decode()
    assert "15.0 credits in total" in html
    assert "At least 10.0 in Library Administration" in html


def test_frozen_requirements_survive_edits(login, track, coordinator):
    minimum = track.track_type.minimums.get()
    minimum.credits = Decimal("12")
    minimum.save()

    response = login(coordinator).get(url(track))

    assert "At least 10.0 in Library Administration" in response.content.decode()


def test_figures_per_category(login, track, coordinator):
    response = login(coordinator).get(url(track))

    administration = group_named(response, "Library Administration")
    technology = group_named(response, TECHNOLOGY)
    assert administration.earned == 10
    assert administration.verified == 0
    assert administration.minimum.required == 10
    assert administration.minimum.needed == 0
    assert [item.credit.title for item in administration.credits] == [
        "Board basics",
        "Budget season",
    ]
    assert technology.earned == 5
    assert technology.minimum is None


def test_total_figures(login, track, supervisor, coordinator):
    credit = Credit.objects.get(title="Broadband for boards")
    credit_services.credit_verify(credit=credit, actor=supervisor)

    response = login(coordinator).get(url(track))

    progress = response.context["review"].progress
    assert progress.total_earned == 15
    assert progress.total_verified == 5
    assert progress.is_complete
    assert "15.0 of 15.0" in response.content.decode()
    assert group_named(response, TECHNOLOGY).verified == 5


def test_shows_credit_statuses(login, track, supervisor, coordinator):
    verified = Credit.objects.get(title="Board basics")
    denied = Credit.objects.get(title="Budget season")
    credit_services.credit_verify(credit=verified, actor=supervisor)
    deny_in_place(denied, supervisor, "Duplicate.")

    response = login(coordinator).get(url(track))

    administration = group_named(response, "Library Administration")
    counted = {item.credit.title: item.counted for item in administration.credits}
    assert counted == {"Board basics": True, "Budget season": False}
    assert administration.earned == 6
    html = response.content.decode()
    assert "VERIFIED" in html
    assert "DENIED" in html
    assert "PENDING" in html
    assert "Denied by Dana Director: Duplicate." in html
    assert "4.0 more in Library Administration" in html


def test_lists_only_frozen_credits(login, track, participant, coordinator):
    CreditFactory(person=participant, title="Claimed after submission")

    response = login(coordinator).get(url(track))

    assert "Claimed after submission" not in response.content.decode()


def test_flags_duplicates(login, participant, coordinator):
    event = CatalogEventFactory(title="Open Meeting Law")
    credit_services.credit_claim_event(person=participant, event=event)
    track = submit_trustee(
        participant,
        admin_credits(
            "8",
            title="open  meeting LAW",
            begin=event.begin + timedelta(hours=1),
            end=event.end + timedelta(hours=1),
        ),
        tech_credits("5"),
    )

    response = login(coordinator).get(url(track))

    review = response.context["review"]
    flagged = [
        item.credit.title
        for group in review.groups
        for item in group.credits
        if item.duplicates
    ]
    assert flagged == ["Open Meeting Law", "open  meeting LAW"]
    assert review.duplicate_count == 2
    assert "Possible duplicate" in response.content.decode()


def test_same_title_other_dates_not_flagged(login, participant, coordinator):
    last_month = timezone.now() - timedelta(days=30)
    track = submit_trustee(
        participant,
        admin_credits("5", title="Trustee orientation"),
        admin_credits(
            "5",
            title="Trustee orientation",
            begin=last_month - timedelta(hours=1),
            end=last_month,
        ),
        tech_credits("5"),
    )

    response = login(coordinator).get(url(track))

    assert response.context["review"].duplicate_count == 0
    assert "Possible duplicate" not in response.content.decode()


def test_shows_history(login, track, coordinator):
    response = login(coordinator).get(url(track))

    history = response.context["review"].history
    assert [(entry.from_label, entry.to_label) for entry in history] == [
        ("In progress", "Submitted")
    ]
    assert history[0].transition.actor.get_full_name() == "Pat Reader"
    assert "In progress to Submitted" in response.content.decode()


def test_forms_for_submitted_track(login, track, coordinator):
    html = login(coordinator).get(url(track)).content.decode()

    assert reverse("certifications:track_approve", args=[track.pk]) in html
    assert reverse("certifications:track_return", args=[track.pk]) in html
    assert "Message to the participant" in html


def test_approved_track_lists_pending(login, track, coordinator):
    services.track_approve(track=track, actor=coordinator)

    response = login(coordinator).get(url(track))

    html = response.content.decode()
    assert "Waiting for the verifier" in html
    assert "The certificate is issued once these credits are verified." in html
    assert reverse("certifications:track_approve", args=[track.pk]) not in html
    assert reverse("certifications:track_return", args=[track.pk]) in html


def test_in_progress_track_lists_counting(login, participant, coordinator):
    track = TrackFactory(person=participant, track_type=track_type("Trustee"))
    CreditFactory(person=participant, title="Counts already")
    CreditFactory(
        person=participant,
        title="Too old to count",
        begin=timezone.now() - timedelta(days=800, hours=1),
        end=timezone.now() - timedelta(days=800),
    )

    response = login(coordinator).get(url(track))

    html = response.content.decode()
    assert "Counts already" in html
    assert "Too old to count" not in html
    assert track.status == Track.Status.IN_PROGRESS
    assert "Message to the participant" not in html


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(request, login, track, persona):
    user = request.getfixturevalue(persona)

    response = login(user).get(url(track))

    assert response.status_code == 404


def test_superuser_allowed(login, track):
    admin = UserFactory(is_superuser=True)

    assert login(admin).get(url(track)).status_code == 200


def test_query_count_constant(
    login, library, participant, coordinator, django_assert_num_queries
):
    colleague = UserFactory()
    PositionFactory(person=colleague, library=library)
    small = [admin_credits("0.5") for _ in range(3)]
    large = [admin_credits("0.5") for _ in range(30)]
    few_track = submit_trustee(
        participant, *small, admin_credits("10"), tech_credits("5")
    )
    many_track = submit_trustee(colleague, *large, tech_credits("5"))
    client = login(coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(url(few_track))

    with django_assert_num_queries(len(few)):
        response = client.get(url(many_track))

    listed = [
        item for group in response.context["review"].groups for item in group.credits
    ]
    assert len(listed) == 31
