from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import VerifierChange
from ce_credits.models import CatalogEvent

from .factories import CreditFactory, UserFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_coordinator(coordinator):
    coordinator.is_staff = True
    coordinator.save(update_fields=["is_staff"])
    return coordinator


def event_form(**fields):
    end = timezone.localtime() - timedelta(days=1)
    begin = end - timedelta(hours=2)
    return {
        "title": "Summer reading kickoff",
        "sponsor": "Montana State Library",
        "category": category("Library Services to the Public").pk,
        "credits": "2",
        "begin_0": begin.strftime("%Y-%m-%d"),
        "begin_1": begin.strftime("%H:%M:%S"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M:%S"),
        "delivery": "webinar",
        "description": "",
        "source_url": "",
        **fields,
    }


def test_coordinator_adds_catalog_event(login, admin_coordinator):
    response = login(admin_coordinator).post(
        reverse("admin:ce_credits_catalogevent_add"), event_form()
    )

    assert response.status_code == 302
    assert CatalogEvent.objects.get().title == "Summer reading kickoff"


def test_catalog_event_quarter_credit_rejected(login, admin_coordinator):
    response = login(admin_coordinator).post(
        reverse("admin:ce_credits_catalogevent_add"), event_form(credits="0.25")
    )

    assert response.status_code == 200
    assert not CatalogEvent.objects.exists()


def test_credit_is_read_only(login, admin_coordinator, participant):
    credit = CreditFactory(person=participant, title="Original title")
    client = login(admin_coordinator)

    page = client.get(reverse("admin:ce_credits_credit_change", args=[credit.pk]))
    client.post(
        reverse("admin:ce_credits_credit_change", args=[credit.pk]),
        {"title": "Changed"},
    )

    credit.refresh_from_db()
    assert page.status_code == 200
    assert credit.title == "Original title"


def test_staff_without_group_refused(login):
    clerk = UserFactory(is_staff=True)

    response = login(clerk).get(reverse("admin:ce_credits_catalogevent_changelist"))

    assert response.status_code == 403


def test_participant_sent_to_admin_login(login, participant):
    response = login(participant).get(reverse("admin:index"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def change_form_data(response):
    """Return the POST data of an admin change form as the page shows it."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                value = [str(item) for item in value]
            data[form.add_prefix(name)] = value
    return data


def test_admin_verifier_change_recorded(login, admin_coordinator, participant):
    url = reverse("admin:accounts_user_change", args=[participant.pk])
    client = login(admin_coordinator)
    data = change_form_data(client.get(url))
    data["positions-0-verifier_name"] = "Bea Chair"
    data["positions-0-verifier_email"] = "bea@lcboard.example"

    response = client.post(url, data)

    assert response.status_code == 302
    change = VerifierChange.objects.get(person=participant)
    assert change.actor == admin_coordinator
    assert change.from_verifier == "the default for the position"
    assert change.to_verifier == "Bea Chair <bea@lcboard.example>, without an account"


def test_admin_title_change_not_recorded(login, admin_coordinator, participant):
    url = reverse("admin:accounts_user_change", args=[participant.pk])
    client = login(admin_coordinator)
    data = change_form_data(client.get(url))
    data["positions-0-title"] = "Senior reference librarian"

    response = client.post(url, data)

    assert response.status_code == 302
    assert not VerifierChange.objects.exists()
