import time

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits.views import transcripts

from ..factories import CreditFactory
from .transcript_support import add_many_credits, credit_ending, denied, local

pytestmark = pytest.mark.django_db

URL = reverse("ce_credits:transcript_pdf")
# A generous bound for 250 credits (18 pages), so that a slow CI machine passes
# too. It catches a rendering that slows down many times over, not a small drift.
MAX_SECONDS = 30


def person_url(person):
    return reverse("ce_credits:person_transcript_pdf", args=[person.pk])


@pytest.fixture
def rendered_html(monkeypatch):
    """Record the HTML that the views hand to WeasyPrint."""
    pages = []
    real_html = transcripts.HTML

    def recording_html(*, string, **kwargs):
        pages.append(string)
        return real_html(string=string, **kwargs)

    monkeypatch.setattr(transcripts, "HTML", recording_html)
    return pages


def test_own_pdf(login, participant):
    CreditFactory(person=participant)

    response = login(participant).get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_filename(login, participant):
    response = login(participant).get(URL)

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="transcript-pat-reader-{today}.pdf"'
    )


def test_pdf_of_250_credits(login, participant):
    add_many_credits(participant, 250)
    client = login(participant)

    started = time.monotonic()
    response = client.get(URL)
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert elapsed < MAX_SECONDS


def test_html_has_person_and_position(login, participant, rendered_html):
    login(participant).get(URL)

    html = rendered_html[0]
    assert "Pat Reader" in html
    assert "Lewis and Clark Library, Helena" in html
    assert "Staff (Staff)" in html


def test_html_has_filter(login, participant, rendered_html):
    login(participant).get(
        URL, {"from_date": "2025-03-01", "to_date": "2025-03-31", "status": "denied"}
    )

    html = rendered_html[0]
    assert "March 1, 2025 to March 31, 2025" in html
    assert "DENIED only" in html


def test_html_without_filter(login, participant, rendered_html):
    login(participant).get(URL)

    html = rendered_html[0]
    assert "any date" in html
    assert "All statuses" in html


def test_html_has_rows_and_totals(login, participant, supervisor, rendered_html):
    credit_ending(participant, local(2025, 3, 10), title="Storytime basics")
    denied(participant, supervisor, title="Vendor demo", reason="A sales pitch.")

    login(participant).get(URL)

    html = rendered_html[0]
    assert "Storytime basics" in html
    assert "Vendor demo" in html
    assert "Reason: A sales pitch." in html
    assert "Collection Management and Technical Services" in html
    assert "All categories" in html
    assert "Credits (2)" in html


def test_html_lists_every_row(login, participant, rendered_html):
    add_many_credits(participant, 120)

    login(participant).get(URL)

    html = rendered_html[0]
    titles = participant.credits.values_list("title", flat=True)
    assert len(titles) == 120
    assert [title for title in titles if f"<td>{title}<br>" not in html] == []
    assert "Credits (120)" in html


def test_html_escapes_markup(login, participant, rendered_html):
    CreditFactory(person=participant, title='<img src="http://127.0.0.1:9/x.png">')

    login(participant).get(URL)

    html = rendered_html[0]
    assert "<img" not in html
    assert "&lt;img" in html


def test_invalid_filter_gets_400(login, participant):
    response = login(participant).get(URL, {"to_date": "2025-02-30"})

    assert response.status_code == 400
    assert "To: Enter a valid date." in response.content.decode()


def test_own_credits_only(login, participant, outsider, rendered_html):
    CreditFactory(person=outsider, title="Board governance")

    login(participant).get(URL, {"person": outsider.pk})

    assert "Board governance" not in rendered_html[0]
    assert "Pat Reader" in rendered_html[0]


def test_coordinator_downloads_anyones(login, coordinator, participant, rendered_html):
    CreditFactory(person=participant, title="Storytime basics")

    response = login(coordinator).get(person_url(participant))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "Storytime basics" in rendered_html[0]
    assert "Pat Reader" in rendered_html[0]


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404_on_person_url(login, request, participant, persona):
    user = request.getfixturevalue(persona)

    response = login(user).get(person_url(participant))

    assert response.status_code == 404


def test_unknown_person_gets_404(login, coordinator):
    url = reverse("ce_credits:person_transcript_pdf", args=[999999])

    assert login(coordinator).get(url).status_code == 404


def test_anonymous_redirects_to_login(client, participant):
    for url in (URL, person_url(participant)):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
