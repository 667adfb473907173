"""Helpers for the site's CSV downloads."""

# Spreadsheet programs evaluate a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """Return `value` as the text of a CSV cell, guarded against formulas.

    A text starting with one of `FORMULA_PREFIXES` gets a leading apostrophe,
    so that spreadsheets show it as text. None becomes an empty cell.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
