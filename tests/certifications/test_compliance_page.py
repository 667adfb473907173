from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Library, Position
from certifications.periods import years_later

from ..factories import LibraryFactory, PositionFactory, UserFactory
from .test_compliance import certify, director_since

pytestmark = pytest.mark.django_db

URL = reverse("certifications:compliance")


@pytest.fixture
def libraries(library, supervisor, outsider):
    """One library of each status: in window, certified, overdue, no director."""
    certify(outsider)
    overdue = LibraryFactory(name="Glasgow City-County Library", city="Glasgow")
    director_since(overdue, timezone.localdate() - timedelta(days=5 * 365))
    LibraryFactory(name="Ekalaka Public Library", city="Ekalaka")
    return library


def names_in(response):
    return [row.library.name for row in response.context["rows"]]


def test_lists_every_status(login, coordinator, libraries):
    response = login(coordinator).get(URL)

    assert response.status_code == 200
    assert names_in(response) == [
        "Bitterroot Public Library",
        "Ekalaka Public Library",
        "Glasgow City-County Library",
        "Lewis and Clark Library",
    ]
    assert response.context["statuses"] == [
        ("certified", 1),
        ("in_window", 1),
        ("overdue", 1),
        ("no_director", 1),
    ]
    assert response.context["total"] == 4


def test_shows_status_details(login, coordinator, libraries, supervisor, outsider):
    certificate = outsider.certificates.get()
    position = Position.objects.get(person=supervisor)
    days_left = (years_later(position.start_date) - timezone.localdate()).days

    response = login(coordinator).get(URL)

    page = response.content.decode()
    assert certificate.number in page
    assert f"{days_left} days left" in page
    assert "days overdue" in page
    assert "No director on record" in page
    assert "Dana Director" in page


def test_coordinator_link_to_csv_keeps_filter(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"status": "overdue", "sort": "-city"})

    csv_url = reverse("certifications:compliance_csv")
    assert f'href="{csv_url}?status=overdue&amp;sort=-city"' in (
        response.content.decode()
    )


def test_superuser_sees_page(login, libraries):
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert login(admin).get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(login, request, persona):
    user = request.getfixturevalue(persona)

    assert login(user).get(URL).status_code == 404


def test_anonymous_redirected_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sort_by_status(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"sort": "status"})

    assert names_in(response) == [
        "Glasgow City-County Library",
        "Ekalaka Public Library",
        "Lewis and Clark Library",
        "Bitterroot Public Library",
    ]
    assert response.context["sort"] == "status"


def test_sort_by_city_descending(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"sort": "-city"})

    assert names_in(response) == [
        "Lewis and Clark Library",
        "Bitterroot Public Library",
        "Glasgow City-County Library",
        "Ekalaka Public Library",
    ]


def test_sort_by_due_date(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"sort": "due"})

    assert names_in(response)[:2] == [
        "Glasgow City-County Library",
        "Lewis and Clark Library",
    ]


def test_invalid_sort_falls_back_to_name(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"sort": "director__password"})

    assert response.status_code == 200
    assert names_in(response) == [
        "Bitterroot Public Library",
        "Ekalaka Public Library",
        "Glasgow City-County Library",
        "Lewis and Clark Library",
    ]
    assert response.context["sort"] == "library"


def test_sort_header_reverses_current_sort(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"sort": "city"})

    columns = response.context["sort_columns"]
    assert columns["city"]["sort"] == "-city"
    assert columns["city"]["aria_sort"] == "ascending"
    assert columns["library"]["sort"] == "library"
    assert columns["library"]["aria_sort"] == ""


def test_filter_by_status(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"status": "certified"})

    assert names_in(response) == ["Bitterroot Public Library"]
    assert response.context["total"] == 4


def test_invalid_status_shows_every_library(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"status": "lapsed"})

    assert len(names_in(response)) == 4
    assert response.context["status"] == ""


def test_filter_by_director_name(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"q": "olive"})

    assert names_in(response) == ["Bitterroot Public Library"]


def test_filter_by_city(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"q": "glasgow"})

    assert names_in(response) == ["Glasgow City-County Library"]


def test_filter_and_sort_together(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"q": "public", "sort": "-library"})

    assert names_in(response) == [
        "Ekalaka Public Library",
        "Bitterroot Public Library",
    ]


def test_no_match_shows_empty_state(login, coordinator, libraries):
    response = login(coordinator).get(URL, {"q": "Wibaux"})

    assert names_in(response) == []
    assert "No library matches this filter." in response.content.decode()


def test_no_libraries_shows_empty_state(login, coordinator):
    response = login(coordinator).get(URL)

    assert response.context["total"] == 0
    assert "No public library is on record yet." in response.content.decode()


def test_non_public_library_not_listed(login, coordinator, libraries):
    school = LibraryFactory(name="Capital High School", kind=Library.Kind.SCHOOL)
    PositionFactory(library=school, kind=Position.Kind.DIRECTOR)

    response = login(coordinator).get(URL)

    assert "Capital High School" not in names_in(response)
    assert "Capital High School" not in response.content.decode()


def add_certified_libraries(count):
    for _ in range(count):
        position = director_since(
            LibraryFactory(), timezone.localdate() - timedelta(days=30)
        )
        certify(position.person)


def test_query_count_constant(login, coordinator, django_assert_num_queries):
    client = login(coordinator)
    add_certified_libraries(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200

    add_certified_libraries(17)
    with django_assert_num_queries(len(few)):
        response = client.get(URL)

    assert len(names_in(response)) == 20
