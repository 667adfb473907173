from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..factories import CreditFactory
from .transcript_support import add_many_credits, credit_ending, local, verified

pytestmark = pytest.mark.django_db

URL = reverse("ce_credits:transcript")
CSV_URL = reverse("ce_credits:transcript_csv")
PDF_URL = reverse("ce_credits:transcript_pdf")


def listed_titles(response):
    return [row.credit.title for row in response.context["rows"]]


def queries_for(client, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, data or {})
    assert response.status_code == 200
    return len(queries)


def test_lists_own_credits(login, participant, outsider):
    CreditFactory(person=participant, title="Storytime basics")
    CreditFactory(person=outsider, title="Board governance")

    response = login(participant).get(URL)

    assert response.status_code == 200
    assert listed_titles(response) == ["Storytime basics"]
    assert "Board governance" not in response.content.decode()


def test_ignores_person_id_in_query(login, participant, outsider):
    CreditFactory(person=outsider, title="Board governance")

    response = login(participant).get(
        URL, {"person": outsider.pk, "person_id": outsider.pk}
    )

    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["transcript"].person == participant


def test_shows_totals(login, participant):
    expected = add_many_credits(participant, 8)

    response = login(participant).get(URL)

    totals = {
        line.category.name: line.credits
        for line in response.context["transcript"].category_totals
    }
    assert totals == expected
    assert response.context["transcript"].total == sum(expected.values())
    assert "All categories" in response.content.decode()


def test_pages_of_fifty(login, participant):
    expected = add_many_credits(participant, 120)
    client = login(participant)

    first = client.get(URL)
    last = client.get(URL, {"page": 3})

    assert len(first.context["rows"]) == 50
    assert len(last.context["rows"]) == 20
    assert first.context["page"].paginator.count == 120
    assert last.context["transcript"].total == sum(expected.values())


def test_page_links_keep_filter(login, participant):
    add_many_credits(participant, 60)

    response = login(participant).get(URL, {"status": "pending"})

    assert 'href="?status=pending&amp;page=2"' in response.content.decode()


def test_out_of_range_page_shows_last(login, participant):
    add_many_credits(participant, 60)

    response = login(participant).get(URL, {"page": 99})

    assert response.context["page"].number == 2


def test_filter_by_dates(login, participant):
    credit_ending(participant, local(2025, 2, 28, 23, 59), title="February")
    credit_ending(participant, local(2025, 3, 1, 0, 0), title="March first")
    credit_ending(participant, local(2025, 3, 31, 23, 30), title="March last")
    credit_ending(participant, local(2025, 4, 1, 0, 0), title="April")

    response = login(participant).get(
        URL, {"from_date": "2025-03-01", "to_date": "2025-03-31"}
    )

    assert listed_titles(response) == ["March first", "March last"]


def test_filter_by_status(login, participant, supervisor):
    CreditFactory(person=participant, title="Still pending")
    verified(participant, supervisor, title="Confirmed")

    response = login(participant).get(URL, {"status": "verified"})

    assert listed_titles(response) == ["Confirmed"]


def test_all_statuses_value(login, participant, supervisor):
    CreditFactory(person=participant, title="Still pending")
    verified(participant, supervisor, title="Confirmed")

    response = login(participant).get(URL, {"status": "all"})

    assert len(response.context["rows"]) == 2


def test_download_links_carry_filter(login, participant):
    response = login(participant).get(
        URL, {"from_date": "2025-03-01", "to_date": "2025-03-31", "status": "denied"}
    )

    query = "?from_date=2025-03-01&amp;to_date=2025-03-31&amp;status=denied"
    content = response.content.decode()
    assert f'href="{CSV_URL}{query}"' in content
    assert f'href="{PDF_URL}{query}"' in content


def test_download_links_without_filter(login, participant):
    content = login(participant).get(URL).content.decode()

    assert f'href="{CSV_URL}"' in content
    assert f'href="{PDF_URL}"' in content


def test_to_before_from_shows_error(login, participant):
    response = login(participant).get(
        URL, {"from_date": "2025-03-31", "to_date": "2025-03-01"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["to_date"] == [
        "The To date must be on or after the From date (March 31, 2025)."
    ]
    content = response.content.decode()
    assert "The To date must be on or after the From date" in content
    assert CSV_URL not in content
    assert "rows" not in response.context


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("from_date", "2025-02-30", "Enter a valid date."),
        ("to_date", "yesterday", "Enter a valid date."),
        ("status", "approved", "Select a valid choice."),
    ],
)
def test_invalid_value_shows_error(login, participant, field, value, message):
    response = login(participant).get(URL, {field: value})

    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert message in response.content.decode()


def test_error_beside_its_field(login, participant):
    response = login(participant).get(URL, {"from_date": "2025-02-30"})

    content = response.content.decode()
    field_at = content.index('id="id_from_date"')
    error_at = content.index("Enter a valid date.")
    next_field_at = content.index('id="id_to_date"')
    assert field_at < error_at < next_field_at


def test_empty_record_message(login, participant):
    response = login(participant).get(URL)

    assert "No credit is on your record yet." in response.content.decode()


def test_no_match_message(login, participant):
    CreditFactory(person=participant)

    response = login(participant).get(URL, {"status": "denied"})

    assert "No credit matches this filter." in response.content.decode()


def test_query_count_constant(login, participant, supervisor):
    client = login(participant)
    CreditFactory(person=participant)
    few = queries_for(client)

    add_many_credits(participant, 120)
    verified(participant, supervisor)

    assert queries_for(client) == few
    assert queries_for(client, {"page": 2, "from_date": "2000-01-01"}) == few


def test_anonymous_redirects_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_not_allowed(login, participant):
    response = login(participant).post(URL)

    assert response.status_code == 405


def test_filter_dates_shown_in_form(login, participant):
    response = login(participant).get(URL, {"from_date": "2025-03-01"})

    assert response.context["transcript"].criteria.from_date == date(2025, 3, 1)
    assert 'value="2025-03-01"' in response.content.decode()
