import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits.models import Credit, CreditTransition

from ..factories import CreditFactory

pytestmark = pytest.mark.django_db

URL = reverse("ce_credits:verify_selected")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def statuses(credits):
    return [Credit.objects.get(pk=credit.pk).status for credit in credits]


def test_verifies_selection(login, participant, supervisor):
    credits = CreditFactory.create_batch(3, person=participant)

    response = login(supervisor).post(
        URL, {"credit": [credit.pk for credit in credits]}, follow=True
    )

    assert statuses(credits) == [Credit.Status.VERIFIED] * 3
    assert messages_of(response) == ["Verified 3 credits."]
    assert response.redirect_chain[-1][0] == reverse("ce_credits:verify_queue")


def test_records_transitions(login, participant, supervisor):
    credits = CreditFactory.create_batch(2, person=participant)

    login(supervisor).post(URL, {"credit": [credit.pk for credit in credits]})

    transitions = CreditTransition.objects.filter(action=CreditTransition.Action.VERIFY)
    assert {transition.credit for transition in transitions} == set(credits)
    assert {transition.actor for transition in transitions} == {supervisor}


def test_leaves_unselected(login, participant, supervisor):
    selected = CreditFactory(person=participant)
    other = CreditFactory(person=participant)

    login(supervisor).post(URL, {"credit": [selected.pk]})

    assert statuses([selected, other]) == [
        Credit.Status.VERIFIED,
        Credit.Status.PENDING,
    ]


def test_out_of_scope_id_rejects_all(login, participant, supervisor, outsider):
    mine = CreditFactory(person=participant)
    foreign = CreditFactory(person=outsider)

    response = login(supervisor).post(
        URL, {"credit": [mine.pk, foreign.pk]}, follow=True
    )

    assert statuses([mine, foreign]) == [Credit.Status.PENDING] * 2
    assert messages_of(response) == [
        "Nothing was changed, because 1 of the selected credits is not waiting "
        "for your decision. Reload the list and select again."
    ]


def test_own_credit_rejects_all(login, participant, supervisor):
    staff_credit = CreditFactory(person=participant)
    own_credit = CreditFactory(person=supervisor)

    login(supervisor).post(URL, {"credit": [staff_credit.pk, own_credit.pk]})

    assert statuses([staff_credit, own_credit]) == [Credit.Status.PENDING] * 2


def test_decided_id_rejects_all(login, participant, supervisor):
    pending = CreditFactory(person=participant)
    denied = CreditFactory(
        person=participant,
        status=Credit.Status.DENIED,
        denial_reason="Business meeting.",
        decided_by=supervisor,
        decided_at=timezone.now(),
    )

    response = login(supervisor).post(
        URL, {"credit": [pending.pk, denied.pk]}, follow=True
    )

    assert statuses([pending, denied]) == [
        Credit.Status.PENDING,
        Credit.Status.DENIED,
    ]
    assert "Nothing was changed" in messages_of(response)[0]


def test_unknown_id_rejects_all(login, participant, supervisor):
    credit = CreditFactory(person=participant)

    login(supervisor).post(URL, {"credit": [credit.pk, "x"]})

    assert statuses([credit]) == [Credit.Status.PENDING]


def test_empty_selection_message(login, supervisor):
    response = login(supervisor).post(URL, {}, follow=True)

    assert messages_of(response) == ["Select at least one credit first."]


def test_board_chair_cannot_verify_staff(login, participant, board_chair):
    credit = CreditFactory(person=participant)

    login(board_chair).post(URL, {"credit": [credit.pk]})

    assert statuses([credit]) == [Credit.Status.PENDING]


def test_coordinator_verifies_anyone(login, participant, outsider, coordinator):
    credits = [CreditFactory(person=participant), CreditFactory(person=outsider)]

    login(coordinator).post(URL, {"credit": [credit.pk for credit in credits]})

    assert statuses(credits) == [Credit.Status.VERIFIED] * 2


def test_get_not_allowed(login, supervisor):
    assert login(supervisor).get(URL).status_code == 405


def test_login_required(client, participant):
    credit = CreditFactory(person=participant)

    response = client.post(URL, {"credit": [credit.pk]})

    assert response.status_code == 302
    assert statuses([credit]) == [Credit.Status.PENDING]


def test_changed_credit_rejects_all(login, participant, supervisor):
    unchanged, changed = CreditFactory.create_batch(2, person=participant)
    data = {
        "credit": [unchanged.pk, changed.pk],
        f"seen-{unchanged.pk}": unchanged.fingerprint,
        f"seen-{changed.pk}": changed.fingerprint,
    }
    Credit.objects.filter(pk=changed.pk).update(title="Another webinar")

    response = login(supervisor).post(URL, data, follow=True)

    assert statuses([unchanged, changed]) == ["pending", "pending"]
    assert messages_of(response) == [
        "Nothing was changed. “Another webinar” was changed after you opened "
        "the page. Review its new details and decide again."
    ]
