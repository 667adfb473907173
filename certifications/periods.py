"""The 4-year windows of tracks and certificates."""

from datetime import date

PERIOD_YEARS = 4


def years_later(start: date, years: int = PERIOD_YEARS) -> date:
    """Return the same calendar day `years` later.

    A window that starts on 29 February ends on 28 February of the later
    year, leap year or not.
    """
    if (start.month, start.day) == (2, 29):
        return date(start.year + years, 2, 28)
    return start.replace(year=start.year + years)
