"""Read the demo's learning events and load the catalogue from them.

Both CSV files beside this module list real trainings. The catalogue is made of
`msl_catalog_events.csv`, events sponsored by the Montana State Library and the
Montana Library Association. `independent_learning_examples.csv` lists trainings
by other sponsors, which people enter as independent learning events.

The columns are `title, sponsor, begin, end` (ISO 8601 with the Mountain Time
offset), `credits`, `category` (one of the four CE categories), `delivery`,
`filled_in` (the fields, separated by semicolons, that the source did not state
and that were estimated) and `source_url`.
"""

import csv
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from ..models import CLAIM_WINDOW, CatalogEvent, Category

DATA_DIR = Path(__file__).resolve().parent
CATALOG_CSV = DATA_DIR / "msl_catalog_events.csv"
INDEPENDENT_CSV = DATA_DIR / "independent_learning_examples.csv"

ESTIMATED_FIELD_NAMES = {
    "begin": "begin time",
    "end": "end time",
    "credits": "credit value",
    "category": "CE category",
}


@dataclass(frozen=True)
class EventRow:
    title: str
    sponsor: str
    begin: datetime
    end: datetime
    credits: Decimal
    category: str
    delivery: str
    estimated: tuple[str, ...]
    source_url: str

    @property
    def description(self):
        """Return a note on the fields that the source did not state."""
        if not self.estimated:
            return ""
        names = ", ".join(ESTIMATED_FIELD_NAMES[name] for name in self.estimated)
        return f"Not stated by the source, so estimated: {names}."


def read_rows(path):
    """Return the events listed in the CSV file at `path`, in file order."""
    with path.open(newline="", encoding="utf-8") as file:
        return [
            EventRow(
                title=record["title"],
                sponsor=record["sponsor"],
                begin=datetime.fromisoformat(record["begin"]),
                end=datetime.fromisoformat(record["end"]),
                credits=Decimal(record["credits"]),
                category=record["category"],
                delivery=record["delivery"],
                estimated=tuple(filter(None, record["filled_in"].split(";"))),
                source_url=record["source_url"],
            )
            for record in csv.DictReader(file)
        ]


def moved_by_years(moment, years):
    """Return `moment` a whole number of years later, at the same local time.

    29 February becomes 28 February in a year without one.
    """
    local = timezone.localtime(moment)
    try:
        return local.replace(year=local.year + years)
    except ValueError:
        return local.replace(year=local.year + years, day=28)


def latest_before(begin, end, now):
    """Return `begin` and `end` moved by whole years to the latest end by `now`."""
    years = timezone.localtime(now).year - timezone.localtime(end).year
    if moved_by_years(end, years) > now:
        years -= 1
    return moved_by_years(begin, years), moved_by_years(end, years)


def catalogue_shift(rows, now):
    """Return the whole number of years that puts the most events in the claim
    window, the year before `now`. A tie goes to the smaller shift.

    Because this catalogue spans a decade, the older events stay too old to
    claim, and some of the newest ones end after `now`.
    """

    def claimable_count(years):
        return sum(
            1
            for row in rows
            if now - CLAIM_WINDOW < moved_by_years(row.end, years) <= now
        )

    oldest_year = min(row.end.year for row in rows)
    return max(
        range(now.year - oldest_year + 2),
        key=lambda years: (claimable_count(years), -years),
    )


def categories_by_name():
    categories = {category.name: category for category in Category.objects.all()}
    if not categories:
        raise CommandError(
            "No CE categories found. Run `manage.py migrate` before loading the demo."
        )
    return categories


def category_of(row, categories):
    try:
        return categories[row.category]
    except KeyError:
        raise CommandError(
            f"Unknown CE category {row.category!r} for the event {row.title!r}."
        ) from None


def load_catalogue(rows, *, now):
    """Create the catalogue events that are missing, moved forward by whole years.

    An event is looked up by its title and source page, so a second run on a
    later day finds the events of the first one and leaves their dates alone.
    Returns the shift in years and the number of events created.
    """
    shift = catalogue_shift(rows, now)
    categories = categories_by_name()

    created_count = 0
    for row in rows:
        _, created = CatalogEvent.objects.get_or_create(
            title=row.title,
            source_url=row.source_url,
            defaults={
                "sponsor": row.sponsor,
                "begin": moved_by_years(row.begin, shift),
                "end": moved_by_years(row.end, shift),
                "credits": row.credits,
                "category": category_of(row, categories),
                "delivery": row.delivery,
                "description": row.description,
            },
        )
        created_count += created
    return shift, created_count
