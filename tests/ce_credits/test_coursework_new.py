from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ce_credits.coursework_forms import TRANSCRIPT_MAX_BYTES
from ce_credits.models import Coursework, Credit, CreditTransition

from ..factories import UserFactory, category

pytestmark = pytest.mark.django_db

URL = reverse("ce_credits:coursework_new")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def course(participant):
    """Return valid step 1 input: a semester course for the participant."""
    today = timezone.localdate()
    return {
        "participant": participant.email,
        "title": "Information Organization",
        "institution": "University of North Texas",
        "term": "Fall 2026",
        "term_start": (today - timedelta(days=120)).isoformat(),
        "term_end": (today - timedelta(days=10)).isoformat(),
        "unit": Coursework.Unit.SEMESTER,
        "college_credits": "3",
        "category": category("Collection Management and Technical Services").pk,
    }


def upload(content=PDF, name="transcript.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def save(client, course, transcript=None):
    data = {**course, "step": "save", "transcript": transcript or upload()}
    return client.post(URL, data)


def test_form_renders_labels(login, coordinator):
    response = login(coordinator).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for label in (
        "Participant&#x27;s email address",
        "Course title",
        "Institution",
        "Term",
        "Term start date",
        "Term end date",
        "Credit system",
        "College credits",
        "CE category",
    ):
        assert label in html
    assert 'type="date"' in html


def test_non_coordinator_gets_404(login, participant, supervisor, course):
    client = login(supervisor)

    assert client.get(URL).status_code == 404
    assert client.post(URL, course).status_code == 404
    assert save(client, course).status_code == 404
    assert not Credit.objects.exists()


def test_anonymous_redirects_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_superuser_may_enter(login):
    admin = UserFactory(is_superuser=True)

    response = login(admin).get(URL)

    assert response.status_code == 200


def test_preview_shows_semester_figure(login, coordinator, course):
    response = login(coordinator).post(URL, course)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>12 CE credits</strong>" in html
    assert "Information Organization" in html
    assert "University of North Texas" in html
    assert "Fall 2026" in html
    assert "Pat Reader" in html
    assert "semester credits" in html
    assert 'name="transcript"' in html
    assert 'type="hidden" name="title" value="Information Organization"' in html
    assert 'type="hidden" name="participant" value="pat@lclib.example"' in html
    assert 'type="hidden" name="college_credits" value="3"' in html


def test_preview_shows_quarter_figure(login, coordinator, course):
    course.update(unit=Coursework.Unit.QUARTER, college_credits="4.5")

    response = login(coordinator).post(URL, course)

    assert "<strong>9 CE credits</strong>" in response.content.decode()


def test_preview_saves_nothing(login, coordinator, course):
    login(coordinator).post(URL, course)

    assert not Credit.objects.exists()
    assert not Coursework.objects.exists()
    assert not CreditTransition.objects.exists()


def test_edit_step_shows_form_with_values(login, coordinator, course):
    response = login(coordinator).post(URL, {**course, "step": "edit"})

    html = response.content.decode()
    assert "<h1>Enter college coursework</h1>" in html
    assert 'value="Information Organization"' in html
    assert not Credit.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("participant", "nobody@nowhere.example", "No participant has the email"),
        ("college_credits", "0", "Enter a positive multiple of 0.5"),
        ("college_credits", "1.25", "Enter a positive multiple of 0.5"),
        ("college_credits", "12.5", "A course carries at most 12 college credits"),
        ("college_credits", "999.5", "A course carries at most 12 college credits"),
        ("title", "", "This field is required."),
    ],
)
def test_step_one_rejects_bad_value(login, coordinator, course, field, value, message):
    course[field] = value

    response = login(coordinator).post(URL, course)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field]


def test_step_one_rejects_own_email(login, coordinator, course):
    course["participant"] = coordinator.email.upper()

    response = login(coordinator).post(URL, course)

    assert response.context["form"].errors["participant"] == [
        "You cannot enter coursework for yourself. Ask another CE coordinator "
        "to enter it."
    ]


def test_step_one_rejects_future_end(login, coordinator, course):
    course["term_end"] = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = login(coordinator).post(URL, course)

    assert (
        "The term ends in the future" in response.context["form"].errors["term_end"][0]
    )


def test_step_one_rejects_end_before_start(login, coordinator, course):
    course["term_end"] = course["term_start"]

    response = login(coordinator).post(URL, course)

    assert response.context["form"].errors["term_end"] == [
        "The term end date must come after the start date."
    ]


def test_step_one_accepts_max_credits(login, coordinator, course):
    course["college_credits"] = "12"

    response = login(coordinator).post(URL, course)

    assert response.context["ce_credits"] == 48


def test_step_one_rejects_long_term(login, coordinator, course):
    course["term_start"] = (timezone.localdate() - timedelta(days=400)).isoformat()

    response = login(coordinator).post(URL, course)

    assert response.context["form"].errors["term_start"] == [
        "The term lasts more than a year. Check the dates, and enter each "
        "term's course on its own."
    ]


def test_step_one_rejects_old_term(login, coordinator, course):
    course["term_start"] = "1900-01-01"
    course["term_end"] = "1900-05-01"

    response = login(coordinator).post(URL, course)

    assert response.context["form"].errors["term_end"] == [
        "The term ended more than 10 years ago. Check the date on the transcript."
    ]


def test_save_twice_saves_once(login, participant, coordinator, course):
    client = login(coordinator)
    save(client, course)

    response = save(client, course)

    assert Coursework.objects.filter(credit__person=participant).count() == 1
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert "Information Organization at University of North Texas" in errors[0]
    assert "is already on record for Pat Reader" in errors[0]


def test_same_course_other_term_saved(login, participant, coordinator, course):
    client = login(coordinator)
    save(client, course)
    course["term"] = "Spring 2026"

    response = save(client, course)

    assert response.status_code == 302
    assert Coursework.objects.filter(credit__person=participant).count() == 2


def test_save_creates_verified_credit(login, participant, coordinator, course):
    response = save(login(coordinator), course)

    assert response.status_code == 302
    assert response.url == URL
    credit = Credit.objects.get()
    assert credit.person == participant
    assert credit.source == Credit.Source.COURSEWORK
    assert credit.title == "Information Organization"
    assert credit.sponsor == "University of North Texas"
    assert str(credit.credits) == "12.0"
    assert credit.status == Credit.Status.VERIFIED
    assert credit.decided_by == coordinator


def test_save_creates_coursework(login, coordinator, course):
    save(login(coordinator), course)

    coursework = Coursework.objects.get()
    assert coursework.term == "Fall 2026"
    assert coursework.unit == Coursework.Unit.SEMESTER
    assert str(coursework.college_credits) == "3.0"
    assert coursework.entered_by == coordinator
    with coursework.transcript.open("rb") as stored:
        assert stored.read() == PDF


def test_save_creates_transition(login, participant, coordinator, course):
    save(login(coordinator), course)

    transition = CreditTransition.objects.get()
    assert transition.credit == Credit.objects.get()
    assert transition.actor == coordinator
    assert transition.to_status == Credit.Status.VERIFIED


def test_save_confirms_with_message(login, coordinator, course):
    response = save(login(coordinator), course)

    follow = login(coordinator).get(response.url)
    assert (
        "Saved 12 CE credits of college coursework for Pat Reader."
        in follow.content.decode()
    )


def test_save_names_png_by_content(login, coordinator, course):
    save(login(coordinator), course, upload(PNG, name="scan.pdf"))

    coursework = Coursework.objects.get()
    assert coursework.transcript.name.endswith(".png")


def test_save_rejects_text_named_pdf(login, coordinator, course):
    transcript = upload(b"Official transcript\nGPA 4.0\n", name="transcript.pdf")

    response = save(login(coordinator), course, transcript)

    assert response.status_code == 200
    errors = response.context["transcript_form"].errors["transcript"]
    assert errors == [
        "The file is not a PDF, PNG or JPEG. Upload the transcript in one of "
        "those formats."
    ]
    assert not Credit.objects.exists()
    assert not Coursework.objects.exists()


def test_save_rejects_oversized_file(login, coordinator, course):
    transcript = upload(PDF + b"\0" * (TRANSCRIPT_MAX_BYTES + 1 - len(PDF)))

    response = save(login(coordinator), course, transcript)

    errors = response.context["transcript_form"].errors["transcript"]
    assert errors[0].startswith("The file is larger than 10 MB.")
    assert not Credit.objects.exists()


def test_save_accepts_file_of_max_size(login, coordinator, course):
    transcript = upload(PDF + b"\0" * (TRANSCRIPT_MAX_BYTES - len(PDF)))

    response = save(login(coordinator), course, transcript)

    assert response.status_code == 302
    assert Coursework.objects.exists()


def test_save_requires_transcript(login, coordinator, course):
    response = login(coordinator).post(URL, {**course, "step": "save"})

    assert response.context["transcript_form"].errors["transcript"]
    assert not Credit.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("college_credits", "-3"),
        ("college_credits", "0.3"),
        ("unit", "year"),
        ("category", "999999"),
        ("participant", "ce@msl.example"),
        ("participant", "nobody@nowhere.example"),
        ("term_end", "2999-01-01"),
        ("term_start", "not a date"),
    ],
)
def test_save_rejects_tampered_field(login, coordinator, course, field, value):
    course[field] = value

    response = save(login(coordinator), course)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "<h1>Enter college coursework</h1>" in response.content.decode()
    assert not Credit.objects.exists()
    assert not Coursework.objects.exists()


def test_save_keeps_quotes_in_title(login, coordinator, course):
    course["title"] = 'Metadata & "Linked Data" <Basics>'
    client = login(coordinator)

    preview = client.post(URL, course)
    hidden = preview.context["form"]["title"].value()
    save(client, {**course, "title": hidden})

    assert Credit.objects.get().title == 'Metadata & "Linked Data" <Basics>'
    assert "&quot;Linked Data&quot;" in preview.content.decode()


def test_save_ignores_posted_ce_credits(login, coordinator, course):
    save(login(coordinator), {**course, "credits": "400", "ce_credits": "400"})

    assert str(Credit.objects.get().credits) == "12.0"


def test_preview_one_credit_singular(login, coordinator, course):
    course["unit"] = Coursework.Unit.QUARTER
    course["college_credits"] = "0.5"

    response = login(coordinator).post(URL, course)

    assert "<strong>1 CE credit</strong>" in response.content.decode()
