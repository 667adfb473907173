"""The coordinator's list of public libraries and their directors' certification."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.csv_export import csv_cell, csv_response

from ..compliance import (
    Status,
    count_by_status,
    filter_rows,
    library_compliance,
    parse_sort,
    sort_rows,
)

CSV_HEADER = [
    "Library",
    "City",
    "Director",
    "Director email",
    "Status",
    "Due date",
    "Days",
    "Certificate number",
    "Certificate expires",
]
SORT_LABELS = {
    "library": "Library",
    "city": "City",
    "status": "Status",
    "due": "Due date",
}


def _check_coordinator(user):
    if not user.is_coordinator:
        raise Http404("No such page.")


def _listing(request):
    """Read the filter and sort of the request and apply them to every library."""
    rows = library_compliance()
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    text = request.GET.get("q", "").strip()
    field, descending = parse_sort(request.GET.get("sort", ""))

    matching = filter_rows(rows, status=status, text=text)
    return {
        "all_rows": rows,
        "rows": sort_rows(matching, field, descending=descending),
        "status": status,
        "q": text,
        "sort": f"-{field}" if descending else field,
        "sort_columns": _sort_columns(field, descending),
    }


def _sort_columns(field, descending):
    """Return the link of each sortable column header.

    The link of the current sort column reverses its direction.
    """
    columns = {}
    for name, label in SORT_LABELS.items():
        if name != field:
            columns[name] = {"label": label, "sort": name, "aria_sort": ""}
            continue
        columns[name] = {
            "label": label,
            "sort": name if descending else f"-{name}",
            "aria_sort": "descending" if descending else "ascending",
        }
    return columns


@login_required
def compliance(request):
    _check_coordinator(request.user)

    listing = _listing(request)
    counts = count_by_status(listing.pop("all_rows"))
    context = {
        **listing,
        "statuses": [(status, counts[status]) for status in Status],
        "total": sum(counts.values()),
    }
    return render(request, "certifications/compliance.html", context)


def _csv_line(row):
    director = row.director
    certificate = row.certificate
    return [
        csv_cell(row.library.name),
        csv_cell(row.library.city),
        csv_cell(director.get_full_name() if director else ""),
        csv_cell(director.email if director else ""),
        row.status.label,
        row.due_on.isoformat() if row.due_on else "",
        "" if row.days is None else row.days,
        certificate.number if certificate else "",
        certificate.expires_on.isoformat() if certificate else "",
    ]


@login_required
def compliance_csv(request):
    _check_coordinator(request.user)

    rows = _listing(request)["rows"]
    filename = f"library-compliance-{timezone.localdate().isoformat()}.csv"
    response = csv_response(filename)
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    writer.writerows(_csv_line(row) for row in rows)
    return response
