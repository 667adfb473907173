from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property


class UserQuerySet(models.QuerySet):
    def verified_by(self, verifier):
        """Return the people whose credits `verifier` confirms.

        A position's named supervisor comes first, then a verifier without an
        account (`Position.verifier_email`). Without either, the verifier is
        whoever holds the kind of seat in `Position.DEFAULT_VERIFIER_KIND` at the
        same library. `verifiers_of` applies the same rule in the other direction.
        """
        by_kind = Q()
        for kind, verifier_kind in Position.DEFAULT_VERIFIER_KIND.items():
            verifier_seat = Position.objects.active().filter(
                person=verifier, kind=verifier_kind, library=OuterRef("library")
            )
            by_kind |= Q(kind=kind) & Q(Exists(verifier_seat))

        seats = Position.objects.filter(is_current=True).filter(
            Q(supervisor=verifier)
            | (Q(supervisor__isnull=True, verifier_email="") & by_kind)
        )
        return self.filter(is_active=True, pk__in=seats.values("person")).exclude(
            pk=verifier.pk
        )

    def verifiers_of(self, person):
        """Return the people who may confirm the credits of `person`."""
        seat = Position.objects.filter(person=person, is_current=True).first()
        if seat is None:
            return self.none()

        if seat.supervisor_id:
            found = self.filter(pk=seat.supervisor_id)
        elif seat.verifier_email:
            return self.none()
        else:
            verifier_kind = Position.DEFAULT_VERIFIER_KIND.get(seat.kind)
            if verifier_kind is None:
                return self.none()
            seats = Position.objects.active().filter(
                library_id=seat.library_id, kind=verifier_kind
            )
            found = self.filter(pk__in=seats.values("person"))
        return found.filter(is_active=True).exclude(pk=person.pk)

    def coordinators(self):
        from django.conf import settings

        return self.filter(
            is_active=True, groups__name=settings.CE_COORDINATOR_GROUP
        ).distinct()


def external_verifier_of(person):
    """Return the (name, email) of the person's verifier without an account, or
    None when the current position names none or names a supervisor account.
    """
    seat = Position.objects.filter(person=person, is_current=True).first()
    if seat is None or seat.supervisor_id or not seat.verifier_email:
        return None
    return seat.verifier_name, seat.verifier_email


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Addresses are compared without case, so "Ann@X.org" logs in as ann@x.org.
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Designates whether the user can log into the admin site.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name

    @cached_property
    def is_verifier(self):
        """Whether anyone's credits wait for this person's verification."""
        return User.objects.verified_by(self).exists()

    @cached_property
    def is_coordinator(self):
        from django.conf import settings

        if self.is_superuser:
            return True
        return any(
            group.name == settings.CE_COORDINATOR_GROUP for group in self.groups.all()
        )


class Library(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", "Public"
        ACADEMIC = "academic", "Academic"
        SCHOOL = "school", "School"
        SPECIAL = "special", "Special"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "libraries"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "city"], name="library_name_city_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.city}"


class PositionQuerySet(models.QuerySet):
    def active(self, on=None):
        """Return the positions held on the date `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Position(models.Model):
    class Kind(models.TextChoices):
        DIRECTOR = "director", "Director"
        STAFF = "staff", "Staff"
        TRUSTEE = "trustee", "Trustee"
        BOARD_CHAIR = "board_chair", "Board chair"

    # Who verifies a seat when the position names no supervisor. A board chair
    # has no default: the chair names another trustee of the board.
    DEFAULT_VERIFIER_KIND = {
        Kind.STAFF: Kind.DIRECTOR,
        Kind.DIRECTOR: Kind.BOARD_CHAIR,
        Kind.TRUSTEE: Kind.BOARD_CHAIR,
    }

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="positions")
    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="positions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(
        "current position",
        default=False,
        help_text="The position shown on the person's home page.",
    )
    supervisor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_positions",
        help_text=(
            "Verifies this person's credits in place of the default: a staff "
            "supervisor in a larger library, the trustee named by a board chair, "
            "or the administrator of a school, academic or special library."
        ),
    )
    # A verifier without an account, such as a board chair or a principal, acts
    # through emailed links. Used when no supervisor account is named.
    verifier_name = models.CharField(max_length=200, blank=True)
    verifier_email = models.EmailField(
        blank=True,
        help_text="Verifies through emailed links when the verifier has no account.",
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["-is_current", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(is_current=True),
                name="position_one_current_per_person",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="position_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("person")),
                name="position_supervisor_not_self",
            ),
            models.CheckConstraint(
                condition=Q(verifier_email="")
                | (Q(supervisor__isnull=True) & ~Q(verifier_name="")),
                name="position_external_verifier_complete",
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.library.name}"


class VerifierChange(models.Model):
    """One change of who verifies a person's credits, kept as an audit row."""

    person = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="verifier_changes",
        help_text="The participant whose verifier changed.",
    )
    position = models.ForeignKey(
        Position, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    from_verifier = models.CharField(max_length=400)
    to_verifier = models.CharField(max_length=400)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.from_verifier} to {self.to_verifier}"
