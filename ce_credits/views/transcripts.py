"""The transcript of a person's credits: the page, the CSV and the PDF.

Participants read their own transcript, through URLs that take no person id.
Coordinators download anyone's through the person URLs.
"""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from accounts.csv_export import csv_cell, csv_response
from accounts.people import get_person_for_coordinator

from ..models import Credit
from ..transcripts import TranscriptFilter, person_transcript, transcript_rows

PAGE_SIZE = 50
ALL_STATUSES = "all"
CSV_HEADER = [
    "Title",
    "Sponsor",
    "Trainer/presenter",
    "Begin",
    "End",
    "CE category",
    "Credits",
    "Status",
    "Denial reason",
    "Source",
    "Presented",
    "Decided by",
    "Decided on",
]
CSV_TIME_FORMAT = "%Y-%m-%d %H:%M"


class TranscriptFilterForm(forms.Form):
    """The date range and status of a transcript, read from the query string."""

    from_date = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Lists the events that ended on or after this day.",
    )
    to_date = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Lists the events that ended on or before this day.",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[(ALL_STATUSES, "All statuses"), *Credit.Status.choices],
    )

    def clean(self):
        cleaned = super().clean()
        from_date = cleaned.get("from_date")
        to_date = cleaned.get("to_date")
        if from_date and to_date and to_date < from_date:
            self.add_error(
                "to_date",
                "The To date must be on or after the From date "
                f"({date_format(from_date)}).",
            )
        return cleaned

    def transcript_filter(self):
        """Return the filter of a valid form."""
        status = self.cleaned_data["status"]
        return TranscriptFilter(
            from_date=self.cleaned_data["from_date"],
            to_date=self.cleaned_data["to_date"],
            status="" if status == ALL_STATUSES else status,
        )


def filter_query(criteria):
    """Return the query string that selects `criteria` again, without a page."""
    values = {}
    if criteria.from_date:
        values["from_date"] = criteria.from_date.isoformat()
    if criteria.to_date:
        values["to_date"] = criteria.to_date.isoformat()
    if criteria.status:
        values["status"] = criteria.status
    return f"?{urlencode(values)}" if values else ""


@login_required
@require_safe
def transcript(request):
    form = TranscriptFilterForm(request.GET)
    context = {"form": form}
    if form.is_valid():
        criteria = form.transcript_filter()
        transcript = person_transcript(request.user, criteria)
        page = Paginator(transcript.credits, PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context |= {
            "transcript": transcript,
            "page": page,
            "rows": transcript_rows(page),
            "query": filter_query(criteria),
        }
    return render(request, "ce_credits/transcript.html", context)


@login_required
@require_safe
def transcript_csv(request):
    return _csv_download(request, request.user)


@login_required
@require_safe
def transcript_pdf(request):
    return _pdf_download(request, request.user)


@login_required
@require_safe
def person_transcript_csv(request, person_id):
    person = get_person_for_coordinator(request.user, person_id)
    return _csv_download(request, person)


@login_required
@require_safe
def person_transcript_pdf(request, person_id):
    person = get_person_for_coordinator(request.user, person_id)
    return _pdf_download(request, person)


def _valid_filter(request):
    """Return (filter, None) for a valid query string, else (None, a 400 response)."""
    form = TranscriptFilterForm(request.GET)
    if form.is_valid():
        return form.transcript_filter(), None

    problems = " ".join(
        f"{_field_label(form, name)}: {' '.join(messages)}"
        for name, messages in form.errors.items()
    )
    message = (
        f"Invalid transcript filter. {problems} "
        "Correct the filter on the transcript page and download again.\n"
    )
    return None, HttpResponseBadRequest(
        message, content_type="text/plain; charset=utf-8"
    )


def _field_label(form, name):
    field = form.fields.get(name)
    return field.label if field is not None else "Filter"


def _filename(person, extension):
    name = slugify(person.get_full_name()) or f"person-{person.pk}"
    return f"transcript-{name}-{timezone.localdate().isoformat()}.{extension}"


def _local_time(moment):
    """Return `moment` as text in the site's time zone, or "" for None."""
    if moment is None:
        return ""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return local.strftime(CSV_TIME_FORMAT)


def _credit_text(value):
    # One decimal place, as the database stores credits, on every backend.
    return f"{value:.1f}"


def _csv_line(row):
    credit = row.credit
    values = [
        credit.title,
        credit.sponsor,
        credit.presenter,
        _local_time(credit.begin),
        _local_time(credit.end),
        credit.category.name,
        _credit_text(credit.credits),
        credit.get_status_display(),
        credit.denial_reason,
        credit.get_source_display(),
        "yes" if credit.presented else "no",
        row.decided_by,
        _local_time(credit.decided_at),
    ]
    return [csv_cell(value) for value in values]


def _csv_download(request, person):
    criteria, bad_request = _valid_filter(request)
    if bad_request is not None:
        return bad_request

    transcript = person_transcript(person, criteria)
    response = csv_response(_filename(person, "csv"))
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    writer.writerows(_csv_line(row) for row in transcript_rows(transcript.credits))

    writer.writerow([])
    writer.writerow(["CE category", "Total credits, denied credits left out"])
    for line in transcript.category_totals:
        writer.writerow([csv_cell(line.category.name), _credit_text(line.credits)])
    writer.writerow(["All categories", _credit_text(transcript.total)])
    return response


def _pdf_download(request, person):
    criteria, bad_request = _valid_filter(request)
    if bad_request is not None:
        return bad_request

    transcript = person_transcript(person, criteria)
    html = render_to_string(
        "ce_credits/transcript_pdf.html",
        {
            "transcript": transcript,
            "rows": transcript_rows(transcript.credits),
            "printed_on": timezone.localdate(),
            "time_zone": timezone.get_default_timezone_name(),
        },
        request=request,
    )
    # The fetcher allows no protocol, so WeasyPrint fetches no URL, even one
    # that reached the HTML.
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()

    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(
                True, _filename(person, "pdf")
            )
        },
    )
