import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from certifications import degree
from certifications.models import DegreeRequest

pytestmark = pytest.mark.django_db

Status = DegreeRequest.Status


@pytest.fixture
def degree_request(participant):
    return DegreeRequest.objects.create(
        person=participant,
        degree=DegreeRequest.Degree.MIS,
        institution="University of Michigan",
        conferred_on=timezone.localdate() - timedelta(days=90),
        official_name="Rae Registrar",
        official_email="registrar@umich.example",
        link_nonce="g" * 32,
    )


def token_in(body):
    """Return the token of the confirmation link in a mail body."""
    prefix = re.escape(settings.SITE_URL + "/ce/degree/confirm/")
    match = re.search(prefix + r"([^/\s]+)/", body)
    assert match, body
    return match.group(1)


def test_send_mails_working_link(degree_request, mailoutbox):
    sent = degree.degree_link_send(degree_request)

    token = token_in(mailoutbox[0].body)
    assert sent is True
    assert mailoutbox[0].to == ["registrar@umich.example"]
    assert degree.degree_request_from_token(token) == degree_request


def test_token_signs_pk_and_nonce(degree_request):
    token = degree.link_token(degree_request)

    assert token.startswith(f"{degree_request.pk}:{'g' * 32}:")


def test_resend_changes_nonce(
    degree_request, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        degree.degree_link_resend(degree_request=degree_request, actor=coordinator)

    degree_request.refresh_from_db()
    token = token_in(mailoutbox[0].body)
    assert degree_request.link_nonce != "g" * 32
    assert len(mailoutbox) == 1
    assert token.startswith(f"{degree_request.pk}:{degree_request.link_nonce}:")


def test_resend_rejected_after_answer(degree_request, coordinator):
    degree.degree_request_answer(degree_request=degree_request, confirmed=False)

    with pytest.raises(ValidationError) as caught:
        degree.degree_link_resend(degree_request=degree_request, actor=coordinator)

    assert caught.value.code == "answered"
