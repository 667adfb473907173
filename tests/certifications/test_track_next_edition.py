"""The track that starts when a certificate is issued, once a newer edition is
current."""

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits import services as credit_services
from certifications import services
from certifications.models import (
    Certificate,
    DegreeRequest,
    Edition,
    Track,
    TrackType,
)
from certifications.services import next_track_type

from ..factories import CreditFactory, TrackFactory, category, track_type

pytestmark = pytest.mark.django_db

Kind = TrackType.Kind
DIRECTOR_INITIAL = "Library Director, initial"
DIRECTOR_RENEWAL = "Library Director, renewal"
ALL_2026 = (DIRECTOR_INITIAL, DIRECTOR_RENEWAL, "Staff", "Trustee")
OTHER_CATEGORIES = (
    "Library Services to the Public",
    "Collection Management and Technical Services",
    "Technology",
)
KINDS = {
    DIRECTOR_INITIAL: Kind.LIBRARY_DIRECTOR,
    DIRECTOR_RENEWAL: Kind.LIBRARY_DIRECTOR,
    "Staff": Kind.STAFF,
    "Trustee": Kind.TRUSTEE,
}


def make_2026_current(*names):
    """Make the 2026 edition current with track types of the given names. As
    in 2023, the initial director track leads to the renewal when both exist.
    """
    Edition.objects.filter(is_current=True).update(is_current=False)
    edition = Edition.objects.get(name="2026")
    edition.is_current = True
    edition.save(update_fields=["is_current"])
    created = {}
    for position, name in enumerate(names, 1):
        created[name] = TrackType.objects.create(
            edition=edition,
            name=name,
            kind=KINDS.get(name, Kind.STAFF),
            total_credits=Decimal("60"),
            requires_certificate=name == DIRECTOR_RENEWAL,
            position=position,
        )
    if DIRECTOR_INITIAL in created and DIRECTOR_RENEWAL in created:
        created[DIRECTOR_INITIAL].next_type = created[DIRECTOR_RENEWAL]
        created[DIRECTOR_INITIAL].save(update_fields=["next_type"])


def submit(person, name, administration, technology):
    """Submit a 2023 track with one credit in each of two categories."""
    track = TrackFactory(person=person, track_type=track_type(name))
    CreditFactory(person=person, credits=Decimal(administration))
    CreditFactory(
        person=person, credits=Decimal(technology), category=category("Technology")
    )
    return services.track_submit(track=track, actor=person)


def verify_all(person, verifier):
    for credit in person.credits.pending():
        credit_services.credit_verify(credit=credit, actor=verifier)


def approve(login, coordinator, track):
    return login(coordinator).post(
        reverse("certifications:track_approve", args=[track.pk]), follow=True
    )


def messages_of(response):
    return [
        (message.level_tag, str(message)) for message in response.context["messages"]
    ]


def open_track(person):
    return Track.objects.open().select_related("track_type__edition").get(person=person)


def test_trustee_continues_in_current_edition(
    login, participant, supervisor, coordinator
):
    track = submit(participant, "Trustee", 10, 5)
    make_2026_current(*ALL_2026)
    verify_all(participant, supervisor)

    approve(login, coordinator, track)

    new_track = open_track(participant)
    assert new_track.track_type == track_type("Trustee", "2026")
    assert new_track.started_on == timezone.localdate()
    assert track.certificate.track_name == "Trustee"


def test_director_initial_leads_to_current_renewal(
    login, supervisor, board_chair, coordinator
):
    track = submit(supervisor, DIRECTOR_INITIAL, 30, 30)
    make_2026_current(*ALL_2026)
    verify_all(supervisor, board_chair)

    approve(login, coordinator, track)

    assert open_track(supervisor).track_type == track_type(DIRECTOR_RENEWAL, "2026")


def test_director_renewal_leads_to_current_renewal(
    login, supervisor, board_chair, coordinator
):
    track = submit(supervisor, DIRECTOR_RENEWAL, 30, 30)
    make_2026_current(*ALL_2026)
    verify_all(supervisor, board_chair)

    approve(login, coordinator, track)

    assert open_track(supervisor).track_type == track_type(DIRECTOR_RENEWAL, "2026")


def test_2009_administrator_leads_to_current_renewal(
    login, supervisor, board_chair, coordinator
):
    track = TrackFactory(
        person=supervisor, track_type=track_type("Library Administrator", "2009")
    )
    CreditFactory(person=supervisor, credits=Decimal("30"))
    for name in OTHER_CATEGORIES:
        CreditFactory(person=supervisor, credits=Decimal("10"), category=category(name))
    services.track_submit(track=track, actor=supervisor)
    make_2026_current(*ALL_2026)
    verify_all(supervisor, board_chair)

    approve(login, coordinator, track)

    assert open_track(supervisor).track_type == track_type(DIRECTOR_RENEWAL, "2026")


def test_successor_in_current_edition_kept(db):
    administrator = track_type("Library Administrator", edition="2009")

    assert next_track_type(administrator) == track_type(DIRECTOR_RENEWAL)


def test_same_name_wins_among_several(db):
    make_2026_current("Staff, school libraries", "Staff", "Trustee")

    assert next_track_type(track_type("Staff")) == track_type("Staff", "2026")


def test_single_counterpart_with_other_name(db):
    make_2026_current("Staff, all libraries")

    assert next_track_type(track_type("Staff")) == track_type(
        "Staff, all libraries", "2026"
    )


def test_several_without_same_name_gives_none(db):
    make_2026_current("Staff, school libraries", "Staff, public libraries")

    assert next_track_type(track_type("Staff")) is None


def test_renewal_not_matched_by_initial(db):
    make_2026_current(DIRECTOR_INITIAL)

    assert next_track_type(track_type(DIRECTOR_INITIAL)) is None


def test_no_current_edition_gives_none(db):
    Edition.objects.update(is_current=False)

    assert next_track_type(track_type("Staff")) is None


def test_missing_type_still_issues(login, participant, supervisor, coordinator, caplog):
    track = submit(participant, "Trustee", 10, 5)
    make_2026_current(DIRECTOR_INITIAL, DIRECTOR_RENEWAL, "Staff")
    verify_all(participant, supervisor)

    with caplog.at_level(logging.WARNING, logger="certifications.services"):
        response = approve(login, coordinator, track)

    track.refresh_from_db()
    certificate = Certificate.objects.get(track=track)
    expected = (
        "No new Trustee track was started for Pat Reader, because the current "
        "program edition has no Trustee track type to follow Trustee (2023). "
        "Add one to the current edition in the admin, and the participant can "
        "then add the track on the Continuing Education page."
    )
    assert track.status == Track.Status.ISSUED
    assert not Track.objects.open().filter(person=participant).exists()
    assert messages_of(response) == [
        ("success", f"Approved. Certificate {certificate.number} has been issued."),
        ("warning", expected),
    ]
    assert track.transitions.last().note == expected
    assert track.transitions.last().actor == coordinator
    assert f"No track started after certificate {certificate.number}" in caplog.text
    assert expected in response.content.decode()


def test_missing_type_on_last_verification(login, participant, supervisor, coordinator):
    track = submit(participant, "Trustee", 10, 5)
    make_2026_current("Staff")
    approve(login, coordinator, track)
    first, last = participant.credits.order_by("pk")
    credit_services.credit_verify(credit=first, actor=supervisor)

    login(supervisor).post(reverse("ce_credits:credit_verify", args=[last.pk]))

    track.refresh_from_db()
    assert track.status == Track.Status.ISSUED
    assert Certificate.objects.filter(track=track).exists()
    assert not Track.objects.open().filter(person=participant).exists()
    assert track.transitions.last().note.startswith("No new Trustee track")
    assert track.transitions.last().actor == supervisor


def confirmed_degree_request(person):
    return DegreeRequest.objects.create(
        person=person,
        degree=DegreeRequest.Degree.MLIS,
        institution="University of Denver",
        conferred_on=timezone.localdate() - timedelta(days=60),
        official_name="Rae Registrar",
        official_email="registrar@du.example",
        link_nonce="b" * 32,
        status=DegreeRequest.Status.CONFIRMED,
        answered_at=timezone.now(),
    )


def issue_by_degree(login, coordinator, degree_request):
    return login(coordinator).post(
        reverse("certifications:degree_issue", args=[degree_request.pk]),
        follow=True,
    )


def test_degree_issue_starts_current_renewal(login, coordinator, supervisor):
    make_2026_current(*ALL_2026)
    degree_request = confirmed_degree_request(supervisor)

    response = issue_by_degree(login, coordinator, degree_request)

    certificate = Certificate.objects.get()
    assert certificate.track.track_type == track_type(DIRECTOR_INITIAL, "2026")
    assert open_track(supervisor).track_type == track_type(DIRECTOR_RENEWAL, "2026")
    assert [level for level, _ in messages_of(response)] == ["success"]


def test_initial_without_next_type_repeats(db):
    # An empty `next_type` means the same track again, also in a new edition.
    make_2026_current(DIRECTOR_INITIAL)
    initial = track_type(DIRECTOR_INITIAL, "2026")

    assert next_track_type(initial) == initial


def test_degree_issue_without_renewal_warns(
    login,
    coordinator,
    supervisor,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # The 2026 initial track points at the renewal of 2023, and 2026 has no
    # renewal to take its place.
    make_2026_current(DIRECTOR_INITIAL, "Staff", "Trustee")
    TrackType.objects.filter(edition__name="2026", name=DIRECTOR_INITIAL).update(
        next_type=track_type(DIRECTOR_RENEWAL)
    )
    degree_request = confirmed_degree_request(supervisor)

    with django_capture_on_commit_callbacks(execute=True):
        response = issue_by_degree(login, coordinator, degree_request)

    certificate = Certificate.objects.get()
    degree_request.refresh_from_db()
    assert degree_request.status == DegreeRequest.Status.ISSUED
    assert not Track.objects.open().filter(person=supervisor).exists()
    assert messages_of(response) == [
        (
            "success",
            f"Certificate {certificate.number} issued to Dana Director by degree.",
        ),
        (
            "warning",
            "No new Library Director track was started for Dana Director, "
            "because the current program edition has no Library Director track "
            "type to follow Library Director, initial (2026). Add one to the "
            "current edition in the admin, and the participant can then add the "
            "track on the Continuing Education page.",
        ),
    ]
    assert "No next Library Director track could start" in mailoutbox[0].body
    assert "track has started today" not in mailoutbox[0].body
