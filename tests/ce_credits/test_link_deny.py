import pytest
from django.core.exceptions import ValidationError

from ce_credits import links
from ce_credits.models import Credit, CreditTransition

from ..factories import CreditFactory
from .link_support import (
    CHAIR_EMAIL,
    CHAIR_NAME,
    deny_url,
    open_link,
    page_url,
    trustee_with_external_chair,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trustee(library):
    return trustee_with_external_chair(library)


@pytest.fixture
def link(trustee):
    return open_link(trustee)


@pytest.fixture
def token(link):
    return links.link_token(link)


def reason_data(credit, reason):
    return {f"credit-{credit.pk}-reason": reason}


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_denies_with_reason(client, trustee, link, token):
    credit = CreditFactory(person=trustee, title="Vendor product demo")
    CreditFactory(person=trustee)

    response = client.post(
        deny_url(token, credit),
        reason_data(credit, "  A vendor demo does not count.  "),
        follow=True,
    )

    credit.refresh_from_db()
    assert credit.status == Credit.Status.DENIED
    assert credit.denial_reason == "A vendor demo does not count."
    assert credit.decided_via_link == link
    assert credit.decided_by is None
    assert credit.decided_at is not None
    assert response.redirect_chain[-1][0] == page_url(token)
    assert messages_of(response) == ["Denied “Vendor product demo”."]


def test_records_transition(client, trustee, link, token):
    credit = CreditFactory(person=trustee)
    CreditFactory(person=trustee)

    client.post(deny_url(token, credit), reason_data(credit, "Not attended."))

    transition = CreditTransition.objects.get(
        credit=credit, action=CreditTransition.Action.DENY
    )
    assert transition.actor is None
    assert transition.via_link == link
    assert transition.from_status == Credit.Status.PENDING
    assert transition.to_status == Credit.Status.DENIED
    assert CHAIR_NAME in transition.note
    assert CHAIR_EMAIL in transition.note
    assert "Not attended." in transition.note


@pytest.mark.parametrize("reason", ["", "   "])
def test_reason_required(client, trustee, token, reason):
    credit = CreditFactory(person=trustee, title="Vendor product demo")
    other = CreditFactory(person=trustee)

    response = client.post(deny_url(token, credit), reason_data(credit, reason))

    credit.refresh_from_db()
    rows = {row.credit.pk: row for row in response.context["rows"]}
    assert response.status_code == 200
    assert credit.status == Credit.Status.PENDING
    assert not CreditTransition.objects.filter(credit=credit).exists()
    assert rows[credit.pk].deny_form.errors == {"reason": ["This field is required."]}
    assert not rows[other.pk].deny_form.is_bound
    assert f'id="error_1_id_credit-{credit.pk}-reason"' in response.content.decode()


def test_last_credit_uses_up_link(client, trustee, link, token):
    credit = CreditFactory(person=trustee)

    response = client.post(deny_url(token, credit), reason_data(credit, "Duplicate."))

    link.refresh_from_db()
    assert response.status_code == 200
    assert link.closed_at is not None
    assert "Every pending credit of Terry Trustee has been decided" in (
        response.content.decode()
    )


def test_other_persons_credit_404(client, trustee, participant, token):
    CreditFactory(person=trustee)
    other = CreditFactory(person=participant)

    response = client.post(deny_url(token, other), reason_data(other, "Duplicate."))

    other.refresh_from_db()
    assert response.status_code == 404
    assert other.status == Credit.Status.PENDING


def test_decided_credit_message(client, trustee, token):
    credit = CreditFactory(person=trustee, title="Vendor product demo")
    CreditFactory(person=trustee)
    client.post(deny_url(token, credit), reason_data(credit, "Duplicate."), follow=True)

    response = client.post(
        deny_url(token, credit), reason_data(credit, "Again."), follow=True
    )

    credit.refresh_from_db()
    assert messages_of(response) == [
        "“Vendor product demo” is already DENIED, so nothing was changed."
    ]
    assert credit.denial_reason == "Duplicate."


def test_tampered_token_gets_404(client, trustee, token):
    credit = CreditFactory(person=trustee)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.post(deny_url(tampered, credit), reason_data(credit, "No."))

    credit.refresh_from_db()
    assert response.status_code == 404
    assert credit.status == Credit.Status.PENDING


def test_get_redirects_to_page(client, trustee, token):
    credit = CreditFactory(person=trustee)

    response = client.get(deny_url(token, credit))

    assert response.status_code == 302
    assert response.url == page_url(token)


@pytest.mark.parametrize("reason", ["", "  "])
def test_service_requires_reason(trustee, link, reason):
    credit = CreditFactory(person=trustee)

    with pytest.raises(ValidationError) as caught:
        links.link_credit_deny(link=link, credit=credit, reason=reason)

    assert "reason" in caught.value.error_dict
    credit.refresh_from_db()
    assert credit.status == Credit.Status.PENDING


def test_changed_credit_not_denied(client, trustee, token):
    credit = CreditFactory(person=trustee, sponsor="Montana Library Association")
    CreditFactory(person=trustee)
    fingerprint_shown = credit.fingerprint
    Credit.objects.filter(pk=credit.pk).update(sponsor="Montana State Library")

    response = client.post(
        deny_url(token, credit),
        {
            **reason_data(credit, "No record of attendance."),
            f"seen-{credit.pk}": fingerprint_shown,
        },
    )

    credit.refresh_from_db()
    assert credit.status == Credit.Status.PENDING
    assert response.status_code == 200
    assert messages_of(response) == [
        f"“{credit.title}” was changed after you opened the page. Review its "
        "new details and decide again."
    ]
    html = response.content.decode()
    assert "Montana State Library" in html
    assert "No record of attendance." in html
    assert f'name="seen-{credit.pk}" value="{credit.fingerprint}"' in html


def test_unchanged_credit_denied(client, trustee, token):
    credit = CreditFactory(person=trustee)
    CreditFactory(person=trustee)

    client.post(
        deny_url(token, credit),
        {
            **reason_data(credit, "Not attended."),
            f"seen-{credit.pk}": credit.fingerprint,
        },
    )

    credit.refresh_from_db()
    assert credit.status == Credit.Status.DENIED


def test_service_rejects_changed_credit(trustee, link):
    credit = CreditFactory(person=trustee, title="Board basics")
    fingerprint_shown = credit.fingerprint
    Credit.objects.filter(pk=credit.pk).update(title="Board basics, revised")

    with pytest.raises(ValidationError) as caught:
        links.link_credit_deny(
            link=link, credit=credit, reason="Not attended.", seen=fingerprint_shown
        )

    assert caught.value.code == "changed"
    credit.refresh_from_db()
    assert credit.status == Credit.Status.PENDING
