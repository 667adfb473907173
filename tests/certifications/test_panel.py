from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ce_credits.models import Category, Credit
from certifications.models import Certificate, Track, TrackCredit

from ..factories import (
    CatalogEventFactory,
    CertificateFactory,
    CreditFactory,
    TrackFactory,
    category,
    track_type,
)

pytestmark = pytest.mark.django_db

URL = reverse("certifications:panel")


def submitted_track(person, credits, name="Staff"):
    """Return a submitted track that counts `credits`, as track_submit leaves it."""
    track = TrackFactory(
        person=person,
        track_type=track_type(name),
        status=Track.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for credit in credits:
        TrackCredit.objects.create(track=track, credit=credit, kind=track.kind)
    return track


def issued_certificate(person, number, issued_on=None):
    issued_on = issued_on or timezone.localdate() - timedelta(days=30)
    track = TrackFactory(
        person=person,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    return Certificate.objects.create(
        track=track,
        person=person,
        number=number,
        holder_name=person.get_full_name(),
        track_name="Trustee",
        issued_on=issued_on,
        expires_on=issued_on + timedelta(days=4 * 365),
    )


def decided(status, supervisor, **fields):
    return {
        "status": status,
        "decided_by": supervisor,
        "decided_at": timezone.now(),
        **fields,
    }


# Page


def test_panel_requires_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_panel_shows_sections(login, participant):
    response = login(participant).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "Continuing Education",
        "Current Certifications",
        "Past Certifications",
        "Change CE Track Status",
        "Add Independent Learning Event",
        "Edit CE Credits",
    ):
        assert f">{heading}</h" in html
    assert reverse("ce_credits:independent_new") in html
    assert "Add a new independent learning event" in html


# Catalogue list


def test_catalogue_shows_newest_only(login, participant):
    CatalogEventFactory(title="Older workshop", end=timezone.now() - timedelta(days=40))
    newest = CatalogEventFactory(
        title="Newest workshop", end=timezone.now() - timedelta(days=2)
    )

    response = login(participant).get(URL)

    assert response.context["events"] == [newest]
    html = response.content.decode()
    assert "Older workshop" not in html
    assert "?events=all" in html
    assert reverse("ce_credits:event_detail", args=[newest.pk]) in html


def test_catalogue_shows_all_on_request(login, participant):
    older = CatalogEventFactory(end=timezone.now() - timedelta(days=40))
    middle = CatalogEventFactory(end=timezone.now() - timedelta(days=20))
    newest = CatalogEventFactory(end=timezone.now() - timedelta(days=2))

    response = login(participant).get(URL, {"events": "all"})

    assert response.context["events"] == [newest, middle, older]
    assert "Show only the most recent event" in response.content.decode()


def test_catalogue_hides_unfinished_event(login, participant):
    CatalogEventFactory(end=timezone.now() + timedelta(hours=1))

    response = login(participant).get(URL, {"events": "all"})

    assert response.context["events"] == []


def test_catalogue_hides_event_over_a_year_old(login, participant):
    CatalogEventFactory(end=timezone.now() - timedelta(days=366))

    response = login(participant).get(URL, {"events": "all"})

    assert response.context["events"] == []


def test_catalogue_hides_claimed_event(login, participant):
    claimed = CatalogEventFactory(end=timezone.now() - timedelta(days=1))
    other = CatalogEventFactory(end=timezone.now() - timedelta(days=9))
    CreditFactory(
        person=participant,
        source=Credit.Source.CATALOG,
        catalog_event=claimed,
        begin=claimed.begin,
        end=claimed.end,
    )

    response = login(participant).get(URL, {"events": "all"})

    assert response.context["events"] == [other]


def test_catalogue_row_shows_details(login, participant):
    CatalogEventFactory(
        title="Cataloguing with RDA",
        sponsor="Montana Library Association",
        credits=Decimal("1.5"),
    )

    response = login(participant).get(URL)

    html = response.content.decode()
    assert "Cataloguing with RDA" in html
    assert "Montana Library Association" in html
    assert "<td>1.5</td>" in html
    assert ">Go<" in html


def test_catalogue_empty_state(login, participant):
    response = login(participant).get(URL)

    html = response.content.decode()
    assert "No catalogue event of the past year is waiting" in html
    assert "?events=all" not in html


# Credits


def test_credits_show_each_status(login, participant, supervisor):
    CreditFactory(person=participant, title="Pending webinar")
    CreditFactory(
        person=participant,
        title="Verified workshop",
        **decided(Credit.Status.VERIFIED, supervisor),
    )
    CreditFactory(
        person=participant,
        title="Denied demo",
        **decided(Credit.Status.DENIED, supervisor, denial_reason="A vendor demo."),
    )

    response = login(participant).get(URL)

    html = response.content.decode()
    assert "Pending webinar" in html
    assert "PENDING" in html
    assert "VERIFIED" in html
    assert "DENIED" in html
    assert "Reason: A vendor demo." in html


def test_credits_grouped_in_category_order(login, participant):
    CreditFactory(person=participant, category=category("Technology"))

    response = login(participant).get(URL)

    groups = response.context["credit_groups"]
    assert [group.category for group in groups] == list(Category.objects.all())
    assert len(groups) == 4
    assert [len(group.rows) for group in groups] == [0, 0, 0, 1]


def test_category_total_leaves_out_denied(login, participant, supervisor):
    technology = category("Technology")
    CreditFactory(person=participant, category=technology, credits=Decimal("2"))
    CreditFactory(
        person=participant,
        category=technology,
        credits=Decimal("1.5"),
        **decided(Credit.Status.VERIFIED, supervisor),
    )
    CreditFactory(
        person=participant,
        category=technology,
        credits=Decimal("4"),
        **decided(Credit.Status.DENIED, supervisor, denial_reason="Orientation."),
    )

    response = login(participant).get(URL)

    totals = {
        group.category.name: group.total for group in response.context["credit_groups"]
    }
    assert totals["Technology"] == Decimal("3.5")
    assert totals["Library Administration"] == Decimal("0")
    assert "(total 3.5 credits)" in response.content.decode()


def test_credits_of_others_hidden(login, participant, outsider):
    CreditFactory(person=outsider, title="Someone else's webinar")

    response = login(participant).get(URL)

    assert "Someone else&#x27;s webinar" not in response.content.decode()


def test_pending_credit_has_edit_and_delete(login, participant):
    credit = CreditFactory(person=participant)

    response = login(participant).get(URL)

    html = response.content.decode()
    assert reverse("ce_credits:credit_edit", args=[credit.pk]) in html
    assert reverse("ce_credits:credit_delete", args=[credit.pk]) in html


def test_verified_credit_has_no_actions(login, participant, supervisor):
    credit = CreditFactory(
        person=participant, **decided(Credit.Status.VERIFIED, supervisor)
    )

    response = login(participant).get(URL)

    html = response.content.decode()
    assert reverse("ce_credits:credit_edit", args=[credit.pk]) not in html
    assert reverse("ce_credits:credit_delete", args=[credit.pk]) not in html


def test_locked_credit_has_no_actions(login, participant):
    credit = CreditFactory(person=participant)
    submitted_track(participant, [credit])

    response = login(participant).get(URL)

    html = response.content.decode()
    assert reverse("ce_credits:credit_edit", args=[credit.pk]) not in html
    assert reverse("ce_credits:credit_delete", args=[credit.pk]) not in html


def test_catalogue_credit_has_delete_only(login, participant):
    event = CatalogEventFactory()
    credit = CreditFactory(
        person=participant,
        source=Credit.Source.CATALOG,
        catalog_event=event,
        begin=event.begin,
        end=event.end,
    )

    response = login(participant).get(URL)

    html = response.content.decode()
    assert reverse("ce_credits:credit_edit", args=[credit.pk]) not in html
    assert reverse("ce_credits:credit_delete", args=[credit.pk]) in html


def test_credit_fit_per_track(login, participant):
    counted = CreditFactory(person=participant, title="Recent webinar")
    early = CreditFactory(
        person=participant,
        title="Early webinar",
        end=timezone.now() - timedelta(days=500),
    )
    used = CreditFactory(person=participant, title="Used webinar")
    issued = TrackFactory(
        person=participant,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )
    TrackCredit.objects.create(track=issued, credit=used, kind=issued.kind)
    TrackFactory(person=participant, track_type=track_type("Trustee"))

    response = login(participant).get(URL)

    rows = {
        row.credit.pk: row
        for group in response.context["credit_groups"]
        for row in group.rows
    }
    assert [fit.label for fit in rows[counted.pk].fits] == ["Counted"]
    assert [fit.label for fit in rows[early.pk].fits] == ["Outside the period"]
    assert [fit.label for fit in rows[used.pk].fits] == ["Already used"]
    assert "Trustee: Outside the period" in response.content.decode()


# Tracks


def test_track_progress_bars(login, participant):
    TrackFactory(person=participant, track_type=track_type("Trustee"))
    CreditFactory(person=participant, credits=Decimal("4"))

    response = login(participant).get(URL)

    html = response.content.decode()
    assert 'aria-label="Total"' in html
    assert 'aria-valuetext="4 of 15 credits"' in html
    assert 'aria-label="Library Administration"' in html
    assert 'aria-valuetext="4 of 10 credits"' in html
    assert 'aria-valuenow="40"' in html
    assert "11 credits still needed" in html
    assert "6 credits still needed" in html


def test_incomplete_track_has_no_submit(login, participant):
    track = TrackFactory(person=participant, track_type=track_type("Trustee"))
    CreditFactory(person=participant, credits=Decimal("4"))

    response = login(participant).get(URL)

    html = response.content.decode()
    assert "Your requirements are met" not in html
    assert reverse("certifications:track_submit", args=[track.pk]) not in html


def test_complete_track_prompts_submit(login, participant):
    track = TrackFactory(person=participant, track_type=track_type("Trustee"))
    CreditFactory(person=participant, credits=Decimal("10"))
    CreditFactory(
        person=participant, credits=Decimal("5"), category=category("Technology")
    )

    response = login(participant).get(URL)

    html = response.content.decode()
    assert (
        "Your requirements are met. Submit your application for certification." in html
    )
    assert reverse("certifications:track_submit", args=[track.pk]) in html


def test_submitted_track_shows_state(login, participant):
    credit = CreditFactory(person=participant, credits=Decimal("15"))
    track = submitted_track(participant, [credit], name="Trustee")

    response = login(participant).get(URL)

    html = response.content.decode()
    assert "The CE coordinator is reviewing your application." in html
    assert reverse("certifications:track_submit", args=[track.pk]) not in html


def test_approved_track_shows_state(login, participant):
    credit = CreditFactory(person=participant, credits=Decimal("15"))
    track = submitted_track(participant, [credit], name="Trustee")
    Track.objects.filter(pk=track.pk).update(status=Track.Status.APPROVED)

    response = login(participant).get(URL)

    html = response.content.decode()
    assert "Approved by the CE coordinator." in html
    assert "Counted credits still PENDING: 1." in html


def test_returned_track_shows_message(login, participant):
    TrackFactory(
        person=participant,
        status=Track.Status.RETURNED,
        submitted_at=timezone.now(),
        return_message="Two credits are the same webinar.",
    )

    response = login(participant).get(URL)

    html = response.content.decode()
    assert "Your application was returned to you" in html
    assert "Two credits are the same webinar." in html


def test_add_form_leaves_out_open_kinds(login, participant):
    TrackFactory(person=participant, track_type=track_type("Staff"))

    response = login(participant).get(URL)

    choices = response.context["track_form"].fields["track_type"].queryset
    assert {choice.kind for choice in choices} == {"library_director", "trustee"}
    assert all(choice.edition.is_current for choice in choices)


def test_add_form_offers_renewal_after_certificate(login, participant):
    response = login(participant).get(URL)
    names = {
        t.name for t in response.context["track_form"].fields["track_type"].queryset
    }
    assert "Library Director, renewal" not in names

    CertificateFactory(
        person=participant, track__track_type=track_type("Library Director, initial")
    )
    response = login(participant).get(URL)
    names = {
        t.name for t in response.context["track_form"].fields["track_type"].queryset
    }
    assert "Library Director, renewal" in names


def test_current_certifications_list_open_tracks(login, participant):
    TrackFactory(person=participant, track_type=track_type("Staff"))
    TrackFactory(
        person=participant,
        track_type=track_type("Trustee"),
        status=Track.Status.ISSUED,
        submitted_at=timezone.now(),
    )

    response = login(participant).get(URL)

    tracks = [progress.track for progress in response.context["progresses"]]
    assert [track.track_type.name for track in tracks] == ["Staff"]


# Past certifications


def test_past_certificates_link_to_pages(login, participant):
    issued_certificate(participant, "MT-ABCD2345")

    response = login(participant).get(URL)

    html = response.content.decode()
    assert "MT-ABCD2345" in html
    assert reverse("certifications:certificate", args=["MT-ABCD2345"]) in html
    assert reverse("certifications:certificate_pdf", args=["MT-ABCD2345"]) in html
    assert "<td>Valid</td>" in html


def test_expired_certificate_marked(login, participant):
    issued_certificate(
        participant,
        "MT-EXPD2345",
        issued_on=timezone.localdate() - timedelta(days=5 * 365),
    )

    response = login(participant).get(URL)

    assert "<td>Expired</td>" in response.content.decode()


# Queries


def add_records(person, count):
    """Add `count` credits spread over the categories, and `count` events."""
    categories = list(Category.objects.all())
    for number in range(count):
        CreditFactory(person=person, category=categories[number % 4])
        CatalogEventFactory(end=timezone.now() - timedelta(days=number + 1))


def panel_queries(client, query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, query)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", [{}, {"events": "all"}])
def test_panel_query_count_constant(
    login, participant, django_assert_max_num_queries, query
):
    client = login(participant)
    TrackFactory(person=participant, track_type=track_type("Staff"))
    add_records(participant, 3)
    few = panel_queries(client, query)

    add_records(participant, 27)
    counted = Credit.objects.filter(person=participant)[:5]
    submitted_track(participant, counted, name="Trustee")
    issued_certificate(participant, "MT-QUER2345")
    issued_certificate(participant, "MT-QUER2346")
    many = panel_queries(client, query)

    assert many == few
    with django_assert_max_num_queries(16):
        client.get(URL, query)


def test_track_names_its_period(login, participant):
    TrackFactory(
        person=participant, track_type=track_type("Staff"), started_on=date(2024, 2, 29)
    )

    response = login(participant).get(URL)

    html = " ".join(response.content.decode().split())
    assert (
        "Credits count when the event ended from February 29, 2024 to "
        "February 28, 2028." in html
    )
