import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from certifications import degree
from certifications.models import DegreeRequest

pytestmark = pytest.mark.django_db


def create(person, **overrides):
    fields = {
        "degree": DegreeRequest.Degree.MLS,
        "institution": "University of Washington",
        "conferred_on": timezone.localdate() - timedelta(days=100),
        "official_name": "Dean Wells",
        "official_email": "dean@uw.example",
        **overrides,
    }
    return degree.degree_request_create(person=person, **fields)


def test_create_sets_random_nonce(participant, outsider):
    first = create(participant)
    second = create(outsider)

    assert len(first.link_nonce) == 32
    assert first.link_nonce != second.link_nonce


def test_create_mails_official_on_commit(
    participant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        degree_request = create(participant)

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    prefix = re.escape(settings.SITE_URL + "/ce/degree/confirm/")
    match = re.search(prefix + r"([^/\s]+)/", body)
    assert match, body
    assert degree.degree_request_from_token(match.group(1)) == degree_request
    assert "Master of Library Science (MLS)" in body
    assert "30 days" in body


def test_create_sends_nothing_before_commit(participant, mailoutbox):
    create(participant)

    assert mailoutbox == []


def test_link_not_logged(
    participant, caplog, django_capture_on_commit_callbacks, mailoutbox
):
    with caplog.at_level("DEBUG"), django_capture_on_commit_callbacks(execute=True):
        degree_request = create(participant)

    token = re.search(r"/ce/degree/confirm/([^/\s]+)/", mailoutbox[0].body).group(1)
    assert "degree_confirm_request.txt sent" in caplog.text
    assert token not in caplog.text
    assert degree_request.link_nonce not in caplog.text


def test_create_rejects_future_date(participant):
    with pytest.raises(ValidationError):
        create(participant, conferred_on=timezone.localdate() + timedelta(days=1))

    assert not DegreeRequest.objects.exists()


def test_create_rejects_own_email(participant):
    with pytest.raises(ValidationError):
        create(participant, official_email=participant.email)

    assert not DegreeRequest.objects.exists()


def test_create_rejects_second_open(participant):
    create(participant)

    with pytest.raises(ValidationError) as caught:
        create(participant)

    assert caught.value.code == "open_request"
    assert DegreeRequest.objects.count() == 1


def test_create_rejects_invalid_email(participant):
    with pytest.raises(ValidationError):
        create(participant, official_email="not an address")

    assert not DegreeRequest.objects.exists()
