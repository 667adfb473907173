import pytest
from django.urls import reverse

from ce_credits.models import Credit, CreditTransition

from ..factories import CreditFactory

pytestmark = pytest.mark.django_db

URL = reverse("ce_credits:deny_selected")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def statuses(credits):
    return [Credit.objects.get(pk=credit.pk).status for credit in credits]


def test_denies_selection(login, participant, supervisor):
    credits = CreditFactory.create_batch(2, person=participant)

    response = login(supervisor).post(
        URL,
        {
            "credit": [credit.pk for credit in credits],
            "reason": "Not on a library topic.",
        },
        follow=True,
    )

    assert statuses(credits) == [Credit.Status.DENIED] * 2
    assert messages_of(response) == ["Denied 2 credits."]
    reasons = Credit.objects.values_list("denial_reason", flat=True)
    assert set(reasons) == {"Not on a library topic."}


def test_records_transitions(login, participant, supervisor):
    credit = CreditFactory(person=participant)

    login(supervisor).post(URL, {"credit": [credit.pk], "reason": "Duplicate."})

    transition = CreditTransition.objects.get(action=CreditTransition.Action.DENY)
    assert transition.credit == credit
    assert transition.actor == supervisor
    assert transition.from_status == Credit.Status.PENDING
    assert transition.to_status == Credit.Status.DENIED
    assert transition.note == "Duplicate."


def test_reason_required(login, participant, supervisor):
    credits = CreditFactory.create_batch(2, person=participant)
    ids = [credit.pk for credit in credits]

    response = login(supervisor).post(URL, {"credit": ids, "reason": " "})

    assert response.status_code == 200
    assert response.context["deny_form"].errors["reason"] == ["This field is required."]
    assert response.context["selected"] == set(ids)
    assert statuses(credits) == [Credit.Status.PENDING] * 2


def test_reason_error_keeps_selection(login, participant, supervisor):
    selected = CreditFactory(person=participant)
    CreditFactory(person=participant)

    response = login(supervisor).post(URL, {"credit": [selected.pk], "reason": ""})

    html = response.content.decode()
    assert f'value="{selected.pk}" id="select-{selected.pk}" checked' in html
    assert html.count(" checked>") == 1


def test_out_of_scope_id_rejects_all(login, participant, supervisor, outsider):
    mine = CreditFactory(person=participant)
    foreign = CreditFactory(person=outsider)

    response = login(supervisor).post(
        URL, {"credit": [mine.pk, foreign.pk], "reason": "Duplicate."}, follow=True
    )

    assert statuses([mine, foreign]) == [Credit.Status.PENDING] * 2
    assert messages_of(response)[0].startswith("Nothing was changed, because 1 of")


def test_empty_selection_message(login, supervisor):
    response = login(supervisor).post(URL, {"reason": "Duplicate."}, follow=True)

    assert messages_of(response) == ["Select at least one credit first."]


def test_get_not_allowed(login, supervisor):
    assert login(supervisor).get(URL).status_code == 405
