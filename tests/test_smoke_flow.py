from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ce_credits import services as credit_services
from certifications import services
from certifications.models import Track

from .factories import CreditFactory, category, track_type

pytestmark = pytest.mark.django_db


def test_trustee_flow_issues_certificate(participant, supervisor, coordinator):
    track = services.track_add(
        person=participant, track_type=track_type("Trustee"), actor=participant
    )
    Track.objects.filter(pk=track.pk).update(
        started_on=timezone.localdate() - timedelta(days=30)
    )
    credits = [
        CreditFactory(person=participant, credits=Decimal("10")),
        CreditFactory(
            person=participant,
            credits=Decimal("5"),
            category=category("Technology"),
        ),
    ]
    track.refresh_from_db()
    assert services.progress_of(track).is_complete

    services.track_submit(track=track, actor=participant)
    services.track_approve(track=track, actor=coordinator)
    for credit in credits:
        credit_services.credit_verify(credit=credit, actor=supervisor)

    track.refresh_from_db()
    assert track.status == Track.Status.ISSUED
    assert track.certificate.number.startswith("MT-")
    assert Track.objects.filter(person=participant).open().count() == 1
