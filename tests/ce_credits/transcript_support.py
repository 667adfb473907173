"""Helpers for the tests of transcripts: credits at given local times."""

from datetime import datetime, timedelta
from decimal import Decimal
from itertools import cycle

from django.utils import timezone

from ce_credits.models import Category, Credit, VerifierLink

from ..factories import CreditFactory, category

# The credit value given to each category by `add_many_credits`, so that every
# category total differs.
VALUE_BY_CATEGORY = {
    "Library Administration": Decimal("1.0"),
    "Library Services to the Public": Decimal("1.5"),
    "Collection Management and Technical Services": Decimal("2.0"),
    "Technology": Decimal("0.5"),
}


def local(year, month, day, hour=12, minute=0):
    """Return an aware datetime at the given wall-clock time of the site."""
    naive = datetime(year, month, day, hour, minute)
    return timezone.make_aware(naive, timezone.get_default_timezone())


def credit_ending(person, end, **fields):
    """Create a pending credit of `person` that ends at `end`, an hour long."""
    return CreditFactory(
        person=person, end=end, begin=end - timedelta(hours=1), **fields
    )


def verified(person, verifier, **fields):
    return CreditFactory(
        person=person,
        status=Credit.Status.VERIFIED,
        decided_by=verifier,
        decided_at=timezone.now() - timedelta(days=1),
        **fields,
    )


def denied(person, verifier, reason="Not a library topic.", **fields):
    return CreditFactory(
        person=person,
        status=Credit.Status.DENIED,
        denial_reason=reason,
        decided_by=verifier,
        decided_at=timezone.now() - timedelta(days=1),
        **fields,
    )


def verified_by_link(person, verifier_name="Bea Chair", **fields):
    """Create a credit verified through an emailed link of `verifier_name`."""
    now = timezone.now()
    link = VerifierLink.objects.create(
        person=person,
        verifier_name=verifier_name,
        verifier_email="bea@lcboard.example",
        nonce=f"transcript{VerifierLink.objects.count()}".ljust(32, "0"),
        created_at=now - timedelta(days=2),
        expires_at=now + timedelta(days=12),
    )
    return CreditFactory(
        person=person,
        status=Credit.Status.VERIFIED,
        decided_via_link=link,
        decided_at=now - timedelta(days=1),
        **fields,
    )


def add_many_credits(person, count):
    """Create `count` pending credits of `person`, spread over the categories.

    Returns the expected total of each category name, in `VALUE_BY_CATEGORY`.
    """
    totals = dict.fromkeys(VALUE_BY_CATEGORY, Decimal(0))
    names = cycle(VALUE_BY_CATEGORY)
    end = timezone.now() - timedelta(days=2)
    for index in range(count):
        name = next(names)
        CreditFactory(
            person=person,
            category=category(name),
            credits=VALUE_BY_CATEGORY[name],
            end=end - timedelta(hours=index),
            begin=end - timedelta(hours=index + 1),
        )
        totals[name] += VALUE_BY_CATEGORY[name]
    return totals


def category_names():
    return list(Category.objects.values_list("name", flat=True))
