"""The 4-year windows of tracks and certificates."""

from datetime import date

PERIOD_YEARS = 4


def years_later(start: date, years: int = PERIOD_YEARS) -> date:
    """Return the same calendar day `years` later, or 28 February for 29 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)
