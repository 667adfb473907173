"""The transcript of a person's credits: the rows and totals that a filter selects."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Position, User

from .models import Category, Credit

# The statuses whose credits the totals add up. A denied credit counts toward
# no track, so the totals leave it out even when the transcript lists it.
COUNTED_STATUSES = (Credit.Status.PENDING, Credit.Status.VERIFIED)


@dataclass(frozen=True)
class TranscriptFilter:
    """The credits a transcript lists.

    `from_date` and `to_date` bound the day on which the event ended, in the
    site's time zone, both days included. None leaves that side open. An empty
    `status` lists every status.
    """

    from_date: date | None = None
    to_date: date | None = None
    status: str = ""


@dataclass(frozen=True)
class CategoryTotal:
    category: Category
    credits: Decimal


@dataclass(frozen=True)
class Transcript:
    """A person's credits that a filter selects, oldest end first, with totals.

    `credits` is a queryset, so that a page can read one slice of it and a
    download can read all of it. The totals leave out denied credits.
    """

    person: User
    position: Position | None
    criteria: TranscriptFilter
    credits: QuerySet
    category_totals: list[CategoryTotal]
    total: Decimal


@dataclass(frozen=True)
class TranscriptRow:
    """A credit as the transcript shows it, with the name of its decider."""

    credit: Credit
    decided_by: str


def person_transcript(person, criteria=TranscriptFilter()):
    """Select the credits of `person` that `criteria` matches, and total them.

    Runs two queries: the current position, and the totals of every category.
    Reading `credits` runs one more, whatever the number of rows.
    """
    credits = (
        Credit.objects.filter(_matching(person, criteria))
        .select_related("category", "decided_by", "decided_via_link")
        .order_by("end", "begin", "pk")
    )
    position = (
        Position.objects.filter(person=person, is_current=True)
        .select_related("library")
        .first()
    )
    category_totals = _category_totals(person, criteria)
    return Transcript(
        person=person,
        position=position,
        criteria=criteria,
        credits=credits,
        category_totals=category_totals,
        total=sum((line.credits for line in category_totals), Decimal(0)),
    )


def transcript_rows(credits):
    """Return a `TranscriptRow` for each of `credits`, in the same order."""
    return [TranscriptRow(credit, decider_name(credit)) for credit in credits]


def decider_name(credit):
    """Return who verified or denied `credit`, or "" while it is pending.

    Needs `decided_by` and `decided_via_link` fetched with the credit.
    """
    if credit.decided_by is not None:
        return str(credit.decided_by)
    if credit.decided_via_link is not None:
        return f"{credit.decided_via_link.verifier_name} (by emailed link)"
    return ""


def _matching(person, criteria, prefix=""):
    """Return the condition on credits that `criteria` selects for `person`.

    `prefix` is the path from the queried model to the credit, such as
    "credits__" from a category.
    """
    condition = Q(**{f"{prefix}person": person})
    if criteria.from_date is not None:
        condition &= Q(**{f"{prefix}end__gte": _day_start(criteria.from_date)})
    # The last day ends where the next one starts. No day follows date.max, so
    # the bound stays open there.
    if criteria.to_date is not None and criteria.to_date < date.max:
        next_day = criteria.to_date + timedelta(days=1)
        condition &= Q(**{f"{prefix}end__lt": _day_start(next_day)})
    if criteria.status:
        condition &= Q(**{f"{prefix}status": criteria.status})
    return condition


def _day_start(day):
    """Return the first moment of `day` in the site's time zone."""
    return timezone.make_aware(
        datetime.combine(day, time.min), timezone.get_default_timezone()
    )


def _category_totals(person, criteria):
    """Return the total of the counted credits in each category, zeros included.

    One query over the categories, which keeps their order and the categories
    without a matching credit.
    """
    counted = _matching(person, criteria, prefix="credits__") & Q(
        credits__status__in=COUNTED_STATUSES
    )
    # Django leaves Meta.ordering out of a query that groups, so the order of
    # the categories is given here.
    categories = Category.objects.annotate(
        total=Coalesce(
            Sum("credits__credits", filter=counted),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=9, decimal_places=1),
        )
    ).order_by(*Category._meta.ordering)
    return [CategoryTotal(category, category.total) for category in categories]
