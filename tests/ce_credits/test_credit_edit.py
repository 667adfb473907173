from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits.forms import DATETIME_LOCAL_FORMAT
from ce_credits.models import Credit, CreditTransition
from certifications.models import TrackCredit

from ..factories import CatalogEventFactory, CreditFactory, TrackFactory

pytestmark = pytest.mark.django_db


def edit_url(credit):
    return reverse("ce_credits:credit_edit", args=[credit.pk])


def test_edit_form_shows_credit(login, participant):
    credit = CreditFactory(person=participant, title="Storytime skills")

    response = login(participant).get(edit_url(credit))

    assert response.status_code == 200
    assert response.context["form"].instance == credit
    html = response.content.decode()
    assert 'value="Storytime skills"' in html
    assert (
        f'value="{timezone.localtime(credit.end).strftime(DATETIME_LOCAL_FORMAT)}"'
        in html
    )


def test_edit_saves_change(login, participant, event_data):
    credit = CreditFactory(person=participant, title="Storytime skills")
    event_data["credits"] = "1.5"

    response = login(participant).post(edit_url(credit), event_data)

    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.title == "Readers' advisory for teens"
    assert credit.credits == Decimal("1.5")
    transition = CreditTransition.objects.get(credit=credit)
    assert transition.action == CreditTransition.Action.EDIT


def test_edit_rejects_invalid_input(login, participant, event_data):
    credit = CreditFactory(person=participant, title="Storytime skills")
    event_data["credits"] = "0.25"

    response = login(participant).post(edit_url(credit), event_data)

    assert response.status_code == 200
    assert "credits" in response.context["form"].errors
    assert "Edit “Storytime skills”" in response.content.decode()
    credit.refresh_from_db()
    assert credit.title == "Storytime skills"


def test_edit_404_for_other_person(login, participant, outsider):
    credit = CreditFactory(person=outsider)

    response = login(participant).get(edit_url(credit))

    assert response.status_code == 404


def test_edit_post_404_for_other_person(login, participant, outsider, event_data):
    credit = CreditFactory(person=outsider, title="Board basics")

    response = login(participant).post(edit_url(credit), event_data)

    assert response.status_code == 404
    credit.refresh_from_db()
    assert credit.title == "Board basics"


def test_verified_credit_not_editable(login, participant, supervisor, event_data):
    credit = CreditFactory(
        person=participant,
        title="Board basics",
        status=Credit.Status.VERIFIED,
        decided_by=supervisor,
        decided_at=timezone.now(),
    )

    response = login(participant).post(edit_url(credit), event_data)

    assert "form" not in response.context
    assert "This credit is VERIFIED" in response.content.decode()
    credit.refresh_from_db()
    assert credit.title == "Board basics"


def test_locked_credit_not_editable(login, participant, event_data):
    credit = CreditFactory(person=participant, title="Board basics")
    track = TrackFactory(
        person=participant, status="submitted", submitted_at=timezone.now()
    )
    TrackCredit.objects.create(track=track, credit=credit, kind=track.kind)

    response = login(participant).post(edit_url(credit), event_data)

    assert "A submitted certification track counts" in response.content.decode()
    credit.refresh_from_db()
    assert credit.title == "Board basics"


def test_catalogue_credit_not_editable(login, participant):
    event = CatalogEventFactory()
    credit = CreditFactory(
        person=participant,
        source=Credit.Source.CATALOG,
        catalog_event=event,
        begin=event.begin,
        end=event.end,
    )

    response = login(participant).get(edit_url(credit))

    assert "form" not in response.context
    assert "delete the claim instead" in response.content.decode()


def test_edit_requires_login(client, participant):
    credit = CreditFactory(person=participant)

    response = client.get(edit_url(credit))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_coursework_credit_not_editable(login, participant):
    credit = CreditFactory(person=participant, source=Credit.Source.COURSEWORK)

    response = login(participant).get(edit_url(credit))

    assert "form" not in response.context
    assert "Ask the coordinator to correct it." in response.content.decode()


def test_certified_credit_not_editable(login, participant, supervisor):
    credit = CreditFactory(
        person=participant,
        status=Credit.Status.VERIFIED,
        decided_by=supervisor,
        decided_at=timezone.now(),
    )
    track = TrackFactory(
        person=participant, status="issued", submitted_at=timezone.now()
    )
    TrackCredit.objects.create(track=track, credit=credit, kind=track.kind)

    response = login(participant).get(edit_url(credit))

    content = response.content.decode()
    assert "form" not in response.context
    assert "An issued certificate rests on this credit" in content
    assert "Ask the CE coordinator to correct it." not in content
