from datetime import timedelta

import pytest
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
        degree=DegreeRequest.Degree.MLS,
        institution="University of Oklahoma",
        conferred_on=timezone.localdate() - timedelta(days=90),
        official_name="Rae Registrar",
        official_email="registrar@ou.example",
        link_nonce="f" * 32,
    )


def test_answer_confirms(degree_request):
    answered = degree.degree_request_answer(
        degree_request=degree_request, confirmed=True, note=""
    )

    assert answered.status == Status.CONFIRMED
    assert answered.answered_at is not None


def test_answer_declines_with_note(degree_request):
    degree.degree_request_answer(
        degree_request=degree_request, confirmed=False, note=" Not a graduate. "
    )

    degree_request.refresh_from_db()
    assert degree_request.status == Status.DECLINED
    assert degree_request.official_note == "Not a graduate."


@pytest.mark.parametrize("confirmed", [True, False])
def test_second_answer_rejected(degree_request, confirmed):
    degree.degree_request_answer(degree_request=degree_request, confirmed=True)

    with pytest.raises(ValidationError) as caught:
        degree.degree_request_answer(degree_request=degree_request, confirmed=confirmed)

    degree_request.refresh_from_db()
    assert caught.value.code == "answered"
    assert degree_request.status == Status.CONFIRMED
