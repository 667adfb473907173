"""Personas and helpers shared by the whole suite.

The library has a director who verifies its staff, a board chair who verifies
the director, and the CE coordinator who reviews tracks. The outsider works at
another library and may see none of it.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connections

from accounts.models import Position
from ce_credits.models import Category

from .factories import LibraryFactory, PositionFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test without the rate-limit counts of the tests before it."""
    cache.clear()


@pytest.fixture
def library(db):
    return LibraryFactory(name="Lewis and Clark Library", city="Helena")


@pytest.fixture
def participant(library):
    user = UserFactory(first_name="Pat", last_name="Reader", email="pat@lclib.example")
    PositionFactory(person=user, library=library, kind=Position.Kind.STAFF)
    return user


@pytest.fixture
def supervisor(library):
    """The library's director, who verifies the participant's credits."""
    user = UserFactory(
        first_name="Dana", last_name="Director", email="dana@lclib.example"
    )
    PositionFactory(person=user, library=library, kind=Position.Kind.DIRECTOR)
    return user


@pytest.fixture
def board_chair(library):
    """The chair of the library board, who verifies the director."""
    user = UserFactory(first_name="Cory", last_name="Chair", email="cory@lclib.example")
    PositionFactory(person=user, library=library, kind=Position.Kind.BOARD_CHAIR)
    return user


@pytest.fixture
def coordinator(db):
    user = UserFactory(
        first_name="Casey", last_name="Coordinator", email="ce@msl.example"
    )
    group, _ = Group.objects.get_or_create(name=settings.CE_COORDINATOR_GROUP)
    user.groups.add(group)
    return user


@pytest.fixture
def outsider(db):
    other = LibraryFactory(name="Bitterroot Public Library", city="Hamilton")
    user = UserFactory(
        first_name="Olive", last_name="Outsider", email="olive@brpl.example"
    )
    PositionFactory(person=user, library=other, kind=Position.Kind.DIRECTOR)
    return user


@pytest.fixture
def login(client):
    """Log the test client in as the given user and return the client."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in


@pytest.fixture(scope="session", autouse=True)
def restore_migrated_data(django_db_setup, django_db_blocker):
    """Put back the rows of the data migrations after the last test.

    A transactional test (the browser tests) empties every table when it ends,
    and `serialized_rollback` restores the rows only before the next such
    test. Without this, a test database kept with `--reuse-db` would start the
    next run without its categories and tracks.
    """
    yield

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents and not Category.objects.using(connection.alias).exists():
                connection.creation.deserialize_db_from_string(contents)
