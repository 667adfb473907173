"""The demo's libraries and people, and the credits and tracks each one has.

Everyone but the coordinator works at the Lewis & Clark Library, so the default
verifier rule links them. The director verifies the staff librarian, and the
board chair verifies the director and the trustee. The chair's own verifier is
the trustee, whom the chair names.
"""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import Library, Position, User
from certifications import services as track_services
from certifications.models import Track, TrackType
from certifications.periods import years_later

from .. import services
from ..models import CLAIM_WINDOW, CatalogEvent, Credit
from .events import categories_by_name, category_of, latest_before

# The password of every demo account, shown in the README.
PASSWORD = "demo-pass-2026"

# name, city, type
LIBRARIES = [
    ("Lewis & Clark Library", "Helena", Library.Kind.PUBLIC),
    ("Bozeman Public Library", "Bozeman", Library.Kind.PUBLIC),
    ("Montana State University Library", "Bozeman", Library.Kind.ACADEMIC),
]
HOME_LIBRARY = LIBRARIES[0]

STAFF = "staff@lclibrary.example"
DIRECTOR = "director@lclibrary.example"
CHAIR = "chair@lclibrary.example"
TRUSTEE = "trustee@lclibrary.example"
COORDINATOR = "coordinator@msl.example"

# The sources leave presenters out, but the independent-event form requires one.
PRESENTER_NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    # The kind of position at the home library, or empty for none.
    seat: str = ""
    title: str = ""
    years_in_seat: int = 0
    supervisor: str = ""
    is_coordinator: bool = False


PEOPLE = [
    DemoPerson(STAFF, "Rosa", "Alvarez", Position.Kind.STAFF, "Reference Librarian", 3),
    DemoPerson(
        DIRECTOR, "Helen", "Marsh", Position.Kind.DIRECTOR, "Library Director", 3
    ),
    DemoPerson(
        CHAIR,
        "Tom",
        "Becker",
        Position.Kind.BOARD_CHAIR,
        "Chair, Board of Trustees",
        6,
        supervisor=TRUSTEE,
    ),
    DemoPerson(TRUSTEE, "June", "Whitford", Position.Kind.TRUSTEE, "Trustee", 2),
    DemoPerson(COORDINATOR, "Casey", "Lindqvist", is_coordinator=True),
]


@dataclass(frozen=True)
class DemoHistory:
    """The learning events a demo person took and the track they follow.

    `titles` names catalogue events and independent learning examples, and
    None stands for every event of both lists. The newest `pending` credits
    wait for the verifier, who has verified the others.
    """

    email: str
    titles: tuple[str, ...] | None
    pending: int
    # Claim this many catalogue events, those that ended first among the ones
    # claimable, so that the newer ones stay open to try.
    catalogue_claims: int = 0
    track: str = ""
    track_years: int = 0
    submit: bool = False


HISTORIES = [
    DemoHistory(
        STAFF,
        titles=(
            "CSLP Summer Symposium (3rd annual)",
            "Intellectual Freedom: Taking Action",
            "How (and Why) to Use & Cite Social Media in Research",
        ),
        pending=3,
        catalogue_claims=2,
        track="Staff",
        track_years=2,
    ),
    # Every event of both lists adds up to more than the 60 credits and the 30
    # in Library Administration that the initial director track requires.
    DemoHistory(
        DIRECTOR,
        titles=None,
        pending=4,
        track="Library Director, initial",
        track_years=3,
    ),
    DemoHistory(
        TRUSTEE,
        titles=(
            "Working Together: Libraries and Local Government Officials",
            "Working Together: Building & nurturing positive relationships with "
            "governing agencies & the community",
            "Libraries are a Worthy Cause",
            "2026 Public Library Standards",
            "First Amendment Audits: What Your Library Board and Staff Need to Know",
            "Tamarack Federation: Disaster Planning for Libraries",
        ),
        pending=2,
        track="Trustee",
        track_years=2,
        submit=True,
    ),
    DemoHistory(
        CHAIR,
        titles=("Collective Power for Public Good: Organizing for Libraries",),
        pending=1,
    ),
]


def load_libraries():
    """Create the missing libraries and return how many were created."""
    created_count = 0
    for name, city, kind in LIBRARIES:
        _, created = Library.objects.get_or_create(
            name=name, city=city, defaults={"kind": kind}
        )
        created_count += created
    return created_count


def load_people(*, today):
    """Create the missing accounts and positions.

    Returns the accounts created and the number of positions created.
    """
    name, city, _ = HOME_LIBRARY
    home = Library.objects.get(name=name, city=city)
    coordinators, _ = Group.objects.get_or_create(name=settings.CE_COORDINATOR_GROUP)

    people = {}
    created_people = []
    for demo in PEOPLE:
        person, created = User.objects.get_or_create(
            email=demo.email,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "is_staff": demo.is_coordinator,
            },
        )
        if created:
            person.set_password(PASSWORD)
            person.save(update_fields=["password"])
            created_people.append(person)
        if demo.is_coordinator:
            person.groups.add(coordinators)
        people[demo.email] = person

    position_count = 0
    for demo in PEOPLE:
        if not demo.seat:
            continue
        _, created = Position.objects.get_or_create(
            person=people[demo.email],
            library=home,
            kind=demo.seat,
            defaults={
                "title": demo.title,
                "start_date": years_later(today, -demo.years_in_seat),
                "is_current": True,
                "supervisor": people.get(demo.supervisor),
            },
        )
        position_count += created
    return created_people, position_count


def ensure_track(person, *, name, years, today):
    """Return the person's open track of the named type, adding it if missing.

    Also returns whether the track was added.
    """
    track_type = TrackType.objects.select_related("edition").get(
        edition__is_current=True, name=name
    )
    track = Track.objects.open().filter(person=person, kind=track_type.kind).first()
    if track is not None:
        return track, False

    track = track_services.track_add(person=person, track_type=track_type, actor=person)
    # `track_add` starts a track today. The demo's tracks began years ago, so
    # that the credits of those years count toward them.
    Track.objects.filter(pk=track.pk).update(started_on=years_later(today, -years))
    track.refresh_from_db()
    return track, True


def delivery_note(delivery, note):
    parts = [f"Delivery: {delivery}." if delivery else "", note]
    return " ".join(part for part in parts if part)


def placed(begin, end, *, first_day, now):
    """Return the dates of an event that ended between `first_day` and `now`.

    Any other event moves by whole years to the latest date that ends by `now`.
    """
    if first_day <= timezone.localdate(end) and end <= now:
        return begin, end
    return latest_before(begin, end, now)


def add_credit(person, title, *, examples, categories, first_day, now):
    """Claim the catalogue event of that title while it can be claimed, and
    enter any other event as an independent learning event.

    `examples` maps titles to the independent learning examples.
    """
    event = CatalogEvent.objects.filter(title=title).order_by("-end").first()
    if event is not None:
        claimable = CatalogEvent.objects.claimable_by(person, now)
        if claimable.filter(pk=event.pk).exists():
            return services.credit_claim_event(person=person, event=event, now=now)
        begin, end = event.begin, event.end
        fields = {
            "sponsor": event.sponsor,
            "category": event.category,
            "credits": event.credits,
            "description": delivery_note(event.delivery, event.description),
        }
    else:
        try:
            row = examples[title]
        except KeyError:
            raise CommandError(f"No demo event is titled {title!r}.") from None
        begin, end = row.begin, row.end
        fields = {
            "sponsor": row.sponsor,
            "category": category_of(row, categories),
            "credits": row.credits,
            "description": delivery_note(row.delivery, row.description),
        }

    begin, end = placed(begin, end, first_day=first_day, now=now)
    return services.credit_add_independent(
        person=person,
        title=title,
        begin=begin,
        end=end,
        presenter=PRESENTER_NOT_RECORDED,
        **fields,
    )


def verify_all_but_newest(credits, *, person, pending):
    """Have the person's verifier verify all the credits but the newest `pending`.

    Returns the number verified.
    """
    ordered = sorted(credits, key=lambda credit: (credit.end, credit.pk))
    to_verify = ordered[: max(len(ordered) - pending, 0)]
    if not to_verify:
        return 0

    verifier = User.objects.verifiers_of(person).first()
    if verifier is None:
        raise CommandError(
            f"No verifier found for {person.email}. Check the demo positions."
        )
    return services.credits_verify(credits=to_verify, actor=verifier)


def load_history(history, *, titles, examples, now):
    """Create what is missing of one person's history: track, credits, decisions.

    `titles` lists every demo event, for a history that took them all. A
    credit is looked up by its owner and title, so a second run adds none.
    Returns a Counter of what was created.
    """
    today = timezone.localdate(now)
    person = User.objects.get(email=history.email)
    categories = categories_by_name()
    counts = Counter()

    track = None
    first_day = timezone.localdate(now - CLAIM_WINDOW)
    if history.track:
        track, added = ensure_track(
            person, name=history.track, years=history.track_years, today=today
        )
        counts["tracks"] += added
        first_day = track.started_on

    created = []
    has_claims = person.credits.filter(source=Credit.Source.CATALOG).exists()
    if history.catalogue_claims and not has_claims:
        claimable = CatalogEvent.objects.claimable_by(person, now).order_by("end")
        for event in claimable[: history.catalogue_claims]:
            created.append(
                services.credit_claim_event(person=person, event=event, now=now)
            )

    for title in titles if history.titles is None else history.titles:
        if person.credits.filter(title=title).exists():
            continue
        created.append(
            add_credit(
                person,
                title,
                examples=examples,
                categories=categories,
                first_day=first_day,
                now=now,
            )
        )
    counts["credits"] += len(created)
    counts["verified"] += verify_all_but_newest(
        created, person=person, pending=history.pending
    )

    if history.submit and counts["tracks"]:
        track_services.track_submit(track=track, actor=person)
        counts["submitted"] += 1
    return counts
