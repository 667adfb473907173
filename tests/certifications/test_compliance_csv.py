import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Library, Position
from certifications.periods import years_later

from ..factories import LibraryFactory, PositionFactory
from .test_compliance import certify, director_since

pytestmark = pytest.mark.django_db

URL = reverse("certifications:compliance_csv")
HEADER = [
    "Library",
    "City",
    "Director",
    "Director email",
    "Status",
    "Due date",
    "Days",
    "Certificate number",
    "Certificate expires",
]


@pytest.fixture
def libraries(library, supervisor, outsider):
    """One library of each status: in window, certified, overdue, no director."""
    certify(outsider)
    overdue = LibraryFactory(name="Glasgow City-County Library", city="Glasgow")
    director_since(overdue, timezone.localdate() - timedelta(days=5 * 365 + 2))
    LibraryFactory(name="Ekalaka Public Library", city="Ekalaka")
    school = LibraryFactory(name="Capital High School", kind=Library.Kind.SCHOOL)
    PositionFactory(library=school, kind=Position.Kind.DIRECTOR)
    return library


def lines_of(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_content_type(login, coordinator, libraries):
    response = login(coordinator).get(URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")


def test_csv_one_line_per_library(login, coordinator, libraries):
    lines = lines_of(login(coordinator).get(URL))

    assert lines[0] == HEADER
    assert [line[0] for line in lines[1:]] == [
        "Bitterroot Public Library",
        "Ekalaka Public Library",
        "Glasgow City-County Library",
        "Lewis and Clark Library",
    ]


def test_csv_columns(login, coordinator, libraries, supervisor, outsider):
    certificate = outsider.certificates.get()
    position = Position.objects.get(person=supervisor)

    lines = {line[0]: line for line in lines_of(login(coordinator).get(URL))}

    assert lines["Bitterroot Public Library"] == [
        "Bitterroot Public Library",
        "Hamilton",
        "Olive Outsider",
        "olive@brpl.example",
        "Certified",
        "",
        "",
        certificate.number,
        certificate.expires_on.isoformat(),
    ]
    in_window = lines["Lewis and Clark Library"]
    assert in_window[4] == "In window"
    assert in_window[5] == years_later(position.start_date).isoformat()
    assert int(in_window[6]) > 0
    assert in_window[7:] == ["", ""]
    assert lines["Glasgow City-County Library"][4] == "Overdue"
    assert int(lines["Glasgow City-County Library"][6]) > 0
    assert lines["Ekalaka Public Library"][2:] == [
        "",
        "",
        "No director on record",
        "",
        "",
        "",
        "",
    ]


def test_csv_applies_filter_and_sort(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"q": "library", "sort": "-city"})

    names = [line[0] for line in lines_of(response)[1:]]
    assert names == [
        "Lewis and Clark Library",
        "Bitterroot Public Library",
        "Glasgow City-County Library",
        "Ekalaka Public Library",
    ]


def test_csv_applies_status_filter(login, coordinator, libraries):
    lines = lines_of(login(coordinator).get(URL, {"status": "overdue"}))

    assert lines[0] == HEADER
    assert [line[0] for line in lines[1:]] == ["Glasgow City-County Library"]


def test_csv_invalid_sort_falls_back(login, coordinator, libraries):
    lines = lines_of(login(coordinator).get(URL, {"sort": "; DROP"}))

    assert lines[1][0] == "Bitterroot Public Library"


def test_csv_header_only_without_match(login, coordinator, libraries):
    lines = lines_of(login(coordinator).get(URL, {"q": "Wibaux"}))

    assert lines == [HEADER]


def test_csv_neutralises_formulas(login, coordinator):
    LibraryFactory(name='=HYPERLINK("http://example.com")', city="@Butte")

    lines = lines_of(login(coordinator).get(URL))

    assert lines[1][0] == '\'=HYPERLINK("http://example.com")'
    assert lines[1][1] == "'@Butte"


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_csv_others_get_404(login, request, persona):
    user = request.getfixturevalue(persona)

    assert login(user).get(URL).status_code == 404


def test_csv_anonymous_redirected_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_csv_starts_with_byte_order_mark(login, coordinator):
    response = login(coordinator).get(URL)

    assert response.content.startswith("\ufeff".encode())
