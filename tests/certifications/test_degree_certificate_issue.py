from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certifications import degree
from certifications.models import (
    Certificate,
    DegreeRequest,
    Edition,
    Track,
    TrackTransition,
)
from certifications.periods import years_later

from ..factories import CertificateFactory, TrackFactory, track_type

pytestmark = pytest.mark.django_db

Status = DegreeRequest.Status
INITIAL = "Library Director, initial"
RENEWAL = "Library Director, renewal"


def make_request(person, status=Status.CONFIRMED):
    return DegreeRequest.objects.create(
        person=person,
        degree=DegreeRequest.Degree.MLIS,
        institution="University of Illinois",
        conferred_on=timezone.localdate() - timedelta(days=60),
        official_name="Rae Registrar",
        official_email="registrar@illinois.example",
        link_nonce="c" * 32,
        status=status,
        answered_at=None if status == Status.AWAITING_OFFICIAL else timezone.now(),
    )


@pytest.fixture
def confirmed(supervisor):
    """Return a confirmed request of the library's director."""
    return make_request(supervisor)


def director_tracks(person):
    return Track.objects.filter(person=person, kind="library_director")


def test_issue_creates_degree_certificate(confirmed, supervisor, coordinator):
    certificate = degree.certificate_issue_by_degree(
        degree_request=confirmed, actor=coordinator
    )

    today = timezone.localdate()
    assert certificate.earned_by == Certificate.Route.DEGREE
    assert certificate.person == supervisor
    assert certificate.track_name == INITIAL
    assert certificate.issued_on == today
    assert certificate.expires_on == years_later(today)
    assert certificate.issued_by == coordinator
    assert certificate.number.startswith("MT-")


def test_issue_links_request(confirmed, coordinator):
    certificate = degree.certificate_issue_by_degree(
        degree_request=confirmed, actor=coordinator
    )

    confirmed.refresh_from_db()
    assert confirmed.status == Status.ISSUED
    assert confirmed.certificate == certificate


def test_issue_without_track_starts_one(confirmed, supervisor, coordinator):
    certificate = degree.certificate_issue_by_degree(
        degree_request=confirmed, actor=coordinator
    )

    issued = certificate.track
    assert issued.status == Track.Status.ISSUED
    assert issued.track_type == track_type(INITIAL)
    assert issued.started_on == timezone.localdate()
    assert issued.submitted_at is not None
    assert issued.requirements["track"] == INITIAL


def test_issue_starts_renewal_track(confirmed, supervisor, coordinator):
    degree.certificate_issue_by_degree(degree_request=confirmed, actor=coordinator)

    renewal = director_tracks(supervisor).open().get()
    assert renewal.track_type == track_type(RENEWAL)
    assert renewal.status == Track.Status.IN_PROGRESS
    assert renewal.started_on == timezone.localdate()


def test_issue_records_each_transition(confirmed, supervisor, coordinator):
    certificate = degree.certificate_issue_by_degree(
        degree_request=confirmed, actor=coordinator
    )

    issued = certificate.track
    renewal = director_tracks(supervisor).open().get()
    steps = [
        (t.track_id, t.from_status, t.to_status, t.actor_id)
        for t in TrackTransition.objects.order_by("pk")
    ]
    assert steps == [
        (issued.pk, "", "in_progress", coordinator.pk),
        (issued.pk, "in_progress", "issued", coordinator.pk),
        (renewal.pk, "", "in_progress", coordinator.pk),
    ]


def test_issue_uses_in_progress_track(confirmed, supervisor, coordinator):
    started_on = timezone.localdate() - timedelta(days=200)
    track = TrackFactory(
        person=supervisor, track_type=track_type(INITIAL), started_on=started_on
    )

    certificate = degree.certificate_issue_by_degree(
        degree_request=confirmed, actor=coordinator
    )

    track.refresh_from_db()
    assert certificate.track == track
    assert track.status == Track.Status.ISSUED
    assert track.started_on == started_on
    assert director_tracks(supervisor).count() == 2
    transition = TrackTransition.objects.get(track=track)
    assert transition.from_status == "in_progress"
    assert transition.to_status == "issued"
    assert transition.actor == coordinator


def test_issue_uses_returned_track(confirmed, supervisor, coordinator):
    track = TrackFactory(
        person=supervisor,
        track_type=track_type(INITIAL),
        status=Track.Status.RETURNED,
        submitted_at=timezone.now() - timedelta(days=5),
        return_message="Two credits are duplicates.",
    )

    certificate = degree.certificate_issue_by_degree(
        degree_request=confirmed, actor=coordinator
    )

    track.refresh_from_db()
    assert certificate.track == track
    assert track.status == Track.Status.ISSUED
    assert track.return_message == ""


def test_issue_moves_renewal_to_initial(confirmed, supervisor, coordinator):
    # A renewal track left from before renewals required a certificate.
    track = TrackFactory(person=supervisor, track_type=track_type(RENEWAL))

    certificate = degree.certificate_issue_by_degree(
        degree_request=confirmed, actor=coordinator
    )

    track.refresh_from_db()
    assert certificate.track == track
    assert certificate.track_name == INITIAL
    assert track.track_type == track_type(INITIAL)
    change = TrackTransition.objects.filter(track=track).order_by("pk").first()
    assert change.from_status == change.to_status == "in_progress"
    assert change.note.startswith(f"Changed from {RENEWAL} to {INITIAL}")


def test_issue_keeps_renewal_of_holder(confirmed, supervisor, coordinator):
    CertificateFactory(
        person=supervisor,
        track__track_type=track_type(INITIAL),
        issued_on=timezone.localdate() - timedelta(days=5 * 365),
    )
    track = TrackFactory(person=supervisor, track_type=track_type(RENEWAL))

    certificate = degree.certificate_issue_by_degree(
        degree_request=confirmed, actor=coordinator
    )

    track.refresh_from_db()
    assert certificate.track == track
    assert certificate.track_name == RENEWAL
    assert track.track_type == track_type(RENEWAL)


def test_issue_rejects_submitted_track(confirmed, supervisor, coordinator):
    TrackFactory(
        person=supervisor,
        track_type=track_type(INITIAL),
        status=Track.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )

    with pytest.raises(ValidationError) as caught:
        degree.certificate_issue_by_degree(degree_request=confirmed, actor=coordinator)

    assert caught.value.code == "track_in_review"
    assert not Certificate.objects.exists()
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED


def test_issue_rejects_older_edition_track(confirmed, supervisor, coordinator):
    TrackFactory(
        person=supervisor, track_type=track_type("Library Administrator", "2009")
    )

    with pytest.raises(ValidationError) as caught:
        degree.certificate_issue_by_degree(degree_request=confirmed, actor=coordinator)

    assert caught.value.code == "old_edition"
    assert not Certificate.objects.exists()


def test_issue_ignores_other_kinds(confirmed, supervisor, coordinator):
    trustee = TrackFactory(person=supervisor, track_type=track_type("Trustee"))

    certificate = degree.certificate_issue_by_degree(
        degree_request=confirmed, actor=coordinator
    )

    trustee.refresh_from_db()
    assert certificate.track != trustee
    assert trustee.status == Track.Status.IN_PROGRESS


@pytest.mark.parametrize("status", [Status.AWAITING_OFFICIAL, Status.DECLINED])
def test_issue_rejects_unconfirmed(supervisor, coordinator, status):
    degree_request = make_request(supervisor, status=status)

    with pytest.raises(ValidationError) as caught:
        degree.certificate_issue_by_degree(
            degree_request=degree_request, actor=coordinator
        )

    assert caught.value.code == "status"
    assert not Certificate.objects.exists()
    assert not Track.objects.exists()


def test_issue_twice_rejected(confirmed, coordinator):
    degree.certificate_issue_by_degree(degree_request=confirmed, actor=coordinator)

    with pytest.raises(ValidationError):
        degree.certificate_issue_by_degree(degree_request=confirmed, actor=coordinator)

    assert Certificate.objects.count() == 1


def test_issue_requires_coordinator(confirmed, board_chair):
    with pytest.raises(PermissionDenied):
        degree.certificate_issue_by_degree(degree_request=confirmed, actor=board_chair)

    assert not Certificate.objects.exists()


def test_issue_rejects_own_request(coordinator):
    degree_request = make_request(coordinator)

    with pytest.raises(ValidationError) as caught:
        degree.certificate_issue_by_degree(
            degree_request=degree_request, actor=coordinator
        )

    assert caught.value.code == "owner"


def test_issue_mails_person_on_commit(
    confirmed, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = degree.certificate_issue_by_degree(
            degree_request=confirmed, actor=coordinator
        )

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["dana@lclib.example"]
    assert certificate.number in mail.body
    assert "MLIS degree from University of Illinois" in mail.body
    assert "Library Director, renewal track has started" in mail.body


def test_issue_without_current_edition_rejected(confirmed, coordinator):
    Edition.objects.update(is_current=False)

    with pytest.raises(ValidationError) as caught:
        degree.certificate_issue_by_degree(degree_request=confirmed, actor=coordinator)

    assert caught.value.code == "no_edition"
    assert not Certificate.objects.exists()
