import pytest
from django.urls import reverse

from ce_credits.models import Credit, CreditTransition

from ..factories import CreditFactory

pytestmark = pytest.mark.django_db


def url(credit):
    return reverse("ce_credits:credit_deny", args=[credit.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_shows_form(login, participant, supervisor):
    credit = CreditFactory(person=participant, title="Vendor product tour")

    response = login(supervisor).get(url(credit))

    assert response.status_code == 200
    assert "Vendor product tour" in response.content.decode()
    assert "Reason for the denial" in response.content.decode()


def test_denies_with_reason(login, participant, supervisor):
    credit = CreditFactory(person=participant, title="Vendor product tour")

    response = login(supervisor).post(
        url(credit), {"reason": "Vendor demos are not eligible."}, follow=True
    )

    credit.refresh_from_db()
    assert credit.status == Credit.Status.DENIED
    assert credit.denial_reason == "Vendor demos are not eligible."
    assert credit.decided_by == supervisor
    assert "Denied “Vendor product tour” for Pat Reader." in messages_of(response)


def test_records_transition(login, participant, supervisor):
    credit = CreditFactory(person=participant)

    login(supervisor).post(url(credit), {"reason": "Job orientation."})

    transition = CreditTransition.objects.get(
        credit=credit, action=CreditTransition.Action.DENY
    )
    assert transition.actor == supervisor
    assert transition.from_status == Credit.Status.PENDING
    assert transition.to_status == Credit.Status.DENIED
    assert transition.note == "Job orientation."


@pytest.mark.parametrize("reason", ["", "   "])
def test_reason_required(login, participant, supervisor, reason):
    credit = CreditFactory(person=participant)

    response = login(supervisor).post(url(credit), {"reason": reason})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["This field is required."]
    assert "This field is required." in response.content.decode()
    credit.refresh_from_db()
    assert credit.status == Credit.Status.PENDING
    assert not CreditTransition.objects.filter(
        action=CreditTransition.Action.DENY
    ).exists()


def test_coordinator_denies(login, outsider, coordinator):
    credit = CreditFactory(person=outsider)

    login(coordinator).post(url(credit), {"reason": "Recorded in 2019."})

    credit.refresh_from_db()
    assert credit.status == Credit.Status.DENIED


@pytest.mark.parametrize("persona", ["outsider", "participant", "board_chair"])
def test_out_of_scope_404(request, login, participant, supervisor, persona):
    user = request.getfixturevalue(persona)
    credit = CreditFactory(person=participant)
    client = login(user)

    assert client.get(url(credit)).status_code == 404
    assert client.post(url(credit), {"reason": "No."}).status_code == 404
    credit.refresh_from_db()
    assert credit.status == Credit.Status.PENDING


def test_double_submit_message(login, participant, supervisor):
    credit = CreditFactory(person=participant, title="First aid")
    client = login(supervisor)
    client.post(url(credit), {"reason": "General course."}, follow=True)

    response = client.post(url(credit), {"reason": "General course."}, follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [
        "“First aid” is already DENIED, so nothing was changed."
    ]


def test_login_required(client, participant):
    credit = CreditFactory(person=participant)

    response = client.get(url(credit))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_changed_credit_not_denied(login, participant, supervisor):
    credit = CreditFactory(person=participant, title="Summer reading kickoff")
    shown_fingerprint = credit.fingerprint
    Credit.objects.filter(pk=credit.pk).update(title="Summer reading finale")

    response = login(supervisor).post(
        url(credit), {"reason": "Not attended.", f"seen-{credit.pk}": shown_fingerprint}
    )

    credit.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 200
    assert credit.status == Credit.Status.PENDING
    assert "was changed after you opened the page" in html
    assert "Summer reading finale" in html
    assert "Not attended." in html
    assert f'value="{credit.fingerprint}"' in html


def test_unchanged_credit_denied(login, participant, supervisor):
    credit = CreditFactory(person=participant)

    login(supervisor).post(
        url(credit),
        {"reason": "Not attended.", f"seen-{credit.pk}": credit.fingerprint},
    )

    credit.refresh_from_db()
    assert credit.status == Credit.Status.DENIED
