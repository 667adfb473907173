import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Position, User
from accounts.people import directory_rows, search_people

from ..factories import LibraryFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("people")


def listed_people(response):
    return [row.person for row in response.context["rows"]]


def row_of(response, person):
    return next(row for row in response.context["rows"] if row.person == person)


def add_library_staff(count):
    """Add a library with a director and `count` staff members."""
    library = LibraryFactory()
    PositionFactory(library=library, kind=Position.Kind.DIRECTOR)
    for _ in range(count):
        PositionFactory(library=library, kind=Position.Kind.STAFF)


def queries_for(client, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, data or {})
    assert response.status_code == 200
    return len(queries)


def test_lists_everyone_by_name(login, coordinator, participant, supervisor):
    response = login(coordinator).get(URL)

    assert response.status_code == 200
    assert listed_people(response) == [coordinator, supervisor, participant]


def test_row_shows_position_and_verifier(login, coordinator, participant, supervisor):
    response = login(coordinator).get(URL)

    row = row_of(response, participant)
    assert row.seat.library.name == "Lewis and Clark Library"
    assert row.verifiers == [supervisor]
    content = response.content.decode()
    assert "pat@lclib.example" in content
    assert "Lewis and Clark Library, Helena" in content
    assert "Dana Director" in content


def test_row_shows_external_verifier(login, coordinator, library):
    trustee = UserFactory(first_name="Terry", last_name="Trustee")
    PositionFactory(
        person=trustee,
        library=library,
        kind=Position.Kind.TRUSTEE,
        verifier_name="Bea Chair",
        verifier_email="bea@lcboard.example",
    )

    response = login(coordinator).get(URL)

    row = row_of(response, trustee)
    assert row.verifiers == []
    assert row.external_verifier == ("Bea Chair", "bea@lcboard.example")
    assert "Bea Chair" in response.content.decode()


def test_row_without_position(login, coordinator):
    response = login(coordinator).get(URL)

    row = row_of(response, coordinator)
    assert row.seat is None
    assert row.verifiers == []
    assert "None on record" in response.content.decode()


def test_row_links(login, coordinator, participant):
    content = login(coordinator).get(URL).content.decode()

    detail = reverse("person_detail", args=[participant.pk])
    csv_url = reverse("ce_credits:person_transcript_csv", args=[participant.pk])
    pdf_url = reverse("ce_credits:person_transcript_pdf", args=[participant.pk])
    assert f'href="{detail}"' in content
    assert f'href="{csv_url}"' in content
    assert f'href="{pdf_url}"' in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Reader", ["participant"]),
        ("pat reader", ["participant"]),
        ("READER PAT", ["participant"]),
        ("dana@lclib", ["supervisor"]),
        ("lclib.example", ["supervisor", "participant"]),
        ("  director  ", ["supervisor"]),
        ("pat director", []),
    ],
)
def test_search(login, request, coordinator, participant, supervisor, query, expected):
    response = login(coordinator).get(URL, {"q": query})

    people = [request.getfixturevalue(persona) for persona in expected]
    assert listed_people(response) == people


def test_search_without_match(login, coordinator, participant):
    response = login(coordinator).get(URL, {"q": "Wibaux"})

    assert response.context["rows"] == []
    assert "Nobody's name or email contains “Wibaux”." in response.content.decode()


def test_search_kept_in_form(login, coordinator, participant):
    response = login(coordinator).get(URL, {"q": "Reader"})

    assert 'value="Reader"' in response.content.decode()


def test_pages_of_fifty(login, coordinator):
    add_library_staff(59)
    client = login(coordinator)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 11
    assert first.context["page"].paginator.count == 61


def test_page_links_keep_search(login, coordinator):
    for number in range(55):
        UserFactory(last_name=f"Smith{number:02}")

    response = login(coordinator).get(URL, {"q": "smith"})

    assert response.context["page"].paginator.count == 55
    assert 'href="?q=smith&amp;page=2"' in response.content.decode()


def test_query_count_constant(login, coordinator, participant, supervisor):
    client = login(coordinator)
    few = queries_for(client)

    add_library_staff(40)
    add_library_staff(40)

    assert queries_for(client) == few
    assert queries_for(client, {"page": 2}) == few


def test_nav_link_for_coordinator(login, coordinator):
    content = login(coordinator).get(reverse("home")).content.decode()

    assert f'href="{URL}">People</a>' in content


def test_no_nav_link_for_participant(login, participant):
    content = login(participant).get(reverse("home")).content.decode()

    assert f'href="{URL}"' not in content


def test_superuser_allowed(login):
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert login(admin).get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(login, request, persona):
    user = request.getfixturevalue(persona)

    assert login(user).get(URL).status_code == 404


def test_anonymous_redirects_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_not_allowed(login, coordinator):
    assert login(coordinator).post(URL).status_code == 405


def test_rows_agree_with_verifiers_of(library, participant, supervisor, board_chair):
    """The directory finds verifiers in bulk by the rule of `verifiers_of`."""
    trustee = PositionFactory(library=library, kind=Position.Kind.TRUSTEE).person
    named = PositionFactory(library=library, kind=Position.Kind.STAFF).person
    Position.objects.filter(person=named).update(supervisor=trustee)
    left = PositionFactory(library=library, kind=Position.Kind.STAFF).person
    Position.objects.filter(person=left).update(supervisor=UserFactory(is_active=False))
    second_director = PositionFactory(library=library, kind=Position.Kind.DIRECTOR)
    retired = UserFactory(is_active=False)
    PositionFactory(person=retired, library=library, kind=Position.Kind.DIRECTOR)
    nobody_to_verify = PositionFactory(kind=Position.Kind.STAFF).person
    UserFactory()

    rows = directory_rows(search_people(""))

    assert len(rows) == User.objects.count()
    for row in rows:
        expected = list(User.objects.verifiers_of(row.person))
        assert row.verifiers == expected, row.person
    assert row_of_person(rows, participant).verifiers == [
        *sorted([supervisor, second_director.person], key=name_order)
    ]
    assert row_of_person(rows, supervisor).verifiers == [board_chair]
    assert row_of_person(rows, board_chair).verifiers == []
    assert row_of_person(rows, named).verifiers == [trustee]
    assert row_of_person(rows, left).verifiers == []
    assert row_of_person(rows, nobody_to_verify).verifiers == []


def row_of_person(rows, person):
    return next(row for row in rows if row.person == person)


def name_order(person):
    return (person.last_name, person.first_name)
