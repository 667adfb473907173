from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ce_credits.forms import DATETIME_LOCAL_FORMAT
from ce_credits.models import Credit, CreditTransition
from certifications import services as track_services
from certifications.models import Track

from ..factories import CreditFactory, TrackFactory, UserFactory, category, track_type
from .correction_support import (
    APPROVED,
    ISSUED,
    SUBMITTED,
    count_on_track,
    verified_credit,
    whole_minute,
)

pytestmark = pytest.mark.django_db

Action = CreditTransition.Action


def correct_url(credit):
    return reverse("ce_credits:credit_correct", args=[credit.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def local(moment):
    return timezone.localtime(moment).strftime(DATETIME_LOCAL_FORMAT)


def form_data(credit, **changes):
    """Return the correction form's input for `credit` as it is, with `changes`."""
    data = {
        "title": credit.title,
        "begin": local(credit.begin),
        "end": local(credit.end),
        "sponsor": credit.sponsor,
        "presenter": credit.presenter,
        "category": credit.category_id,
        "credits": str(credit.contact_hours if credit.presented else credit.credits),
        "description": credit.description,
        "reason": "The certificate of attendance shows other details.",
        "seen": credit.fingerprint,
    }
    if credit.presented:
        data["presented"] = "on"
    return data | changes


@pytest.fixture
def credit(participant, supervisor):
    return verified_credit(participant, supervisor)


@pytest.fixture
def post(login, coordinator, django_capture_on_commit_callbacks):
    """Post the correction form as the coordinator, running the on-commit mail."""

    def send(credit, data, user=coordinator):
        with django_capture_on_commit_callbacks(execute=True):
            return login(user).post(correct_url(credit), data, follow=True)

    return send


def test_get_shows_form(login, coordinator, credit):
    response = login(coordinator).get(correct_url(credit))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Correct “Weeding the YA collection”" in content
    assert "Reason for the correction" in content
    assert 'value="Weeding the YA collection"' in content


def test_correct_verified_credit(post, coordinator, credit, mailoutbox):
    technology = category("Technology")
    data = form_data(
        credit,
        title="Weeding the teen collection",
        category=technology.pk,
        credits="2.5",
        reason="The certificate names the teen collection.",
    )

    response = post(credit, data)

    assert response.redirect_chain[-1][0] == reverse(
        "ce_credits:person_credits", args=[credit.person_id]
    )
    assert "“Weeding the teen collection” was corrected" in response.content.decode()

    credit.refresh_from_db()
    assert credit.title == "Weeding the teen collection"
    assert credit.category == technology
    assert credit.credits == 2.5
    assert credit.status == Credit.Status.VERIFIED

    row = CreditTransition.objects.get(credit=credit, action=Action.CORRECT)
    assert row.actor == coordinator
    assert row.from_status == Credit.Status.VERIFIED
    assert row.to_status == Credit.Status.VERIFIED
    assert "The certificate names the teen collection." in row.note
    assert (
        "Event title: “Weeding the YA collection” → “Weeding the teen collection”"
        in row.note
    )
    assert "CE category: Library Administration → Technology" in row.note
    assert "Credit value: 3 → 2.5" in row.note

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [credit.person.email]
    assert "was corrected" in mail.subject
    assert "The certificate names the teen collection." in mail.body
    assert "Credit value: 3 → 2.5" in mail.body


def test_dates_corrected(post, credit):
    new_end = credit.end - timedelta(days=1)
    data = form_data(
        credit, begin=local(new_end - timedelta(hours=3)), end=local(new_end)
    )

    post(credit, data)

    credit.refresh_from_db()
    assert credit.end == new_end
    assert credit.begin == new_end - timedelta(hours=3)
    note = CreditTransition.objects.get(action=Action.CORRECT).note
    assert "Begin: " in note
    assert "End: " in note


def test_nothing_changed(post, credit, mailoutbox):
    response = post(credit, form_data(credit))

    assert "nothing was corrected" in response.content.decode()
    assert not CreditTransition.objects.filter(action=Action.CORRECT).exists()
    assert mailoutbox == []


def test_stored_seconds_are_no_change(post, participant, supervisor):
    """The form shows whole minutes, so a stored time with seconds is unchanged."""
    credit = verified_credit(participant, supervisor)
    Credit.objects.filter(pk=credit.pk).update(
        end=credit.end + timedelta(seconds=42),
        begin=credit.begin + timedelta(seconds=7),
    )
    credit.refresh_from_db()

    response = post(credit, form_data(credit))

    assert "nothing was corrected" in response.content.decode()
    assert not CreditTransition.objects.filter(action=Action.CORRECT).exists()


def test_reason_required(post, credit):
    response = post(credit, form_data(credit, title="Weeding", reason="  "))

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    credit.refresh_from_db()
    assert credit.title == "Weeding the YA collection"


def test_quarter_credit_rejected(post, credit):
    response = post(credit, form_data(credit, credits="0.25"))

    assert "Enter a positive multiple of 0.5" in response.content.decode()
    credit.refresh_from_db()
    assert credit.credits == 3


def test_end_before_begin_rejected(post, credit):
    data = form_data(credit, end=local(credit.begin - timedelta(hours=1)))

    response = post(credit, data)

    assert "The end must come after the begin." in response.content.decode()
    assert not CreditTransition.objects.filter(action=Action.CORRECT).exists()


def test_value_longer_than_event_rejected(post, credit):
    response = post(credit, form_data(credit, credits="5"))

    assert "The event lasts 3.0 hours" in response.content.decode()


def test_old_credit_keeps_its_end(post, participant, supervisor):
    """A credit older than four years may be corrected if its end stays."""
    end = timezone.now().replace(second=0, microsecond=0) - timedelta(days=5 * 365)
    credit = verified_credit(
        participant, supervisor, begin=end - timedelta(hours=1), end=end, credits=1
    )

    post(credit, form_data(credit, title="Storytime basics"))

    credit.refresh_from_db()
    assert credit.title == "Storytime basics"


def test_presented_credit_stays_doubled(post, participant, supervisor):
    credit = verified_credit(
        participant, supervisor, presented=True, contact_hours=2, credits=4
    )

    post(credit, form_data(credit, credits="1.5"))

    credit.refresh_from_db()
    assert credit.presented
    assert credit.contact_hours == 1.5
    assert credit.credits == 3


def test_presenter_doubling_cleared(post, participant, supervisor):
    credit = verified_credit(
        participant, supervisor, presented=True, contact_hours=2, credits=4
    )
    data = form_data(credit)
    del data["presented"]

    post(credit, data)

    credit.refresh_from_db()
    assert not credit.presented
    assert credit.contact_hours is None
    assert credit.credits == 2


def test_pending_stays_pending(post, participant):
    credit = CreditFactory(person=participant, title="Teen services")

    post(credit, form_data(credit, title="Teen services 101"))

    credit.refresh_from_db()
    assert credit.title == "Teen services 101"
    assert credit.status == Credit.Status.PENDING


def test_catalogue_credit_without_presenter(post, participant, supervisor):
    from ..factories import CatalogEventFactory

    event = CatalogEventFactory()
    credit = verified_credit(
        participant,
        supervisor,
        source=Credit.Source.CATALOG,
        catalog_event=event,
        presenter="",
        credits=2,
    )

    post(credit, form_data(credit, credits="1.5"))

    credit.refresh_from_db()
    assert credit.credits == 1.5


@pytest.mark.parametrize("status", [SUBMITTED, APPROVED])
def test_credit_of_open_review_corrected(post, credit, status):
    count_on_track(credit, status)

    post(credit, form_data(credit, title="Weeding"))

    credit.refresh_from_db()
    assert credit.title == "Weeding"


def test_credit_of_issued_track_rejected(post, login, coordinator, credit):
    count_on_track(credit, ISSUED)

    page = login(coordinator).get(correct_url(credit)).content.decode()
    response = post(credit, form_data(credit, title="Weeding"))

    assert "An issued certificate rests on this credit" in page
    assert "An issued certificate rests on this credit" in response.content.decode()
    credit.refresh_from_db()
    assert credit.title == "Weeding the YA collection"


def test_own_credit_rejected(post, login, coordinator, supervisor):
    credit = verified_credit(coordinator, supervisor)

    page = login(coordinator).get(correct_url(credit)).content.decode()
    response = post(credit, form_data(credit, title="Weeding"))

    assert "Ask another CE coordinator" in page
    assert "Ask another CE coordinator" in response.content.decode()
    credit.refresh_from_db()
    assert credit.title == "Weeding the YA collection"


def test_superuser_corrects(post, credit):
    admin = UserFactory(is_superuser=True)

    post(credit, form_data(credit, title="Weeding"), user=admin)

    credit.refresh_from_db()
    assert credit.title == "Weeding"
    assert CreditTransition.objects.get(action=Action.CORRECT).actor == admin


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
def test_others_get_404(login, request, credit, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(correct_url(credit)).status_code == 404
    response = client.post(correct_url(credit), form_data(credit, title="Weeding"))
    assert response.status_code == 404
    credit.refresh_from_db()
    assert credit.title == "Weeding the YA collection"


def test_anonymous_redirects_to_login(client, credit):
    response = client.post(correct_url(credit), form_data(credit, title="Weeding"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_unknown_credit_gets_404(login, coordinator):
    response = login(coordinator).get(
        reverse("ce_credits:credit_correct", args=[999999])
    )

    assert response.status_code == 404


def test_coursework_keeps_credit_value(post, participant, supervisor):
    credit = verified_credit(
        participant,
        supervisor,
        source=Credit.Source.COURSEWORK,
        presenter="",
        sponsor="University of Montana",
        credits=4,
    )
    data = form_data(
        credit, title="Cataloging I", sponsor="Another college", credits="1"
    )

    post(credit, data)

    credit.refresh_from_db()
    assert credit.title == "Cataloging I"
    assert credit.sponsor == "University of Montana"
    assert credit.credits == 4


def test_lowered_value_returns_short_track(post, participant, supervisor):
    track = TrackFactory(person=participant, track_type=track_type("Trustee"))
    verified_credit(participant, supervisor, credits=10, title="Board basics")
    websites = verified_credit(
        participant,
        supervisor,
        credits=5,
        begin=whole_minute(timezone.now() - timedelta(days=9, hours=5)),
        end=whole_minute(timezone.now() - timedelta(days=9)),
        title="Library websites",
        category=category("Technology"),
    )
    track_services.track_submit(track=track, actor=participant)

    response = post(websites, form_data(websites, credits="4"))

    assert (
        "The correction left the Trustee track short of its requirements, so it "
        "was returned to Pat Reader." in messages_of(response)
    )
    track.refresh_from_db()
    assert track.status == Track.Status.RETURNED
    assert track.return_message.startswith(
        "The CE coordinator corrected “Library websites”: "
    )
    assert "1 more credit in total" in track.return_message


def test_changed_meanwhile_rejected(post, credit):
    data = form_data(credit, title="Weeding the teen collection")
    Credit.objects.filter(pk=credit.pk).update(sponsor="Another sponsor")

    response = post(credit, data)

    credit.refresh_from_db()
    assert credit.title == "Weeding the YA collection"
    assert credit.sponsor == "Another sponsor"
    assert response.redirect_chain[-1][0] == correct_url(credit)
    assert messages_of(response) == [
        "“Weeding the YA collection” was changed after you opened this form, so "
        "nothing was saved. Review its new details and correct it again."
    ]
    assert not CreditTransition.objects.filter(
        credit=credit, action=CreditTransition.Action.CORRECT
    ).exists()


def test_correction_into_repeat_rejected(post, participant, supervisor, credit):
    other = verified_credit(participant, supervisor, title="Weeding the teen shelves")

    response = post(other, form_data(other, title="  weeding the YA collection "))

    other.refresh_from_db()
    assert other.title == "Weeding the teen shelves"
    assert "would repeat “Weeding the YA collection”" in response.content.decode()
