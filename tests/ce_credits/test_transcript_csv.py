import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ce_credits.models import Credit

from ..factories import CreditFactory, UserFactory, category
from .transcript_support import (
    add_many_credits,
    credit_ending,
    denied,
    local,
    verified,
    verified_by_link,
)

pytestmark = pytest.mark.django_db

URL = reverse("ce_credits:transcript_csv")
HEADER = [
    "Title",
    "Sponsor",
    "Trainer/presenter",
    "Begin",
    "End",
    "CE category",
    "Credits",
    "Status",
    "Denial reason",
    "Source",
    "Presented",
    "Decided by",
    "Decided on",
]
TOTALS_HEADER = ["CE category", "Total credits, denied credits left out"]


def person_url(person):
    return reverse("ce_credits:person_transcript_csv", args=[person.pk])


def sections_of(response):
    """Split the CSV into its credit lines and its totals, by category name."""
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    blank = lines.index([])
    assert lines[0] == HEADER
    assert lines[blank + 1] == TOTALS_HEADER
    credits = lines[1:blank]
    totals = {name: Decimal(value) for name, value in lines[blank + 2 :]}
    return credits, totals


def titles_of(response):
    credits, _ = sections_of(response)
    return [line[0] for line in credits]


def queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_csv_headers(login, participant):
    response = login(participant).get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="transcript-pat-reader-{today}.csv"'
    )


def test_all_rows_whatever_page_size(login, participant):
    expected = add_many_credits(participant, 250)

    credits, totals = sections_of(login(participant).get(URL))

    assert len(credits) == 250
    assert totals == {**expected, "All categories": sum(expected.values())}


def test_totals_every_category_in_order(login, participant, supervisor):
    CreditFactory(person=participant, category=category("Technology"), credits=3)
    denied(participant, supervisor, category=category("Technology"), credits=2)

    response = login(participant).get(URL)

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[-6:] == [
        'CE category,"Total credits, denied credits left out"',
        "Library Administration,0.0",
        "Library Services to the Public,0.0",
        "Collection Management and Technical Services,0.0",
        "Technology,3.0",
        "All categories,3.0",
    ]


def test_columns_of_verified_credit(login, participant, supervisor):
    credit = verified(
        participant,
        supervisor,
        title="Cataloguing with RDA",
        sponsor="Montana Library Association",
        presenter="Ria Cataloguer",
        category=category("Collection Management and Technical Services"),
        credits="1.5",
        begin=local(2025, 7, 14, 9, 0),
        end=local(2025, 7, 14, 10, 30),
    )
    Credit.objects.filter(pk=credit.pk).update(decided_at=local(2025, 7, 20, 16, 5))

    credits, _ = sections_of(login(participant).get(URL))

    assert credits == [
        [
            "Cataloguing with RDA",
            "Montana Library Association",
            "Ria Cataloguer",
            "2025-07-14 09:00",
            "2025-07-14 10:30",
            "Collection Management and Technical Services",
            "1.5",
            "VERIFIED",
            "",
            "Independent learning event",
            "no",
            "Dana Director",
            "2025-07-20 16:05",
        ]
    ]


def test_columns_of_denied_credit(login, participant, supervisor):
    denied(participant, supervisor, reason="A vendor demonstration.")

    credits, _ = sections_of(login(participant).get(URL))

    assert credits[0][7] == "DENIED"
    assert credits[0][8] == "A vendor demonstration."
    assert credits[0][11] == "Dana Director"


def test_columns_of_pending_presented_credit(login, participant):
    CreditFactory(
        person=participant, presented=True, contact_hours=2, credits=4, title="Talk"
    )

    credits, _ = sections_of(login(participant).get(URL))

    assert credits[0][6] == "4.0"
    assert credits[0][7] == "PENDING"
    assert credits[0][10] == "yes"
    assert credits[0][11:] == ["", ""]


def test_decider_by_link(login, participant):
    verified_by_link(participant, verifier_name="Bea Chair")

    credits, _ = sections_of(login(participant).get(URL))

    assert credits[0][11] == "Bea Chair (by emailed link)"


def test_times_in_site_time_zone(login, participant):
    credit_ending(participant, local(2025, 1, 15, 23, 30))

    credits, _ = sections_of(login(participant).get(URL))

    assert credits[0][3] == "2025-01-15 22:30"
    assert credits[0][4] == "2025-01-15 23:30"


def test_utf8_text(login, participant):
    CreditFactory(person=participant, title="Lecture publique à Montréal")

    assert titles_of(login(participant).get(URL)) == ["Lecture publique à Montréal"]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_formula_cells_protected(login, participant, supervisor, prefix):
    denied(
        participant,
        supervisor,
        title=f'{prefix}HYPERLINK("http://example.com")',
        sponsor=f"{prefix}1+1",
        presenter=f"{prefix}A1",
        reason=f"{prefix}SUM(A1:A9)",
    )

    credits, _ = sections_of(login(participant).get(URL))

    assert credits[0][0] == f'\'{prefix}HYPERLINK("http://example.com")'
    assert credits[0][1] == f"'{prefix}1+1"
    assert credits[0][2] == f"'{prefix}A1"
    assert credits[0][8] == f"'{prefix}SUM(A1:A9)"


def test_date_range_inclusive(login, participant):
    credit_ending(participant, local(2025, 2, 28, 23, 59), title="February")
    credit_ending(participant, local(2025, 3, 1, 0, 0), title="March first")
    credit_ending(participant, local(2025, 3, 31, 23, 30), title="March last")
    credit_ending(participant, local(2025, 4, 1, 0, 0), title="April")

    response = login(participant).get(
        URL, {"from_date": "2025-03-01", "to_date": "2025-03-31"}
    )

    assert titles_of(response) == ["March first", "March last"]


def test_status_filter(login, participant, supervisor):
    CreditFactory(person=participant, title="Still pending", credits=2)
    denied(participant, supervisor, title="Refused", credits=3)

    response = login(participant).get(URL, {"status": "pending"})

    credits, totals = sections_of(response)
    assert [line[0] for line in credits] == ["Still pending"]
    assert totals["All categories"] == Decimal("2.0")


def test_filter_applies_to_totals(login, participant):
    credit_ending(participant, local(2025, 3, 10), credits=2)
    credit_ending(participant, local(2025, 5, 10), credits=5)

    response = login(participant).get(URL, {"to_date": "2025-03-31"})

    _, totals = sections_of(response)
    assert totals["All categories"] == Decimal("2.0")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"from_date": "2025-03-31", "to_date": "2025-03-01"},
            "To: The To date must be on or after the From date",
        ),
        ({"from_date": "2025-13-01"}, "From: Enter a valid date."),
        ({"to_date": "soon"}, "To: Enter a valid date."),
        ({"status": "approved"}, "Status: Select a valid choice."),
    ],
)
def test_invalid_filter_gets_400(login, participant, data, message):
    CreditFactory(person=participant)

    response = login(participant).get(URL, data)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert text.startswith("Invalid transcript filter.")
    assert message in text


def test_own_credits_only(login, participant, outsider):
    CreditFactory(person=participant, title="Mine")
    CreditFactory(person=outsider, title="Theirs")

    response = login(participant).get(
        URL, {"person": outsider.pk, "person_id": outsider.pk}
    )

    assert titles_of(response) == ["Mine"]


def test_coordinator_downloads_anyones(login, coordinator, participant):
    CreditFactory(person=participant, title="Storytime basics")

    response = login(coordinator).get(person_url(participant))

    assert response.status_code == 200
    assert titles_of(response) == ["Storytime basics"]
    assert "transcript-pat-reader-" in response["Content-Disposition"]


def test_coordinator_download_filtered(login, coordinator, participant, supervisor):
    CreditFactory(person=participant, title="Still pending")
    verified(participant, supervisor, title="Confirmed")

    response = login(coordinator).get(person_url(participant), {"status": "verified"})

    assert titles_of(response) == ["Confirmed"]


def test_coordinator_invalid_filter_gets_400(login, coordinator, participant):
    response = login(coordinator).get(person_url(participant), {"status": "x"})

    assert response.status_code == 400


def test_superuser_downloads_anyones(login, participant):
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert login(admin).get(person_url(participant)).status_code == 200


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404_on_person_url(login, request, participant, persona):
    user = request.getfixturevalue(persona)

    response = login(user).get(person_url(participant))

    assert response.status_code == 404


def test_unknown_person_gets_404(login, coordinator):
    url = reverse("ce_credits:person_transcript_csv", args=[999999])

    assert login(coordinator).get(url).status_code == 404


def test_anonymous_redirects_to_login(client, participant):
    for url in (URL, person_url(participant)):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_post_not_allowed(login, participant, coordinator):
    assert login(participant).post(URL).status_code == 405
    assert login(coordinator).post(person_url(participant)).status_code == 405


def test_name_missing_uses_id(login, coordinator):
    nameless = UserFactory(first_name="", last_name="")

    response = login(coordinator).get(person_url(nameless))

    assert f"transcript-person-{nameless.pk}-" in response["Content-Disposition"]


def test_query_count_constant(login, participant, supervisor):
    client = login(participant)
    CreditFactory(person=participant)
    few = queries_for(client)

    add_many_credits(participant, 250)
    verified(participant, supervisor)
    verified_by_link(participant)

    assert queries_for(client) == few
