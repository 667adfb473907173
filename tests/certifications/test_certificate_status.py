"""How a superseded or withdrawn certificate shows to its holder."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certifications.certificates import certificate_correct, certificate_withdraw
from certifications.models import Certificate, Track

from ..factories import TrackFactory, track_type

pytestmark = pytest.mark.django_db

PANEL = reverse("certifications:panel")


def issue(person, number, *, issued_on=None, name="Trustee"):
    issued_on = issued_on or timezone.localdate() - timedelta(days=30)
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
        holder_name="Pat Raeder",
        track_name=name,
        issued_on=issued_on,
        expires_on=issued_on + timedelta(days=4 * 365),
    )


def page(client, number):
    response = client.get(reverse("certifications:certificate", args=[number]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def superseded(participant, coordinator):
    old = issue(participant, "MT-OLDN2345")
    certificate_correct(
        certificate=old,
        actor=coordinator,
        holder_name="Pat Reader",
        reason="Typo in surname",
    )
    old.refresh_from_db()
    return old


def test_holder_sees_superseded_notice(login, participant, superseded):
    html = page(login(participant), superseded.number)

    successor = superseded.superseded_by
    assert "This certificate is no longer valid." in html
    assert f">{successor.number}</a>" in html
    assert reverse("certifications:certificate", args=[successor.number]) in html
    assert "expired on" not in html


def test_holder_sees_withdrawal_reason(login, participant, coordinator):
    certificate = issue(participant, "MT-GONE2345")
    certificate_withdraw(certificate=certificate, actor=coordinator, reason="Fraud")

    html = page(login(participant), certificate.number)

    assert "This certificate was withdrawn" in html
    assert "Reason: Fraud" in html


def test_in_force_shows_no_notice(login, participant):
    issue(participant, "MT-FINE2345")

    html = page(login(participant), "MT-FINE2345")

    assert "certificate-status" not in html
    assert "expired on" not in html


# Past Certifications on the panel


def test_panel_lists_each_status(login, participant, coordinator, superseded):
    issue(
        participant,
        "MT-EXPD2345",
        name="Staff",
        issued_on=timezone.localdate() - timedelta(days=5 * 365),
    )
    withdrawn = issue(participant, "MT-GONE2345", name="Library Director, initial")
    certificate_withdraw(certificate=withdrawn, actor=coordinator, reason="Fraud")

    html = login(participant).get(PANEL).content.decode()

    successor = superseded.superseded_by
    successor_url = reverse("certifications:certificate", args=[successor.number])
    assert (
        f'<td>Superseded by <a href="{successor_url}">{successor.number}</a></td>'
        in (html)
    )
    assert "<td>Withdrawn</td>" in html
    assert "<td>Expired</td>" in html
    assert "<td>Valid</td>" in html
    assert "Fraud" not in html


def test_panel_links_superseded_only_to_successor(login, participant, superseded):
    html = login(participant).get(PANEL).content.decode()

    old_page = reverse("certifications:certificate", args=["MT-OLDN2345"])
    old_pdf = reverse("certifications:certificate_pdf", args=["MT-OLDN2345"])
    assert f'href="{old_page}"' not in html
    assert f'href="{old_pdf}"' not in html


def test_panel_query_count_constant(
    login, participant, coordinator, django_assert_max_num_queries
):
    client = login(participant)
    first = issue(participant, "MT-QONE2345")
    certificate_correct(
        certificate=first, actor=coordinator, holder_name="Pat Reader", reason="Typo"
    )
    client.get(PANEL)
    with django_assert_max_num_queries(100) as few:
        client.get(PANEL)

    for number, name in (
        ("MT-QTWO2345", "Staff"),
        ("MT-QTRE2345", "Library Director, initial"),
    ):
        certificate = issue(participant, number, name=name)
        certificate_correct(
            certificate=certificate,
            actor=coordinator,
            holder_name="Pat Reader",
            reason="Typo",
        )
    with django_assert_max_num_queries(len(few)):
        client.get(PANEL)
