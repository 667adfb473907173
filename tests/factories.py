"""Factories for the records the tests build."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Library, Position, User
from ce_credits.models import CatalogEvent, Category, Credit
from certifications.models import Certificate, Track, TrackType
from certifications.periods import years_later

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@library.example")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class LibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Library

    name = factory.Sequence(lambda n: f"Library {n}")
    city = "Helena"
    kind = Library.Kind.PUBLIC


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(UserFactory)
    library = factory.SubFactory(LibraryFactory)
    kind = Position.Kind.STAFF
    title = factory.LazyAttribute(lambda o: Position.Kind(o.kind).label)
    start_date = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=400)
    )
    is_current = True


def category(name="Library Administration"):
    return Category.objects.get(name=name)


class CatalogEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogEvent

    title = factory.Sequence(lambda n: f"Catalogue workshop {n}")
    sponsor = "Montana State Library"
    begin = factory.LazyAttribute(lambda o: o.end - timedelta(hours=2))
    end = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    credits = Decimal("2.0")
    category = factory.LazyFunction(category)


class CreditFactory(factory.django.DjangoModelFactory):
    """An independent learning event, pending unless told otherwise."""

    class Meta:
        model = Credit

    person = factory.SubFactory(UserFactory)
    source = Credit.Source.INDEPENDENT
    title = factory.Sequence(lambda n: f"Webinar {n}")
    end = factory.LazyFunction(lambda: timezone.now() - timedelta(days=5))
    begin = factory.LazyAttribute(lambda o: o.end - timedelta(hours=1))
    sponsor = "United for Libraries"
    presenter = "A. Trainer"
    category = factory.LazyFunction(category)
    credits = Decimal("1.0")


def track_type(name="Staff", edition="2023"):
    return TrackType.objects.select_related("edition").get(
        name=name, edition__name=edition
    )


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    person = factory.SubFactory(UserFactory)
    track_type = factory.LazyFunction(track_type)
    kind = factory.LazyAttribute(lambda o: o.track_type.kind)
    started_on = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=365)
    )


class CertificateFactory(factory.django.DjangoModelFactory):
    """An issued certificate of an issued track, issued 100 days ago by default."""

    class Meta:
        model = Certificate

    track = factory.SubFactory(
        TrackFactory,
        person=factory.SelfAttribute("..person"),
        status=Track.Status.ISSUED,
        submitted_at=factory.LazyFunction(timezone.now),
    )
    person = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: f"MT-FACT{n:05d}")
    holder_name = factory.LazyAttribute(lambda o: o.person.get_full_name())
    track_name = factory.LazyAttribute(lambda o: o.track.track_type.name)
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=100))
    expires_on = factory.LazyAttribute(lambda o: years_later(o.issued_on))


def deny_in_place(credit, verifier, reason="Duplicate."):
    """Mark `credit` denied with a row update alone.

    The deny services also return the tracks in review that the denial leaves
    short. This helper skips that, so that tests can set up such a short track
    for the checks that guard it.
    """
    Credit.objects.filter(pk=credit.pk).update(
        status=Credit.Status.DENIED,
        denial_reason=reason,
        decided_by=verifier,
        decided_at=timezone.now(),
    )
