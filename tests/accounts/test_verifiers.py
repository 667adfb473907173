from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Position, User

from ..factories import LibraryFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


def verifiers(person):
    return set(User.objects.verifiers_of(person))


def verified(verifier):
    return set(User.objects.verified_by(verifier))


def test_director_verifies_staff(participant, supervisor):
    assert verifiers(participant) == {supervisor}
    assert participant in verified(supervisor)


def test_board_chair_verifies_director(supervisor, board_chair, participant):
    assert verifiers(supervisor) == {board_chair}
    assert verified(board_chair) == {supervisor}


def test_board_chair_verifies_trustee(library, board_chair):
    trustee = PositionFactory(library=library, kind=Position.Kind.TRUSTEE).person

    assert verifiers(trustee) == {board_chair}


def test_board_chair_has_no_default_verifier(board_chair, supervisor):
    assert verifiers(board_chair) == set()


def test_named_trustee_verifies_board_chair(library, board_chair):
    trustee = PositionFactory(library=library, kind=Position.Kind.TRUSTEE).person
    Position.objects.filter(person=board_chair).update(supervisor=trustee)

    assert verifiers(board_chair) == {trustee}
    assert board_chair in verified(trustee)


def test_named_supervisor_replaces_director(library, participant, supervisor):
    department_head = UserFactory()
    Position.objects.filter(person=participant).update(supervisor=department_head)

    assert verifiers(participant) == {department_head}
    assert participant not in verified(supervisor)
    assert participant in verified(department_head)


def test_other_library_director_verifies_nobody_here(participant, outsider):
    assert participant not in verified(outsider)
    assert outsider not in verifiers(participant)


def test_former_director_no_longer_verifies(library, participant):
    former = PositionFactory(
        library=library,
        kind=Position.Kind.DIRECTOR,
        end_date=timezone.localdate() - timedelta(days=1),
    ).person

    assert verifiers(participant) == set()
    assert participant not in verified(former)


def test_director_who_is_also_staff_never_verifies_self(library):
    person = UserFactory()
    PositionFactory(person=person, library=library, kind=Position.Kind.STAFF)
    PositionFactory(
        person=person, library=library, kind=Position.Kind.DIRECTOR, is_current=False
    )

    assert verifiers(person) == set()
    assert person not in verified(person)


def test_position_at_other_library_is_ignored(participant, supervisor):
    other = LibraryFactory()
    PositionFactory(
        person=participant, library=other, kind=Position.Kind.TRUSTEE, is_current=False
    )

    assert verifiers(participant) == {supervisor}
