"""Rejecting an independent learning event that repeats one of the person's credits."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ce_credits import proofs, services
from ce_credits.forms import DATETIME_LOCAL_FORMAT
from ce_credits.models import Credit, ProofFile

from ..factories import CatalogEventFactory, CreditFactory, category
from .proof_files import PDF, upload

pytestmark = pytest.mark.django_db

URL = reverse("ce_credits:independent_new")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def local(text):
    """Return the aware datetime of a datetime-local form value."""
    return timezone.make_aware(datetime.strptime(text, DATETIME_LOCAL_FORMAT))


def saved_like(person, event_data, **fields):
    """Store a credit of `person` with the title and times of `event_data`."""
    return CreditFactory(
        person=person,
        title=event_data["title"],
        begin=local(event_data["begin"]),
        end=local(event_data["end"]),
        **fields,
    )


def edit_url(credit):
    return reverse("ce_credits:credit_edit", args=[credit.pk])


def test_second_submit_saves_nothing(login, participant, event_data):
    client = login(participant)
    client.post(URL, event_data)

    response = client.post(URL, event_data)

    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    credit = Credit.objects.get(person=participant)
    times = services._format_event_times(credit)
    assert error == (
        "Nothing was saved, because this event repeats “Readers' advisory for "
        f"teens” from {times}, which is already among your credits as PENDING. "
        "If you attended a different event, check its title, begin and end."
    )


def test_message_shows_local_times(participant):
    begin = timezone.make_aware(datetime(2026, 3, 4, 9, 0))
    credit = CreditFactory(person=participant, begin=begin, end=begin.replace(hour=11))
    two_days = CreditFactory(
        person=participant, begin=begin, end=begin + timedelta(days=1, hours=3)
    )

    assert services._format_event_times(credit) == "March 4, 2026, 9 a.m. to 11 a.m."
    assert (
        services._format_event_times(two_days)
        == "March 4, 2026, 9 a.m. to March 5, 2026, noon"
    )


def test_title_ignores_case_and_spacing(login, participant, event_data):
    saved_like(participant, event_data)
    event_data["title"] = "  READERS'   advisory for Teens "

    response = login(participant).post(URL, event_data)

    assert "Nothing was saved" in response.context["form"].non_field_errors()[0]
    assert Credit.objects.filter(person=participant).count() == 1


def test_names_status_of_verified_credit(login, participant, supervisor, event_data):
    saved_like(
        participant,
        event_data,
        status=Credit.Status.VERIFIED,
        decided_by=supervisor,
        decided_at=timezone.now(),
    )

    response = login(participant).post(URL, event_data)

    assert (
        "among your credits as VERIFIED"
        in response.context["form"].non_field_errors()[0]
    )


def test_repeat_of_catalogue_claim_rejected(login, participant, event_data):
    event = CatalogEventFactory(
        title=event_data["title"],
        begin=local(event_data["begin"]),
        end=local(event_data["end"]),
    )
    services.credit_claim_event(person=participant, event=event)

    response = login(participant).post(URL, event_data)

    assert response.status_code == 200
    assert "as PENDING" in response.context["form"].non_field_errors()[0]
    assert Credit.objects.filter(person=participant).count() == 1


def test_denied_credit_does_not_block(login, participant, supervisor, event_data):
    saved_like(
        participant,
        event_data,
        status=Credit.Status.DENIED,
        denial_reason="No proof of attendance.",
        decided_by=supervisor,
        decided_at=timezone.now(),
    )

    response = login(participant).post(URL, event_data)

    assert response.status_code == 302
    assert Credit.objects.filter(person=participant).count() == 2


@pytest.mark.parametrize("name", ["begin", "end"])
def test_other_times_saved(login, participant, event_data, name):
    saved_like(participant, event_data)
    moved = local(event_data[name]) - timedelta(minutes=30)
    event_data[name] = moved.strftime(DATETIME_LOCAL_FORMAT)

    response = login(participant).post(URL, event_data)

    assert response.status_code == 302
    assert Credit.objects.filter(person=participant).count() == 2


def test_other_title_saved(login, participant, event_data):
    saved_like(participant, event_data)
    event_data["title"] = "Readers' advisory for adults"

    response = login(participant).post(URL, event_data)

    assert response.status_code == 302


def test_same_event_of_another_person_saved(login, participant, outsider, event_data):
    saved_like(outsider, event_data)

    response = login(participant).post(URL, event_data)

    assert response.status_code == 302
    assert Credit.objects.filter(person=participant).exists()


def test_repeat_with_proofs_stores_no_file(participant, tmp_path):
    credit = CreditFactory(person=participant)
    fields = {
        name: getattr(credit, name)
        for name in ("title", "begin", "end", "sponsor", "presenter", "category")
    }

    with pytest.raises(ValidationError, match="Nothing was saved"):
        proofs.credit_add_with_proofs(
            person=participant,
            uploads=[upload(PDF, "certificate.pdf")],
            credits=credit.credits,
            **fields,
        )

    assert Credit.objects.count() == 1
    assert not ProofFile.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_check_locks_person_row(participant, monkeypatch):
    locked = []
    monkeypatch.setattr(services, "_lock_person", locked.append)
    credit = CreditFactory.build(person=participant, category=category())

    services.check_duplicate(credit)

    assert locked == [participant.pk]


def test_edit_into_repeat_rejected(login, participant, event_data):
    other = saved_like(participant, event_data)
    credit = CreditFactory(person=participant, title="Storytime skills")

    response = login(participant).post(edit_url(credit), event_data)

    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert f"repeats “{other.title}”" in error
    credit.refresh_from_db()
    assert credit.title == "Storytime skills"


def test_edit_of_other_fields_not_checked(login, participant, event_data):
    # A claimed catalogue event may share an independent credit's title and
    # times, because the database rule covers independent credits only.
    event = CatalogEventFactory(
        title=event_data["title"],
        begin=local(event_data["begin"]),
        end=local(event_data["end"]),
    )
    services.credit_claim_event(person=participant, event=event)
    credit = saved_like(participant, event_data)
    event_data["description"] = "Book talks for grades 7 to 12."

    response = login(participant).post(edit_url(credit), event_data)

    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.description == "Book talks for grades 7 to 12."


def test_update_service_rejects_repeat(participant):
    other = CreditFactory(person=participant)
    credit = CreditFactory(person=participant, title="Storytime skills")

    with pytest.raises(ValidationError, match="Nothing was saved") as raised:
        services.credit_update(
            credit=credit,
            actor=participant,
            title=other.title.upper(),
            begin=other.begin,
            end=other.end,
        )

    assert raised.value.code == "duplicate"


@pytest.mark.parametrize("title", ["Webinar on grants", "WEBINAR ON GRANTS"])
def test_database_rejects_exact_repeat(participant, title):
    credit = CreditFactory(person=participant, title="Webinar on grants")

    with pytest.raises(IntegrityError), transaction.atomic():
        CreditFactory(
            person=participant, title=title, begin=credit.begin, end=credit.end
        )


def test_database_allows_repeat_of_denied(participant, supervisor):
    credit = CreditFactory(
        person=participant,
        status=Credit.Status.DENIED,
        denial_reason="Not a library topic.",
        decided_by=supervisor,
        decided_at=timezone.now(),
    )

    CreditFactory(
        person=participant, title=credit.title, begin=credit.begin, end=credit.end
    )

    assert Credit.objects.filter(title=credit.title).count() == 2
