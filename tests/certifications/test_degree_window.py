"""The four-year window of a degree, checked again when the college confirms
and when the coordinator issues."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certifications import degree
from certifications.models import Certificate, DegreeRequest, Track
from certifications.periods import years_later

pytestmark = pytest.mark.django_db

Status = DegreeRequest.Status
TODAY = date(2026, 3, 10)
# The earliest conferral date that still qualifies on TODAY.
LAST_QUALIFYING = date(2022, 3, 10)
ONE_DAY = timedelta(days=1)
QUEUE = reverse("certifications:degree_queue")


@pytest.fixture
def today(monkeypatch):
    """Fix the site's date, so that the window ends on a known day."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def make_request(person, conferred_on, status=Status.AWAITING_OFFICIAL):
    return DegreeRequest.objects.create(
        person=person,
        degree=DegreeRequest.Degree.MLIS,
        institution="University of Washington",
        conferred_on=conferred_on,
        official_name="Rae Registrar",
        official_email="registrar@uw.example",
        link_nonce="c" * 32,
        status=status,
        answered_at=None if status == Status.AWAITING_OFFICIAL else timezone.now(),
    )


def confirm_url(degree_request):
    return reverse(
        "certifications:degree_confirm", args=[degree.link_token(degree_request)]
    )


def issue_url(degree_request):
    return reverse("certifications:degree_issue", args=[degree_request.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_window_boundary_is_four_years(today):
    assert years_later(LAST_QUALIFYING) == today
    assert degree.qualifies_until(LAST_QUALIFYING - ONE_DAY) == today - ONE_DAY


def test_confirm_on_last_day(client, today, participant):
    degree_request = make_request(participant, LAST_QUALIFYING)

    response = client.post(confirm_url(degree_request))

    degree_request.refresh_from_db()
    assert response.status_code == 200
    assert "You confirmed" in response.content.decode()
    assert degree_request.status == Status.CONFIRMED


def test_confirm_day_after_closes(
    client,
    today,
    participant,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    degree_request = make_request(participant, LAST_QUALIFYING - ONE_DAY)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(degree_request))

    html = " ".join(response.content.decode().split())
    degree_request.refresh_from_db()
    assert response.status_code == 200
    assert "The degree no longer qualifies" in html
    assert "conferred on March 9, 2022" in html
    assert "until March 9, 2026, and that day has passed" in html
    assert "You confirmed" not in html
    assert degree_request.status == Status.TOO_OLD
    assert degree_request.answered_at is not None
    assert [mail.to for mail in mailoutbox] == [["pat@lclib.example"]]
    assert mailoutbox[0].subject == "Your degree request is closed"
    assert "qualified for the Library Director certificate until March 9, 2026" in (
        mailoutbox[0].body
    )


def test_confirm_day_after_records_official(client, today, participant):
    degree_request = make_request(participant, LAST_QUALIFYING - ONE_DAY)

    client.post(confirm_url(degree_request))

    transition = degree_request.transitions.get()
    assert transition.actor is None
    assert transition.from_status == Status.AWAITING_OFFICIAL
    assert transition.to_status == Status.TOO_OLD
    assert transition.note == (
        "Rae Registrar <registrar@uw.example> confirmed the degree through the "
        "emailed link. The degree conferred on 2022-03-09 qualified only until "
        "2026-03-09, so the request was closed."
    )


def test_closed_link_cannot_be_used_again(client, today, participant):
    degree_request = make_request(participant, LAST_QUALIFYING - ONE_DAY)
    link = confirm_url(degree_request)
    client.post(link)

    response = client.get(link)

    assert response.status_code == 410
    assert "already answered" in response.content.decode()


def test_decline_after_window_still_declines(client, today, participant):
    degree_request = make_request(participant, LAST_QUALIFYING - ONE_DAY)
    token = degree.link_token(degree_request)

    client.post(
        reverse("certifications:degree_decline", args=[token]),
        {"note": "Wrong date."},
    )

    degree_request.refresh_from_db()
    assert degree_request.status == Status.DECLINED


def test_answer_raises_after_closing(today, participant):
    degree_request = make_request(participant, LAST_QUALIFYING - ONE_DAY)

    with pytest.raises(ValidationError) as caught:
        degree.degree_request_answer(degree_request=degree_request, confirmed=True)

    degree_request.refresh_from_db()
    assert caught.value.code == "too_old"
    assert degree_request.status == Status.TOO_OLD


def test_issue_on_last_day(login, today, coordinator, supervisor):
    degree_request = make_request(supervisor, LAST_QUALIFYING, Status.CONFIRMED)

    response = login(coordinator).post(issue_url(degree_request), follow=True)

    certificate = Certificate.objects.get()
    degree_request.refresh_from_db()
    assert certificate.issued_on == today
    assert degree_request.status == Status.ISSUED
    assert messages_of(response) == [
        f"Certificate {certificate.number} issued to Dana Director by degree."
    ]


def test_issue_day_after_closes(
    login,
    today,
    coordinator,
    supervisor,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    degree_request = make_request(
        supervisor, LAST_QUALIFYING - ONE_DAY, Status.CONFIRMED
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(issue_url(degree_request), follow=True)

    degree_request.refresh_from_db()
    assert response.redirect_chain == [(QUEUE, 302)]
    assert messages_of(response) == [
        "No certificate was issued, because Dana Director's MLIS degree "
        "qualified only until March 9, 2026. The request is now closed, and "
        "Dana Director has been emailed to earn the certificate with CE "
        "credits instead."
    ]
    assert not Certificate.objects.exists()
    assert not Track.objects.exists()
    assert degree_request.status == Status.TOO_OLD
    assert response.context["confirmed"] == []
    assert [mail.to for mail in mailoutbox] == [["dana@lclib.example"]]


def test_issue_day_after_records_coordinator(login, today, coordinator, supervisor):
    degree_request = make_request(
        supervisor, LAST_QUALIFYING - ONE_DAY, Status.CONFIRMED
    )

    login(coordinator).post(issue_url(degree_request))

    transition = degree_request.transitions.get()
    assert transition.actor == coordinator
    assert transition.from_status == Status.CONFIRMED
    assert transition.to_status == Status.TOO_OLD
    assert transition.note.startswith("Not issued. The degree conferred on 2022-")


def test_leap_day_degree_window(monkeypatch, coordinator, supervisor):
    # A degree conferred on 29 February qualifies until 28 February four years
    # later, leap year or not.
    degree_request = make_request(supervisor, date(2024, 2, 29), Status.CONFIRMED)
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2028, 2, 29))

    with pytest.raises(ValidationError) as caught:
        degree.certificate_issue_by_degree(
            degree_request=degree_request, actor=coordinator
        )

    assert caught.value.code == "too_old"
    assert "qualified only until Feb. 28, 2028" in caught.value.messages[0]


def test_leap_day_degree_last_day(monkeypatch, coordinator, supervisor):
    degree_request = make_request(supervisor, date(2024, 2, 29), Status.CONFIRMED)
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2028, 2, 28))

    certificate = degree.certificate_issue_by_degree(
        degree_request=degree_request, actor=coordinator
    )

    assert certificate.issued_on == date(2028, 2, 28)


def test_closed_request_allows_new_one(
    login, today, coordinator, supervisor, django_capture_on_commit_callbacks
):
    old = make_request(supervisor, LAST_QUALIFYING - ONE_DAY, Status.CONFIRMED)
    login(coordinator).post(issue_url(old))

    with django_capture_on_commit_callbacks(execute=True):
        new = degree.degree_request_create(
            person=supervisor,
            degree=DegreeRequest.Degree.MLS,
            institution="University of Washington",
            conferred_on=date(2025, 6, 14),
            official_name="Rae Registrar",
            official_email="registrar@uw.example",
        )

    assert new.status == Status.AWAITING_OFFICIAL


def test_person_sees_closed_status(login, today, coordinator, supervisor):
    degree_request = make_request(
        supervisor, LAST_QUALIFYING - ONE_DAY, Status.CONFIRMED
    )
    login(coordinator).post(issue_url(degree_request))

    response = login(supervisor).get(reverse("certifications:degree_request_new"))

    assert "Closed: the degree is more than four years old" in (
        response.content.decode()
    )
