from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ce_credits.models import CatalogEvent, Credit
from certifications.models import Track
from certifications.services import progress_of

pytestmark = pytest.mark.django_db

PASSWORD = "demo-pass-2026"
STAFF = "staff@lclibrary.example"
DIRECTOR = "director@lclibrary.example"
CHAIR = "chair@lclibrary.example"
TRUSTEE = "trustee@lclibrary.example"
COORDINATOR = "coordinator@msl.example"


def load_demo():
    output = StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def demo():
    load_demo()


def test_second_run_creates_nothing():
    load_demo()
    first = row_counts()

    output = load_demo()

    assert row_counts() == first
    assert "Credits: 0 created" in output


def test_run_months_later_creates_nothing(monkeypatch):
    load_demo()
    first = row_counts()
    later = timezone.now() + timedelta(days=200)
    monkeypatch.setattr(timezone, "now", lambda: later)

    load_demo()

    assert row_counts() == first


def test_first_run_reports_what_it_created():
    output = load_demo()

    assert "Catalogue: 20 events created" in output
    assert "Libraries: 3 created." in output
    assert "Accounts: 5 created, with 4 positions." in output
    assert STAFF in output


@pytest.mark.parametrize("email", [STAFF, DIRECTOR, CHAIR, TRUSTEE, COORDINATOR])
def test_demo_account_logs_in(demo, client, email):
    response = client.post(reverse("login"), {"username": email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)


def test_staff_librarian_can_claim_an_event(demo):
    staff = User.objects.get(email=STAFF)

    assert CatalogEvent.objects.claimable_by(staff).exists()


def test_catalogue_has_events_not_ended(demo):
    assert CatalogEvent.objects.filter(end__gt=timezone.now()).exists()


@pytest.mark.parametrize(
    ("owner", "verifier"), [(STAFF, DIRECTOR), (DIRECTOR, CHAIR), (CHAIR, TRUSTEE)]
)
def test_verifier_has_pending_credits(demo, owner, verifier):
    person = User.objects.get(email=owner)
    verifier = User.objects.get(email=verifier)

    assert User.objects.verified_by(verifier).filter(pk=person.pk).exists()
    assert person.credits.pending().exists()


@pytest.mark.parametrize(("owner", "verifier"), [(STAFF, DIRECTOR), (DIRECTOR, CHAIR)])
def test_verifier_has_verified_credits(demo, owner, verifier):
    verified = Credit.objects.filter(person__email=owner, status=Credit.Status.VERIFIED)

    assert verified.exists()
    assert set(verified.values_list("decided_by__email", flat=True)) == {verifier}


def test_staff_track_in_progress(demo):
    track = Track.objects.for_panel().get(person__email=STAFF)

    assert track.status == Track.Status.IN_PROGRESS
    assert not progress_of(track).is_complete
    assert progress_of(track).total_earned > 0


def test_director_track_ready_to_submit(demo):
    track = Track.objects.for_panel().get(person__email=DIRECTOR)

    assert track.status == Track.Status.IN_PROGRESS
    assert progress_of(track).is_complete


def test_trustee_track_submitted(demo):
    track = Track.objects.for_panel().get(person__email=TRUSTEE)

    assert track.status == Track.Status.SUBMITTED
    assert progress_of(track).pending


def test_credits_have_audit_rows(demo):
    for credit in Credit.objects.all():
        actions = set(credit.transitions.values_list("action", flat=True))
        assert "claim" in actions
        if credit.status == Credit.Status.VERIFIED:
            assert "verify" in actions


def test_coordinator_opens_admin_lists(demo, client):
    client.login(username=COORDINATOR, password=PASSWORD)

    for name in [
        "admin:index",
        "admin:accounts_user_changelist",
        "admin:accounts_library_changelist",
        "admin:ce_credits_category_changelist",
        "admin:ce_credits_catalogevent_changelist",
        "admin:ce_credits_credit_changelist",
        "admin:certifications_edition_changelist",
        "admin:certifications_tracktype_changelist",
        "admin:certifications_track_changelist",
        "admin:certifications_certificate_changelist",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name


def test_coordinator_opens_admin_records(demo, client):
    client.login(username=COORDINATOR, password=PASSWORD)
    credit = Credit.objects.filter(person__email=STAFF).first()
    track = Track.objects.get(person__email=TRUSTEE)
    staff = User.objects.get(email=STAFF)

    for name, pk in [
        ("admin:ce_credits_credit_change", credit.pk),
        ("admin:certifications_track_change", track.pk),
        ("admin:accounts_user_change", staff.pk),
    ]:
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 200, name
