"""Signal receivers of the accounts app, connected in `AccountsConfig.ready()`."""

from functools import partial

from django.db import transaction

from . import services
from .models import Position


def director_position_created(
    sender, instance, created, raw=False, using=None, **kwargs
):
    """Mail the certification due date once a new director position commits."""
    # Fixture loading (raw saves) restores positions whose notice went out
    # when they were first created.
    if not created or raw or instance.kind != Position.Kind.DIRECTOR:
        return
    transaction.on_commit(
        partial(services.director_deadline_notify, instance), using=using
    )
