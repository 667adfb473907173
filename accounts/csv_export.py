"""Helpers for the site's CSV downloads."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

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


def csv_response(filename):
    """Return an empty CSV download named `filename`, to write rows into.

    The body starts with a UTF-8 byte order mark, because Excel reads a CSV
    file without one in the system's legacy code page and garbles accented
    names such as "Peña Blanca".
    """
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
    response.write("\ufeff")
    return response
