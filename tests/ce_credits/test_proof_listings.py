"""Proofs on the pages that list credits: the panel, the verify queue, the review."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Position
from ce_credits.models import Category, Credit
from certifications import services as track_services

from ..factories import (
    CreditFactory,
    PositionFactory,
    TrackFactory,
    UserFactory,
    category,
    track_type,
)
from .proof_files import add_proof

pytestmark = pytest.mark.django_db

PANEL = reverse("certifications:panel")
QUEUE = reverse("ce_credits:verify_queue")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def download_url(proof):
    return reverse("ce_credits:proof_download", args=[proof.pk])


def test_panel_lists_proofs_with_actions(login, participant):
    credit = CreditFactory(person=participant, title="Storytime skills")
    proof = add_proof(credit, name="storytime.pdf")

    response = login(participant).get(PANEL)

    html = response.content.decode()
    assert f'<a href="{download_url(proof)}">storytime.pdf</a>' in html
    assert reverse("ce_credits:proof_delete", args=[proof.pk]) in html
    assert reverse("ce_credits:proof_add", args=[credit.pk]) in html
    assert 'enctype="multipart/form-data"' in html
    assert "Proof of attendance for Storytime skills" in html


def test_panel_hides_actions_when_verified(login, participant, supervisor):
    credit = CreditFactory(
        person=participant,
        status=Credit.Status.VERIFIED,
        decided_by=supervisor,
        decided_at=timezone.now(),
    )
    proof = add_proof(credit, name="storytime.pdf")

    response = login(participant).get(PANEL)

    html = response.content.decode()
    assert download_url(proof) in html
    assert reverse("ce_credits:proof_delete", args=[proof.pk]) not in html
    assert reverse("ce_credits:proof_add", args=[credit.pk]) not in html


def add_credits_with_proofs(person, count, proofs_each):
    categories = list(Category.objects.all())
    for number in range(count):
        credit = CreditFactory(person=person, category=categories[number % 4])
        for _ in range(proofs_each):
            add_proof(credit)


def test_panel_query_count_with_proofs(login, participant):
    client = login(participant)
    TrackFactory(person=participant, track_type=track_type("Staff"))
    add_credits_with_proofs(participant, 3, proofs_each=1)
    few = queries_for(client, PANEL)

    add_credits_with_proofs(participant, 27, proofs_each=2)
    many = queries_for(client, PANEL)

    assert many == few


def add_staff_credits_with_proofs(library, count):
    for _ in range(count):
        person = UserFactory()
        PositionFactory(person=person, library=library, kind=Position.Kind.STAFF)
        credit = CreditFactory(person=person)
        add_proof(credit)
        add_proof(credit, name="photo.pdf")


def test_verify_queue_lists_proofs(login, participant, supervisor):
    credit = CreditFactory(person=participant)
    proof = add_proof(credit, name="storytime.pdf")

    response = login(supervisor).get(QUEUE)

    html = response.content.decode()
    assert f'<a href="{download_url(proof)}">storytime.pdf</a>' in html
    assert "(PDF, " in html
    assert reverse("ce_credits:proof_delete", args=[proof.pk]) not in html


def test_verify_queue_says_no_proof(login, participant, supervisor):
    CreditFactory(person=participant)

    response = login(supervisor).get(QUEUE)

    assert "No proof of attendance attached" in response.content.decode()


def test_verify_queue_query_count_with_proofs(login, library, supervisor):
    client = login(supervisor)
    add_staff_credits_with_proofs(library, 3)
    few = queries_for(client, QUEUE)

    add_staff_credits_with_proofs(library, 27)
    many = queries_for(client, QUEUE)

    assert many == few


def submitted_trustee_track(person, count):
    """Submit a Trustee track of `person` with `count` credits that have proofs."""
    track = TrackFactory(person=person, track_type=track_type("Trustee"))
    CreditFactory(person=person, credits=Decimal("10"))
    CreditFactory(person=person, credits=Decimal("5"), category=category("Technology"))
    for _ in range(count):
        add_proof(CreditFactory(person=person, credits=Decimal("0.5")))
    return track_services.track_submit(track=track, actor=person)


def review_url(track):
    return reverse("certifications:review", args=[track.pk])


def test_review_lists_proofs(login, participant, coordinator):
    track = submitted_trustee_track(participant, 1)
    proof = participant.credits.get(proofs__isnull=False).proofs.get()

    response = login(coordinator).get(review_url(track))

    assert f'<a href="{download_url(proof)}">certificate.pdf</a>' in (
        response.content.decode()
    )


def test_review_query_count_with_proofs(login, library, participant, coordinator):
    colleague = UserFactory()
    PositionFactory(person=colleague, library=library)
    few_track = submitted_trustee_track(participant, 3)
    many_track = submitted_trustee_track(colleague, 30)
    client = login(coordinator)

    few = queries_for(client, review_url(few_track))
    many = queries_for(client, review_url(many_track))

    assert many == few
