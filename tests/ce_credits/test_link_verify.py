from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ce_credits import links
from ce_credits.models import Credit, CreditTransition
from certifications import services as track_services
from certifications.models import Track

from ..factories import CreditFactory, TrackFactory, category, track_type
from .link_support import (
    CHAIR_EMAIL,
    CHAIR_NAME,
    open_link,
    page_url,
    token_in,
    token_signed_days_ago,
    trustee_with_external_chair,
    verify_url,
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


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_verifies_through_link(client, trustee, link, token):
    credit = CreditFactory(person=trustee, title="Open meeting law")
    CreditFactory(person=trustee)

    response = client.post(verify_url(token, credit), follow=True)

    credit.refresh_from_db()
    assert credit.status == Credit.Status.VERIFIED
    assert credit.decided_via_link == link
    assert credit.decided_by is None
    assert credit.decided_at is not None
    assert response.redirect_chain[-1][0] == page_url(token)
    assert messages_of(response) == ["Verified “Open meeting law”."]


def test_records_transition(client, trustee, link, token):
    credit = CreditFactory(person=trustee)
    CreditFactory(person=trustee)

    client.post(verify_url(token, credit))

    transition = CreditTransition.objects.get(
        credit=credit, action=CreditTransition.Action.VERIFY
    )
    assert transition.actor is None
    assert transition.via_link == link
    assert transition.person == trustee
    assert transition.from_status == Credit.Status.PENDING
    assert transition.to_status == Credit.Status.VERIFIED
    assert CHAIR_NAME in transition.note
    assert CHAIR_EMAIL in transition.note


def test_last_credit_uses_up_link(client, trustee, link, token):
    credit = CreditFactory(person=trustee, title="Open meeting law")

    response = client.post(verify_url(token, credit))

    link.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 200
    assert link.closed_at is not None
    assert "Every pending credit of Terry Trustee has been decided" in html
    assert "Verified “Open meeting law”." in html


def test_other_persons_credit_404(client, trustee, participant, token):
    CreditFactory(person=trustee)
    other = CreditFactory(person=participant)

    response = client.post(verify_url(token, other))

    other.refresh_from_db()
    assert response.status_code == 404
    assert other.status == Credit.Status.PENDING


def test_missing_credit_404(client, trustee, token):
    credit = CreditFactory(person=trustee)

    response = client.post(verify_url(token, credit).replace(f"/{credit.pk}/", "/0/"))

    assert response.status_code == 404


def test_decided_credit_message(client, trustee, token):
    credit = CreditFactory(person=trustee, title="Open meeting law")
    CreditFactory(person=trustee)
    client.post(verify_url(token, credit), follow=True)

    response = client.post(verify_url(token, credit), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [
        "“Open meeting law” is already VERIFIED, so nothing was changed."
    ]
    assert (
        CreditTransition.objects.filter(
            credit=credit, action=CreditTransition.Action.VERIFY
        ).count()
        == 1
    )


def test_expired_link_changes_nothing(client, trustee, link):
    credit = CreditFactory(person=trustee)

    response = client.post(verify_url(token_signed_days_ago(link, 31), credit))

    credit.refresh_from_db()
    assert response.status_code == 410
    assert credit.status == Credit.Status.PENDING


def test_replaced_link_changes_nothing(client, trustee, token):
    credit = CreditFactory(person=trustee)
    links.verifier_link_send(person=trustee, fresh=True)

    response = client.post(verify_url(token, credit))

    credit.refresh_from_db()
    assert response.status_code == 410
    assert credit.status == Credit.Status.PENDING


def test_changed_credit_not_verified(client, trustee, token):
    credit = CreditFactory(person=trustee, title="Open meeting law")
    CreditFactory(person=trustee)
    fingerprint_shown = credit.fingerprint
    Credit.objects.filter(pk=credit.pk).update(title="Open meeting law, part 2")

    response = client.post(
        verify_url(token, credit), {f"seen-{credit.pk}": fingerprint_shown}, follow=True
    )

    credit.refresh_from_db()
    assert credit.status == Credit.Status.PENDING
    assert response.redirect_chain[-1][0] == page_url(token)
    assert messages_of(response) == [
        "“Open meeting law, part 2” was changed after you opened the page. "
        "Review its new details and decide again."
    ]
    html = response.content.decode()
    assert "Open meeting law, part 2" in html
    assert f'name="seen-{credit.pk}" value="{credit.fingerprint}"' in html


def test_unchanged_credit_verified(client, trustee, token):
    credit = CreditFactory(person=trustee)
    CreditFactory(person=trustee)

    client.post(verify_url(token, credit), {f"seen-{credit.pk}": credit.fingerprint})

    credit.refresh_from_db()
    assert credit.status == Credit.Status.VERIFIED


def test_service_rejects_changed_credit(trustee, link):
    credit = CreditFactory(person=trustee, credits=Decimal(2))
    fingerprint_shown = credit.fingerprint
    Credit.objects.filter(pk=credit.pk).update(credits=Decimal(6))

    with pytest.raises(ValidationError) as caught:
        links.link_credit_verify(link=link, credit=credit, seen=fingerprint_shown)

    assert caught.value.code == "changed"
    credit.refresh_from_db()
    assert credit.status == Credit.Status.PENDING


def test_get_redirects_to_page(client, trustee, token):
    credit = CreditFactory(person=trustee)

    response = client.get(verify_url(token, credit))

    credit.refresh_from_db()
    assert response.status_code == 302
    assert response.url == page_url(token)
    assert credit.status == Credit.Status.PENDING


def test_service_rejects_other_persons_credit(trustee, participant, link):
    CreditFactory(person=trustee)
    other = CreditFactory(person=participant)

    with pytest.raises(PermissionDenied):
        links.link_credit_verify(link=link, credit=other)

    other.refresh_from_db()
    assert other.status == Credit.Status.PENDING


def test_service_rejects_decided_credit(trustee, link):
    credit = CreditFactory(person=trustee)
    CreditFactory(person=trustee)
    links.link_credit_verify(link=link, credit=credit)

    with pytest.raises(ValidationError) as caught:
        links.link_credit_verify(link=link, credit=credit)

    assert caught.value.code == "decided"


def test_service_rejects_closed_link(trustee, link):
    credit = CreditFactory(person=trustee)
    links.verifier_links_close(person=trustee)

    with pytest.raises(links.ClosedLink):
        links.link_credit_verify(link=link, credit=credit)

    credit.refresh_from_db()
    assert credit.status == Credit.Status.PENDING


def test_last_verification_issues_certificate(
    client, trustee, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    track = TrackFactory(person=trustee, track_type=track_type("Trustee"))
    CreditFactory(person=trustee, credits=Decimal(10))
    CreditFactory(person=trustee, credits=Decimal(5), category=category("Technology"))
    with django_capture_on_commit_callbacks(execute=True):
        track_services.track_submit(track=track, actor=trustee)
    track_services.track_approve(track=track, actor=coordinator)
    token = token_in(mailoutbox[-1].body)
    first, last = trustee.credits.order_by("pk")

    client.post(verify_url(token, first))
    track.refresh_from_db()
    assert track.status == Track.Status.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(verify_url(token, last))

    track.refresh_from_db()
    certificate = track.certificate
    assert response.status_code == 200
    assert track.status == Track.Status.ISSUED
    assert certificate.holder_name == "Terry Trustee"
    assert certificate.issued_by == coordinator
    issue = track.transitions.get(to_status=Track.Status.ISSUED)
    assert issue.actor is None
    assert "through an emailed link" in issue.note
    assert mailoutbox[-1].to == [trustee.email]
    assert Track.objects.open().filter(person=trustee).count() == 1
