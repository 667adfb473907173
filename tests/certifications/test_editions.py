from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from certifications import services
from certifications.models import CategoryMinimum, Edition, Track, TrackType
from certifications.progress import requirements_of

from ..factories import CreditFactory, TrackFactory, category, track_type

pytestmark = pytest.mark.django_db


def test_editions_loaded():
    names = set(Edition.objects.values_list("name", flat=True))

    assert names == {"2009", "2023", "2026"}
    assert Edition.objects.get(is_current=True).name == "2023"


def test_2009_administrator_requirements():
    administrator = track_type("Library Administrator", edition="2009")
    minimums = {
        minimum.category.name: minimum.credits
        for minimum in administrator.minimums.select_related("category")
    }

    assert administrator.total_credits == 60
    assert minimums["Library Administration"] == 20
    assert minimums["Technology"] == 10
    assert len(minimums) == 4
    assert administrator.next_type == track_type("Library Director, renewal")


def test_older_edition_cannot_be_added(participant):
    with pytest.raises(ValidationError, match="current program edition"):
        services.track_add(
            person=participant,
            track_type=track_type("Library Staff", edition="2009"),
            actor=participant,
        )

    assert not Track.objects.filter(person=participant).exists()


def test_older_edition_track_can_be_submitted(participant):
    track = TrackFactory(
        person=participant, track_type=track_type("Trustee", edition="2009")
    )
    CreditFactory(person=participant, credits=Decimal("10"))
    CreditFactory(
        person=participant, credits=Decimal("5"), category=category("Technology")
    )

    services.track_submit(track=track, actor=participant)

    track.refresh_from_db()
    assert track.status == Track.Status.SUBMITTED
    assert track.requirements["edition"] == "2009"


def test_edition_change_leaves_submitted_track(participant):
    track = TrackFactory(person=participant, track_type=track_type("Trustee"))
    CreditFactory(person=participant, credits=Decimal("10"))
    CreditFactory(
        person=participant, credits=Decimal("5"), category=category("Technology")
    )
    services.track_submit(track=track, actor=participant)

    TrackType.objects.filter(pk=track.track_type_id).update(total_credits=90)
    CategoryMinimum.objects.filter(track_type=track.track_type_id).update(
        credits=Decimal("40")
    )

    track = Track.objects.for_panel().get(pk=track.pk)
    requirements = requirements_of(track)
    assert requirements.total == 15
    assert requirements.minimums[0].credits == 10
    assert services.progress_of(track).is_complete


def test_edition_change_moves_open_track(participant):
    track = TrackFactory(person=participant, track_type=track_type("Trustee"))

    TrackType.objects.filter(pk=track.track_type_id).update(total_credits=20)

    track = Track.objects.for_panel().get(pk=track.pk)
    assert requirements_of(track).total == 20
