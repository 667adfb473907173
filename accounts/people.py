"""The coordinator's directory of people: a searchable list and a page per person.

Both pages return 404 to everyone but coordinators.
"""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from certifications.models import Certificate, Track

from .models import Position, User, external_verifier_of

PAGE_SIZE = 50


@dataclass
class DirectoryRow:
    """A person as the directory lists them.

    `verifiers` are the accounts that confirm the person's credits.
    `external_verifier` is the (name, email) of a verifier without an account.
    """

    person: User
    seat: Position | None
    verifiers: list[User] = field(default_factory=list)
    external_verifier: tuple[str, str] | None = None


def get_person_for_coordinator(user, pk):
    """Return any person for a coordinator; everyone else gets Http404."""
    if not user.is_coordinator:
        raise Http404("No such person.")
    return get_object_or_404(User, pk=pk)


def search_people(text):
    """Return the people whose name or email contains each word of `text`.

    The match ignores case. An empty `text` returns everyone. Each person's
    current position comes prefetched as `current_seats`, for `directory_rows`.
    """
    people = User.objects.all()
    for word in text.split():
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )

    current_seats = Position.objects.filter(is_current=True).select_related(
        "library", "supervisor"
    )
    return people.prefetch_related(
        Prefetch("positions", current_seats, to_attr="current_seats")
    ).order_by("last_name", "first_name", "pk")


def directory_rows(people):
    """Return a `DirectoryRow` for each of `people`, found by `search_people`.

    Finds the default verifiers of all of them in one query.
    """
    people = list(people)
    seats = {person.pk: _current_seat(person) for person in people}
    default_verifiers = _default_verifiers(
        [seat for seat in seats.values() if seat is not None]
    )
    return [
        _directory_row(person, seats[person.pk], default_verifiers) for person in people
    ]


def _directory_row(person, seat, default_verifiers):
    row = DirectoryRow(person=person, seat=seat)
    if seat is None:
        return row

    if seat.supervisor_id:
        if seat.supervisor.is_active:
            row.verifiers = [seat.supervisor]
    elif seat.verifier_email:
        row.external_verifier = (seat.verifier_name, seat.verifier_email)
    else:
        row.verifiers = default_verifiers.get(person.pk, [])
    return row


def _current_seat(person):
    return person.current_seats[0] if person.current_seats else None


def _default_verifiers(seats):
    """Return the default verifiers of each seat's holder, by person id.

    Applies the rule of `UserQuerySet.verifiers_of` to the seats that name no
    supervisor and no verifier without an account: the active holders of the
    `Position.DEFAULT_VERIFIER_KIND` seat at the same library.

    NOTE: a change to the rule in `verifiers_of` must be made here too.
    """
    needed_seats = {}
    for seat in seats:
        verifier_kind = Position.DEFAULT_VERIFIER_KIND.get(seat.kind)
        if seat.supervisor_id or seat.verifier_email or verifier_kind is None:
            continue
        needed_seats[seat.person_id] = (seat.library_id, verifier_kind)
    if not needed_seats:
        return {}

    holders = {}
    verifier_seats = (
        Position.objects.active()
        .filter(
            library_id__in={library_id for library_id, _ in needed_seats.values()},
            kind__in={kind for _, kind in needed_seats.values()},
            person__is_active=True,
        )
        .select_related("person")
    )
    for verifier_seat in verifier_seats:
        key = (verifier_seat.library_id, verifier_seat.kind)
        holders.setdefault(key, {})[verifier_seat.person_id] = verifier_seat.person

    found = {}
    for person_id, key in needed_seats.items():
        people = [
            verifier
            for verifier in holders.get(key, {}).values()
            if verifier.pk != person_id
        ]
        found[person_id] = sorted(people, key=_name_order)
    return found


def _name_order(person):
    return (person.last_name, person.first_name, person.pk)


@login_required
@require_safe
def people(request):
    if not request.user.is_coordinator:
        raise Http404("No such page.")

    text = request.GET.get("q", "").strip()
    page = Paginator(search_people(text), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"q": text, "page": page, "rows": directory_rows(page.object_list)}
    return render(request, "accounts/people.html", context)


@login_required
@require_safe
def person_detail(request, pk):
    person = get_person_for_coordinator(request.user, pk)

    positions = person.positions.select_related("library", "supervisor")
    tracks = Track.objects.filter(person=person).select_related("track_type__edition")
    certificates = Certificate.objects.filter(person=person).select_related("track")
    context = {
        "person": person,
        "positions": positions,
        "verifiers": User.objects.verifiers_of(person),
        "external_verifier": external_verifier_of(person),
        "has_pending_credits": person.credits.pending().exists(),
        "tracks": tracks,
        "certificates": certificates,
        "verifier_changes": person.verifier_changes.select_related("actor"),
    }
    return render(request, "accounts/person_detail.html", context)
