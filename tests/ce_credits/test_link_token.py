import pytest
from django.core.signing import TimestampSigner

from accounts.models import Position
from ce_credits import links

from ..factories import CreditFactory
from .link_support import (
    expire_in_database,
    open_link,
    token_signed_days_ago,
    trustee_with_external_chair,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trustee(library):
    person = trustee_with_external_chair(library)
    CreditFactory(person=person)
    return person


@pytest.fixture
def link(trustee):
    return open_link(trustee)


def test_open_link_returned(link):
    found = links.verifier_link_from_token(links.link_token(link))

    assert found == link
    assert found.person.get_full_name() == "Terry Trustee"


def test_tampered_token_invalid(link):
    token = links.link_token(link)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    with pytest.raises(links.InvalidLink) as caught:
        links.verifier_link_from_token(tampered)

    assert caught.value.status == 404
    assert caught.value.message.startswith("This link is not valid.")


def test_garbage_token_invalid(link):
    with pytest.raises(links.InvalidLink):
        links.verifier_link_from_token("not-a-token")


def test_other_salt_invalid(link):
    token = TimestampSigner(salt="other").sign(f"{link.pk}:{link.nonce}")

    with pytest.raises(links.InvalidLink):
        links.verifier_link_from_token(token)


def test_wrong_nonce_invalid(link):
    token = TimestampSigner(salt=links.LINK_SALT).sign(f"{link.pk}:{'0' * 32}")

    with pytest.raises(links.InvalidLink) as caught:
        links.verifier_link_from_token(token)

    assert caught.value.status == 404


def test_missing_link_invalid(link):
    token = TimestampSigner(salt=links.LINK_SALT).sign(f"{link.pk + 1}:{link.nonce}")

    with pytest.raises(links.InvalidLink):
        links.verifier_link_from_token(token)


def test_signature_of_31_days_expired(link):
    token = token_signed_days_ago(link, 31)

    with pytest.raises(links.ExpiredLink) as caught:
        links.verifier_link_from_token(token)

    assert caught.value.status == 410
    assert caught.value.message.startswith("This link has expired.")


def test_signature_of_29_days_works(link):
    token = token_signed_days_ago(link, 29)

    assert links.verifier_link_from_token(token) == link


def test_expiry_in_database_checked(link):
    token = links.link_token(link)
    expire_in_database(link)

    with pytest.raises(links.ExpiredLink):
        links.verifier_link_from_token(token)


def test_replaced_link_closed(trustee, link):
    token = links.link_token(link)
    links.verifier_link_send(person=trustee, fresh=True)

    with pytest.raises(links.ClosedLink) as caught:
        links.verifier_link_from_token(token)

    assert caught.value.status == 410
    assert "replaced by a newer one" in caught.value.message


def test_used_up_link_closed(trustee, link):
    credit = trustee.credits.get()
    token = links.link_token(link)
    links.link_credit_verify(link=link, credit=credit)

    with pytest.raises(links.ClosedLink) as caught:
        links.verifier_link_from_token(token)

    assert "Every credit this link listed has been decided" in caught.value.message


def test_closed_link_for_reassigned_verifier(trustee, link):
    token = links.link_token(link)
    links.verifier_links_close(person=trustee)

    with pytest.raises(links.ClosedLink) as caught:
        links.verifier_link_from_token(token)

    assert "another verifier now confirms these credits" in caught.value.message


def test_changed_position_closes_link(trustee, link):
    Position.objects.filter(person=trustee).update(
        verifier_name="Nell Newchair", verifier_email="nell@lcboard.example"
    )

    with pytest.raises(links.ClosedLink) as caught:
        links.verifier_link_from_token(links.link_token(link))

    assert "another verifier now confirms these credits" in caught.value.message
