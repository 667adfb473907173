import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ce_credits import links
from ce_credits.models import Credit

from ..factories import CatalogEventFactory, CreditFactory
from .link_support import (
    deny_url,
    expire_in_database,
    open_link,
    page_url,
    token_signed_days_ago,
    trustee_with_external_chair,
    verify_url,
)
from .proof_files import add_proof

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def trustee(library):
    return trustee_with_external_chair(library)


@pytest.fixture
def link(trustee):
    return open_link(trustee)


@pytest.fixture
def token(link):
    return links.link_token(link)


def test_lists_pending_credits(client, trustee, token):
    first = CreditFactory(
        person=trustee,
        title="Open meeting law",
        sponsor="Montana Library Association",
        presenter="L. Counsel",
        description="A session on board meetings.",
    )
    second = CreditFactory(person=trustee, title="Trustee orientation")

    response = client.get(page_url(token))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Verify the credits of Terry Trustee" in html
    assert "Trustee, Lewis and Clark Library, Helena" in html
    assert "Dear Bea Chair," in html
    assert "Open meeting law" in html
    assert "Montana Library Association" in html
    assert "L. Counsel" in html
    assert "A session on board meetings." in html
    assert "Trustee orientation" in html
    for credit in (first, second):
        assert f'action="{verify_url(token, credit)}"' in html
        assert f'action="{deny_url(token, credit)}"' in html


def test_lists_only_this_persons_pending(
    client, trustee, participant, supervisor, token
):
    CreditFactory(person=trustee, title="Trustee orientation")
    CreditFactory(person=participant, title="Storytime for toddlers")
    CreditFactory(
        person=trustee,
        title="Already verified",
        status=Credit.Status.VERIFIED,
        decided_by=supervisor,
        decided_at=timezone.now(),
    )

    response = client.get(page_url(token))

    html = response.content.decode()
    rows = response.context["rows"]
    assert [row.credit.title for row in rows] == ["Trustee orientation"]
    assert "Storytime for toddlers" not in html
    assert "Already verified" not in html


def test_catalogue_claim_listed(client, trustee, token):
    event = CatalogEventFactory(title="Budget season for boards")
    CreditFactory(
        person=trustee,
        source=Credit.Source.CATALOG,
        catalog_event=event,
        title=event.title,
        presenter="",
    )

    html = client.get(page_url(token)).content.decode()

    assert "Budget season for boards" in html
    assert "Catalogue event" in html
    assert "Not given" in html


def test_deny_fields_have_unique_ids(client, trustee, token):
    first = CreditFactory(person=trustee)
    second = CreditFactory(person=trustee)

    html = client.get(page_url(token)).content.decode()

    assert f'id="id_credit-{first.pk}-reason"' in html
    assert f'id="id_credit-{second.pk}-reason"' in html


def test_both_forms_carry_fingerprint(client, trustee, token):
    credit = CreditFactory(person=trustee)

    html = client.get(page_url(token)).content.decode()

    hidden = f'name="seen-{credit.pk}" value="{credit.fingerprint}"'
    assert html.count(hidden) == 2


def test_nothing_pending_says_so(client, token):
    response = client.get(page_url(token))

    assert response.status_code == 200
    assert "No credits of Terry Trustee are waiting" in response.content.decode()


def test_lists_proofs_beside_credits(client, trustee, token, media_root):
    with_proof = CreditFactory(person=trustee, title="Open meeting law")
    proof = add_proof(with_proof, name="attendance.pdf")
    CreditFactory(person=trustee, title="Trustee orientation")

    html = client.get(page_url(token)).content.decode()

    download = reverse("ce_credits:link_proof_download", args=[token, proof.pk])
    assert f'<a href="{download}">attendance.pdf</a>' in html
    assert reverse("ce_credits:proof_download", args=[proof.pk]) not in html
    assert html.count("No proof of attendance attached") == 1


def test_query_count_fixed(
    client, trustee, token, media_root, django_assert_max_num_queries
):
    for _ in range(5):
        credit = CreditFactory(person=trustee)
        add_proof(credit)
        add_proof(credit, name="photo.pdf")

    # The link, the verifier check, the credits, their proofs and the seat.
    with django_assert_max_num_queries(5):
        response = client.get(page_url(token))

    assert len(response.context["rows"]) == 5
    assert response.content.decode().count("photo.pdf") == 5


def test_page_not_cached(client, trustee, token):
    response = client.get(page_url(token))

    assert "no-store" in response["Cache-Control"]


def test_get_changes_nothing(client, trustee, token):
    credit = CreditFactory(person=trustee)

    client.get(page_url(token))

    credit.refresh_from_db()
    assert credit.status == Credit.Status.PENDING


def test_tampered_token_gets_404(client, token):
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(page_url(tampered))

    assert response.status_code == 404
    assert "This link is not valid." in response.content.decode()


def test_expired_token_gets_410(client, trustee, link):
    CreditFactory(person=trustee)

    response = client.get(page_url(token_signed_days_ago(link, 31)))

    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()


def test_expired_in_database_gets_410(client, trustee, link, token):
    CreditFactory(person=trustee)
    expire_in_database(link)

    response = client.get(page_url(token))

    assert response.status_code == 410


def test_replaced_link_gets_410(client, trustee, token):
    CreditFactory(person=trustee)
    links.verifier_link_send(person=trustee, fresh=True)

    response = client.get(page_url(token))

    assert response.status_code == 410
    assert "replaced by a newer one" in response.content.decode()


def test_used_up_link_gets_410(client, trustee, token):
    credit = CreditFactory(person=trustee)
    client.post(verify_url(token, credit))

    response = client.get(page_url(token))

    assert response.status_code == 410
    assert "Every credit this link listed has been decided" in (
        response.content.decode()
    )


def test_logged_in_user_sees_page(login, trustee, outsider, token):
    CreditFactory(person=trustee, title="Trustee orientation")

    response = login(outsider).get(page_url(token))

    assert response.status_code == 200
    assert "Trustee orientation" in response.content.decode()


def test_csrf_cookie_set_and_checked(trustee, token):
    credit = CreditFactory(person=trustee)
    CreditFactory(person=trustee)
    browser = Client(enforce_csrf_checks=True)

    browser.get(page_url(token))
    cookie = browser.cookies["csrftoken"].value
    rejected = Client(enforce_csrf_checks=True).post(verify_url(token, credit))
    accepted = browser.post(verify_url(token, credit), {"csrfmiddlewaretoken": cookie})

    assert rejected.status_code == 403
    assert accepted.status_code == 302
    credit.refresh_from_db()
    assert credit.status == Credit.Status.VERIFIED


def test_post_not_allowed(client, token):
    assert client.post(page_url(token)).status_code == 405
