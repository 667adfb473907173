from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from certifications.certificates import certificate_correct, certificate_withdraw
from certifications.models import Certificate, CertificateTransition, Track

from ..factories import TrackFactory, track_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(participant):
    track = TrackFactory(
        person=participant,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    certificate = Certificate.objects.create(
        track=track,
        person=participant,
        number="MT-HIST2345",
        holder_name="Pat Raeder",
        track_name="Trustee",
        issued_on=date(2026, 3, 2),
        expires_on=date(2030, 3, 2),
    )
    CertificateTransition.objects.create(
        certificate=certificate,
        action=CertificateTransition.Action.ISSUE,
        to_status=certificate.status,
        note="First issue",
    )
    return certificate


def url(number):
    return reverse("certifications:certificate", args=[number])


def history_rows(html):
    section = html.split('id="history-heading"', 1)[1]
    return section.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]


def correct(certificate, actor, holder_name="Pat Reader"):
    return certificate_correct(
        certificate=certificate,
        actor=actor,
        holder_name=holder_name,
        reason="Typo in surname",
    )


def test_coordinator_sees_history(login, coordinator, certificate):
    html = login(coordinator).get(url(certificate.number)).content.decode()

    rows = history_rows(html)
    assert len(rows) == 1
    assert "First issue" in rows[0]
    assert "Issued" in rows[0]
    assert "Automatic" in rows[0]


def test_history_spans_the_chain(login, coordinator, certificate):
    middle = correct(certificate, coordinator)
    newest = correct(middle, coordinator, holder_name="Patricia Reader")

    for number in (certificate.number, middle.number, newest.number):
        html = login(coordinator).get(url(number)).content.decode()

        rows = history_rows(html)
        assert len(rows) == 5
        assert "First issue" in rows[0]
        assert "Corrected" in rows[1]
        assert "Casey Coordinator" in rows[1]
        assert "(issued to superseded)" in rows[1]
        assert "Typo in surname" in rows[1]
        assert certificate.number in rows[2]
        assert middle.number in rows[3]
        assert newest.number in rows[4]


def test_history_shows_withdrawal(login, coordinator, certificate):
    certificate_withdraw(certificate=certificate, actor=coordinator, reason="Fraud")

    html = login(coordinator).get(url(certificate.number)).content.decode()

    rows = history_rows(html)
    assert "Withdrawn" in rows[1]
    assert "(issued to withdrawn)" in rows[1]
    assert "Fraud" in rows[1]


def test_holder_sees_no_history(login, participant, certificate):
    html = login(participant).get(url(certificate.number)).content.decode()

    assert 'id="history-heading"' not in html
    assert "First issue" not in html


def test_coordinator_sees_change_buttons(login, coordinator, certificate):
    html = login(coordinator).get(url(certificate.number)).content.decode()

    correct_url = reverse("certifications:certificate_correct", args=["MT-HIST2345"])
    withdraw_url = reverse("certifications:certificate_withdraw", args=["MT-HIST2345"])
    assert f'href="{correct_url}"' in html
    assert f'href="{withdraw_url}"' in html


def test_no_buttons_once_superseded(login, coordinator, certificate):
    correct(certificate, coordinator)

    html = login(coordinator).get(url(certificate.number)).content.decode()

    assert "Correct name" not in html
    assert ">Withdraw<" not in html


def test_holder_sees_no_buttons(login, participant, certificate):
    html = login(participant).get(url(certificate.number)).content.decode()

    assert "Correct name" not in html
    assert ">Withdraw<" not in html


def test_query_count(login, coordinator, certificate, django_assert_num_queries):
    newest = correct(correct(certificate, coordinator), coordinator, "Patricia Reader")
    client = login(coordinator)
    client.get(url(newest.number))

    # Session, user, groups, the menu's verifier test, certificate, history.
    with django_assert_num_queries(6):
        client.get(url(newest.number))
