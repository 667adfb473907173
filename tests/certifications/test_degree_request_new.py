import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certifications.models import DegreeRequest
from certifications.periods import years_later

pytestmark = pytest.mark.django_db

URL = reverse("certifications:degree_request_new")
Status = DegreeRequest.Status


@pytest.fixture
def degree_data():
    return {
        "degree": DegreeRequest.Degree.MLIS,
        "institution": "University of Denver",
        "conferred_on": (timezone.localdate() - timedelta(days=200)).isoformat(),
        "official_name": "Rita Registrar",
        "official_email": "registrar@du.example",
    }


def post(client, data, capture):
    with capture(execute=True):
        return client.post(URL, data)


def test_form_renders_labels(login, participant):
    response = login(participant).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for label in (
        "Degree",
        "Institution",
        "Conferral date",
        "College official&#x27;s name",
        "College official&#x27;s email",
    ):
        assert label in html
    assert 'type="date"' in html


def test_anonymous_redirects_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_request_is_created(
    login, participant, degree_data, django_capture_on_commit_callbacks
):
    response = post(login(participant), degree_data, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == URL
    degree_request = DegreeRequest.objects.get()
    assert degree_request.person == participant
    assert degree_request.status == Status.AWAITING_OFFICIAL
    assert len(degree_request.link_nonce) == 32


def test_page_shows_status_after_request(
    login, participant, degree_data, django_capture_on_commit_callbacks
):
    client = login(participant)
    post(client, degree_data, django_capture_on_commit_callbacks)

    html = client.get(URL).content.decode()
    assert "Awaiting the college official" in html
    assert "University of Denver" in html
    assert "Send the request" not in html


def test_mail_link_opens_confirm_page(
    login,
    participant,
    degree_data,
    mailoutbox,
    client,
    django_capture_on_commit_callbacks,
):
    post(login(participant), degree_data, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["registrar@du.example"]
    assert "Pat Reader" in mail.subject
    match = re.search(re.escape(settings.SITE_URL) + r"(/\S+)", mail.body)
    assert match

    client.logout()
    response = client.get(match.group(1))
    assert response.status_code == 200
    assert "University of Denver" in response.content.decode()


def test_future_date_rejected(login, participant, degree_data):
    degree_data["conferred_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = login(participant).post(URL, degree_data)

    assert response.status_code == 200
    errors = response.context["form"].errors["conferred_on"]
    assert errors[0].startswith("The conferral date is in the future.")
    assert not DegreeRequest.objects.exists()


def test_date_too_old_rejected(login, participant, degree_data):
    four_years_ago = years_later(timezone.localdate(), -4)
    degree_data["conferred_on"] = (four_years_ago - timedelta(days=1)).isoformat()

    response = login(participant).post(URL, degree_data)

    errors = response.context["form"].errors["conferred_on"]
    assert errors[0].startswith("The degree was conferred more than four years ago")
    assert not DegreeRequest.objects.exists()


def test_exactly_four_years_accepted(
    login, participant, degree_data, django_capture_on_commit_callbacks
):
    four_years_ago = years_later(timezone.localdate(), -4)
    degree_data["conferred_on"] = four_years_ago.isoformat()

    response = post(login(participant), degree_data, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert DegreeRequest.objects.get().conferred_on == four_years_ago


def test_today_accepted(
    login, participant, degree_data, django_capture_on_commit_callbacks
):
    degree_data["conferred_on"] = timezone.localdate().isoformat()

    response = post(login(participant), degree_data, django_capture_on_commit_callbacks)

    assert response.status_code == 302


def test_own_email_rejected(login, participant, degree_data):
    degree_data["official_email"] = "PAT@lclib.example"

    response = login(participant).post(URL, degree_data)

    assert response.context["form"].errors["official_email"] == [
        "Enter the address of a college official, such as the registrar or a "
        "dean, not your own."
    ]
    assert not DegreeRequest.objects.exists()


def test_account_email_rejected(login, participant, supervisor, degree_data):
    degree_data["official_email"] = "Dana@LClib.example"

    response = login(participant).post(URL, degree_data)

    assert response.context["form"].errors["official_email"] == [
        "This address belongs to an account on this site. Enter the college "
        "address of the registrar or a dean, who confirms degrees for the "
        "college."
    ]
    assert not DegreeRequest.objects.exists()


def test_second_open_request_rejected(
    login, participant, degree_data, django_capture_on_commit_callbacks
):
    client = login(participant)
    post(client, degree_data, django_capture_on_commit_callbacks)

    response = client.post(URL, degree_data, follow=True)

    assert DegreeRequest.objects.count() == 1
    assert "You already have a degree request" in response.content.decode()


def test_new_request_after_decline(
    login, participant, degree_data, django_capture_on_commit_callbacks
):
    client = login(participant)
    post(client, degree_data, django_capture_on_commit_callbacks)
    DegreeRequest.objects.update(status=Status.DECLINED, answered_at=timezone.now())

    response = post(client, degree_data, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert DegreeRequest.objects.count() == 2


def test_page_lists_only_own_requests(
    login, participant, outsider, degree_data, django_capture_on_commit_callbacks
):
    post(login(outsider), degree_data, django_capture_on_commit_callbacks)

    html = login(participant).get(URL).content.decode()

    assert "University of Denver" not in html
    assert "Send the request" in html
