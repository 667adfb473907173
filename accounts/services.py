"""Work that follows changes to people and positions."""

import logging

from django.utils import timezone

from certifications.compliance import valid_director_certificates
from certifications.periods import years_later

from .emails import send_templated
from .models import Library, Position

logger = logging.getLogger(__name__)


def director_deadline_notify(position):
    """Mail a new director and the library's board chairs the certification due
    date, four years from the position's start date.

    Sends nothing for a position that is not a public library director's, one
    that has ended, or a director who holds a valid Library Director
    certificate. Returns whether a mail was sent.
    """
    today = timezone.localdate()
    library = position.library
    if position.kind != Position.Kind.DIRECTOR or library.kind != Library.Kind.PUBLIC:
        return False
    if position.end_date is not None and position.end_date < today:
        return False

    director = position.person
    if valid_director_certificates(today).filter(person=director).exists():
        logger.info(
            "No deadline mail for director position %s: user %s is certified",
            position.pk,
            director.pk,
        )
        return False

    chair_seats = (
        Position.objects.active(today)
        .filter(library=library, kind=Position.Kind.BOARD_CHAIR)
        .filter(person__is_active=True)
        .exclude(person=director)
        .select_related("person")
    )
    # One person may hold two chair seats, so the people are deduplicated.
    chairs = list({seat.person_id: seat.person for seat in chair_seats}.values())
    return send_templated(
        template="accounts/email/director_deadline.txt",
        recipients=[director.email, *(chair.email for chair in chairs)],
        context={
            "position": position,
            "director": director,
            "library": library,
            "board_chair_names": [
                chair.get_full_name() or chair.email for chair in chairs
            ],
            "due_on": years_later(position.start_date),
            "today": today,
        },
    )
