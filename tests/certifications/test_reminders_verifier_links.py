"""The digest to a verifier without an account brings a fresh link per person."""

import re
from smtplib import SMTPServerDisconnected

import pytest
from django.conf import settings as django_settings
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from accounts.models import Library, Position
from ce_credits import links
from ce_credits.models import VerifierLink
from certifications.models import Reminder
from certifications.reminders import plan_reminders, send_reminders

from ..factories import LibraryFactory, PositionFactory, UserFactory
from .reminders_support import claim, days_from_now, run

pytestmark = pytest.mark.django_db

PRINCIPAL = "paula@school.example"
LINK = re.compile(
    re.escape(django_settings.SITE_URL + "/credits/link/") + r"([^/\s]+)/"
)


class DownBackend(EmailBackend):
    """Fails every send, as when the SMTP server is unreachable."""

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def school_staff(first_name, email, school):
    """A school librarian whom the principal verifies through emailed links."""
    user = UserFactory(first_name=first_name, last_name="School", email=email)
    PositionFactory(
        person=user,
        library=school,
        kind=Position.Kind.STAFF,
        verifier_name="Paula Principal",
        verifier_email=PRINCIPAL,
    )
    return user


@pytest.fixture
def school(db):
    return LibraryFactory(kind=Library.Kind.SCHOOL)


@pytest.fixture
def sam(school):
    return school_staff("Sam", "sam@school.example", school)


def tokens_in(body):
    return LINK.findall(body)


def page_url(token):
    return reverse("ce_credits:link_page", args=[token])


def bodies_to(mailoutbox, address):
    return [message.body for message in mailoutbox if message.to == [address]]


def test_digest_link_works(client, sam, mailoutbox):
    claim(sam)
    old = links.verifier_link_send(person=sam)
    old_token = links.link_token(old)

    run(days_from_now(7))

    [body] = bodies_to(mailoutbox, PRINCIPAL)
    [token] = tokens_in(body)
    response = client.get(page_url(token))
    assert response.status_code == 200
    assert response.context["person"] == sam
    assert client.get(page_url(old_token)).status_code == 410


def test_one_link_per_person(school, sam, mailoutbox):
    claim(sam)
    lee = school_staff("Lee", "lee@school.example", school)
    claim(lee, days_ago=-1)

    run(days_from_now(8))

    [body] = bodies_to(mailoutbox, PRINCIPAL)
    people = [links.verifier_link_from_token(token).person for token in tokens_in(body)]
    assert people == [sam, lee]
    assert "- Sam School: 1 pending credit, the oldest claimed 8 days ago\n" in body
    assert "Each link above works for 30 days" in body


def test_fourteen_day_digest_brings_new_link(sam, mailoutbox):
    claim(sam)

    run(days_from_now(7))
    run(days_from_now(14))

    first, second = [tokens_in(body) for body in bodies_to(mailoutbox, PRINCIPAL)]
    assert first != second
    with pytest.raises(links.ReplacedLink):
        links.verifier_link_from_token(first[0])
    assert links.verifier_link_from_token(second[0]).person == sam


def test_account_verifier_digest_opens_no_link(participant, supervisor, mailoutbox):
    claim(participant)

    run(days_from_now(7))

    assert not VerifierLink.objects.exists()
    [body] = bodies_to(mailoutbox, supervisor.email)
    assert tokens_in(body) == []


def test_dry_run_opens_no_link(sam):
    claim(sam)

    send_reminders(days_from_now(7), dry_run=True)

    assert not VerifierLink.objects.exists()


def test_failed_send_keeps_old_link(sam, settings):
    claim(sam)
    old = links.verifier_link_send(person=sam)
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"

    result = run(days_from_now(7))

    assert len(result.failed) == 1
    assert list(VerifierLink.objects.values_list("pk", flat=True)) == [old.pk]
    assert links.verifier_link_from_token(links.link_token(old)) == old
    assert not Reminder.objects.filter(sent_at__isnull=False).exists()


def test_changed_verifier_gets_no_link(sam):
    claim(sam)
    [mail] = plan_reminders(days_from_now(7))
    Position.objects.filter(person=sam).update(
        verifier_name="Vic Vice", verifier_email="vic@school.example"
    )

    context = mail.prepare()

    assert [entry.token for entry in context["entries"]] == [None]
    assert not VerifierLink.objects.exists()
