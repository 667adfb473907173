from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ce_credits.forms import DATETIME_LOCAL_FORMAT
from ce_credits.models import Credit

from ..factories import PASSWORD, category

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REQUIRED_LABELS = [
    "Event Title",
    "Begin Date and Time",
    "End Date and Time",
    "Sponsor",
    "Trainer/Presenter Name",
    "CE Category",
    "Credit Value",
]
OPTIONAL_LABELS = ["I presented this", "Description", "Proof of attendance"]
# Bootstrap's "danger" red, which static/css/site.css gives to .asteriskField.
RED = "rgb(220, 53, 69)"


def open_new_event_form(page):
    page.get_by_role("link", name="Continuing Education").click()
    events = page.get_by_role("region", name="Add Independent Learning Event")
    events.get_by_role("link", name="Add a new independent learning event").click()
    expect(
        page.get_by_role("heading", name="Add Independent Learning Event")
    ).to_be_visible()


def fill_event(page, *, title, begin, end, credits):
    page.get_by_label("Event Title").fill(title)
    page.get_by_label("Begin Date and Time").fill(begin.strftime(DATETIME_LOCAL_FORMAT))
    page.get_by_label("End Date and Time").fill(end.strftime(DATETIME_LOCAL_FORMAT))
    page.get_by_label("Sponsor").fill("Montana Library Association")
    page.get_by_label("Trainer/Presenter Name").fill("Robin Teacher")
    page.get_by_label("CE Category").select_option(label="Technology")
    page.get_by_label("Credit Value").fill(credits)


def record_posts(page):
    """Return a list that collects the URL of each POST request the page sends
    from now on."""
    posts = []

    def collect(request):
        if request.method == "POST":
            posts.append(request.url)

    page.on("request", collect)
    return posts


def label_of(page, text):
    return page.locator("form label").filter(has_text=text)


def test_required_fields_show_red_asterisk(participant, log_in):
    page = log_in(participant.email, PASSWORD)

    open_new_event_form(page)

    for text in REQUIRED_LABELS:
        asterisk = label_of(page, text).locator(".asteriskField")
        expect(asterisk).to_have_text("*")
        expect(asterisk).to_have_css("color", RED)
        expect(page.get_by_label(text)).to_have_js_property("required", True)
    for text in OPTIONAL_LABELS:
        expect(label_of(page, text)).to_have_count(1)
        expect(label_of(page, text).locator(".asteriskField")).to_have_count(0)
        expect(page.get_by_label(text)).to_have_js_property("required", False)


def test_browser_blocks_title_and_credits(participant, log_in):
    page = log_in(participant.email, PASSWORD)
    open_new_event_form(page)
    posts = record_posts(page)
    end = timezone.localtime() - timedelta(days=2)

    fill_event(page, title="", begin=end, end=end - timedelta(hours=1), credits="0.25")
    page.get_by_role("button", name="Save").click()

    # The required, min and step attributes stop the form in the browser, so
    # the server's own messages for these two fields never show.
    # NOTE: the expected texts are Chromium's messages for an en-US locale.
    title = page.get_by_label("Event Title")
    credits = page.get_by_label("Credit Value")
    expect(title).to_have_js_property(
        "validationMessage", "Please fill out this field."
    )
    expect(credits).to_have_js_property(
        "validationMessage", "Value must be greater than or equal to 0.5."
    )
    expect(title).to_be_focused()

    page.get_by_role("link", name="Continuing Education").click()
    expect(page.get_by_role("heading", name="Continuing Education")).to_be_visible()
    assert posts == []
    assert not Credit.objects.filter(person=participant).exists()


def test_end_before_begin_shown_at_field(participant, log_in):
    page = log_in(participant.email, PASSWORD)
    open_new_event_form(page)
    end = timezone.localtime() - timedelta(days=2)

    fill_event(
        page,
        title="Library websites",
        begin=end,
        end=end - timedelta(hours=1),
        credits="1.5",
    )
    page.get_by_role("button", name="Save").click()

    end_field = page.get_by_label("End Date and Time")
    expect(end_field).to_have_accessible_description(
        "The end must come after the begin."
    )
    expect(end_field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Event Title")).not_to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.get_by_label("Event Title")).to_have_value("Library websites")
    assert not Credit.objects.filter(person=participant).exists()


def test_corrected_event_saved_as_pending(participant, supervisor, log_in):
    page = log_in(participant.email, PASSWORD)
    open_new_event_form(page)
    end = timezone.localtime().replace(second=0, microsecond=0) - timedelta(days=2)
    begin = end - timedelta(hours=1, minutes=30)

    fill_event(page, title="", begin=end, end=begin, credits="0.25")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Event Title")).to_be_focused()

    fill_event(page, title="Library websites", begin=end, end=begin, credits="1.5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("End Date and Time")).to_have_attribute(
        "aria-invalid", "true"
    )

    page.get_by_label("Begin Date and Time").fill(begin.strftime(DATETIME_LOCAL_FORMAT))
    page.get_by_label("End Date and Time").fill(end.strftime(DATETIME_LOCAL_FORMAT))
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("“Library websites” was saved.")
    credits = page.get_by_role("region", name="Edit CE Credits")
    row = credits.get_by_role("row").filter(has_text="Library websites")
    expect(row).to_contain_text("PENDING")
    expect(row).to_contain_text("1.5")
    credit = Credit.objects.get(person=participant)
    assert credit.title == "Library websites"
    assert credit.status == Credit.Status.PENDING
    assert credit.source == Credit.Source.INDEPENDENT
    assert credit.credits == Decimal("1.5")
    assert credit.category == category("Technology")
    assert credit.begin == begin
    assert credit.end == end


def test_same_event_twice_shows_repeat(participant, log_in):
    page = log_in(participant.email, PASSWORD)
    end = timezone.localtime().replace(second=0, microsecond=0) - timedelta(days=2)
    begin = end - timedelta(hours=1)
    for _ in range(2):
        open_new_event_form(page)
        fill_event(page, title="Library websites", begin=begin, end=end, credits="1")
        page.get_by_role("button", name="Save").click()

    expect(page.locator("form .alert-danger")).to_contain_text(
        "Nothing was saved, because this event repeats “Library websites”"
    )
    expect(page.locator("form .alert-danger")).to_contain_text(
        "already among your credits as PENDING"
    )
    expect(page.get_by_label("Event Title")).to_have_value("Library websites")
    assert Credit.objects.filter(person=participant).count() == 1
