import hashlib
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Round
from django.db.models.lookups import Exact
from django.utils import timezone

CREDIT_STEP = Decimal("0.5")
# The maximum contact hours of one independent learning event, a full week of
# training. A presenter's credit for it is at most twice that.
MAX_EVENT_HOURS = Decimal(40)
# An independent learning event must have ended within this time.
MAX_EVENT_AGE = timedelta(days=4 * 365 + 1)
MAX_DESCRIPTION_LENGTH = 4000
# A catalogue event can be claimed for this long after it ends.
CLAIM_WINDOW = timedelta(days=365)


def validate_credit_value(value):
    if value is None:
        return
    if value <= 0 or value % CREDIT_STEP:
        raise ValidationError(
            "Enter a positive multiple of 0.5, such as 0.5, 1 or 1.5 (got %(value)s).",
            code="credit_step",
            params={"value": value},
        )


def credit_value_constraints(prefix):
    """Return the checks that keep a credit value a positive multiple of 0.5."""
    return [
        models.CheckConstraint(
            condition=Q(credits__gt=0), name=f"{prefix}_credits_positive"
        ),
        models.CheckConstraint(
            condition=Exact(F("credits") * 2, Round(F("credits") * 2)),
            name=f"{prefix}_credits_half_steps",
        ),
        models.CheckConstraint(
            condition=Q(end__gt=F("begin")), name=f"{prefix}_ends_after_begin"
        ),
    ]


class Category(models.Model):
    """One of the CE categories that MSL's Commission approves."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Categories are listed in this order."
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class CatalogEventQuerySet(models.QuerySet):
    def claimable_by(self, person, now=None):
        """Return the events `person` may claim now, newest first.

        An event shows once it has ended, for a year after that, and only while
        the person has not claimed it.
        """
        now = now or timezone.now()
        return (
            self.filter(end__lte=now, end__gt=now - CLAIM_WINDOW)
            .exclude(claims__person=person)
            .select_related("category")
            .order_by("-end", "-begin", "pk")
        )


class CatalogEvent(models.Model):
    """A training sponsored by the State Library or the library association."""

    title = models.CharField(max_length=300)
    sponsor = models.CharField(max_length=200)
    begin = models.DateTimeField("begin date and time")
    end = models.DateTimeField("end date and time")
    credits = models.DecimalField("credit value", max_digits=5, decimal_places=1)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="events"
    )
    delivery = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    source_url = models.URLField(max_length=500, blank=True)

    objects = CatalogEventQuerySet.as_manager()

    class Meta:
        ordering = ["-begin"]
        verbose_name = "catalogue event"
        constraints = credit_value_constraints("catalog_event")

    def __str__(self):
        return self.title


class CreditQuerySet(models.QuerySet):
    def for_panel(self):
        return self.select_related(
            "category", "catalog_event", "decided_by", "decided_via_link"
        )

    def pending(self):
        return self.filter(status=Credit.Status.PENDING)

    def counting(self):
        """Return the credits that can count toward a track: all but denied ones."""
        return self.exclude(status=Credit.Status.DENIED)


class Credit(models.Model):
    """A person's claim of CE credit for one learning event."""

    class Status(models.TextChoices):
        PENDING = "pending", "PENDING"
        VERIFIED = "verified", "VERIFIED"
        DENIED = "denied", "DENIED"

    class Source(models.TextChoices):
        CATALOG = "catalog", "Catalogue event"
        INDEPENDENT = "independent", "Independent learning event"
        COURSEWORK = "coursework", "College coursework"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credits"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    catalog_event = models.ForeignKey(
        CatalogEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    title = models.CharField("event title", max_length=300)
    begin = models.DateTimeField("begin date and time")
    end = models.DateTimeField("end date and time")
    sponsor = models.CharField(max_length=200)
    # Catalogue events carry no presenter, so only the independent form requires it.
    presenter = models.CharField("trainer/presenter name", max_length=200, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="credits"
    )
    credits = models.DecimalField(
        "credit value",
        max_digits=5,
        decimal_places=1,
        validators=[validate_credit_value],
        help_text="One credit per contact hour, in steps of 0.5.",
    )
    description = models.TextField(blank=True)
    presented = models.BooleanField(
        "I presented this",
        default=False,
        help_text=(
            "A presenter who developed and gave a workshop on a library topic "
            "earns twice its contact hours."
        ),
    )
    contact_hours = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="The length of a presented workshop, from which its credit comes.",
    )

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING
    )
    denial_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_credits",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Set when a verifier without an account decided through an emailed link.
    decided_via_link = models.ForeignKey(
        "VerifierLink",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_credits",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["-end", "-pk"]
        constraints = [
            *credit_value_constraints("credit"),
            models.UniqueConstraint(
                fields=["person", "catalog_event"],
                condition=Q(catalog_event__isnull=False),
                name="credit_one_claim_per_event",
            ),
            models.CheckConstraint(
                condition=Q(source="catalog", catalog_event__isnull=False)
                | (~Q(source="catalog") & Q(catalog_event__isnull=True)),
                name="credit_catalog_source_has_event",
            ),
            models.CheckConstraint(
                condition=~Q(decided_by=F("person")),
                name="credit_not_decided_by_owner",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="credit_decision_matches_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="denied") | ~Q(denial_reason=""),
                name="credit_denial_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="pending")
                | Q(decided_by__isnull=False)
                | Q(decided_via_link__isnull=False),
                name="credit_decision_has_decider",
            ),
            models.CheckConstraint(
                condition=Q(presented=False, contact_hours__isnull=True)
                | Q(presented=True, credits=F("contact_hours") * 2),
                name="credit_presenter_doubles_hours",
                violation_error_message=(
                    "A presented workshop's credit must be twice its contact hours."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source="independent")
                | Q(credits__lte=MAX_EVENT_HOURS * 2),
                name="credit_independent_at_most_80",
            ),
            # A backstop for `services.check_duplicate`, which is the full rule.
            # NOTE: Lower() folds case but not spacing, and SQLite's LOWER()
            # folds ASCII letters only, so the index catches exact repeats and
            # case changes but not a title typed with other spaces.
            models.UniqueConstraint(
                Lower("title"),
                "person",
                "begin",
                "end",
                condition=Q(source="independent") & ~Q(status="denied"),
                name="credit_independent_not_repeated",
                violation_error_message=(
                    "This person already has a credit with this title, begin and "
                    "end that is not denied. Nothing was saved."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.credits})"

    def clean(self):
        errors = {}
        if self.begin and self.end and self.end <= self.begin:
            errors["end"] = "The end must come after the begin."
        elif self.end and self.end > timezone.now():
            errors["end"] = "This event has not ended yet. Claim it once it is over."
        if errors:
            raise ValidationError(errors)

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def fingerprint(self):
        """A short digest of the details a verifier decides on.

        A decision form carries it, so that a credit edited after the page was
        shown is not decided unseen.
        """
        details = [
            self.title,
            self.begin.isoformat(),
            self.end.isoformat(),
            self.sponsor,
            self.presenter,
            str(self.category_id),
            f"{Decimal(self.credits).normalize():f}",
            str(self.presented),
            self.description,
        ]
        return hashlib.sha256("\x1f".join(details).encode()).hexdigest()[:16]


# One coursework entry is one course; no course carries more college credits.
MAX_COLLEGE_CREDITS = Decimal(12)
# The maximum length of a term and the maximum age of its end, which catch
# mistyped dates.
MAX_TERM_DAYS = 366
MAX_TERM_AGE_YEARS = 10


def term_errors(term_start, term_end, today):
    """Return the errors of a coursework term's dates, by field name."""
    if term_end > today:
        return {
            "term_end": "The term ends in the future. Enter the coursework once "
            "the term is over."
        }
    if term_end <= term_start:
        return {"term_end": "The term end date must come after the start date."}
    if (term_end - term_start).days > MAX_TERM_DAYS:
        return {
            "term_start": "The term lasts more than a year. Check the dates, and "
            "enter each term's course on its own."
        }
    if term_end.year < today.year - MAX_TERM_AGE_YEARS:
        return {
            "term_end": f"The term ended more than {MAX_TERM_AGE_YEARS} years "
            "ago. Check the date on the transcript."
        }
    return {}


class Coursework(models.Model):
    """College coursework in library science, entered by the CE coordinator."""

    class Unit(models.TextChoices):
        SEMESTER = "semester", "Semester credits"
        QUARTER = "quarter", "Quarter credits"

    # CE credits earned per college credit of each kind.
    CE_CREDITS_PER_UNIT = {Unit.SEMESTER: Decimal(4), Unit.QUARTER: Decimal(2)}

    credit = models.OneToOneField(
        Credit, on_delete=models.CASCADE, related_name="coursework"
    )
    institution = models.CharField(max_length=200)
    term = models.CharField(max_length=100, help_text="For example, Fall 2025.")
    unit = models.CharField("credit system", max_length=20, choices=Unit.choices)
    college_credits = models.DecimalField(max_digits=4, decimal_places=1)
    transcript = models.FileField(upload_to="transcripts/%Y/")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "coursework"
        constraints = [
            models.CheckConstraint(
                condition=Q(college_credits__gt=0)
                & Q(college_credits__lte=MAX_COLLEGE_CREDITS),
                name="coursework_college_credits_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.credit.title}, {self.institution} ({self.term})"

    @classmethod
    def ce_credits_for(cls, unit, college_credits):
        return cls.CE_CREDITS_PER_UNIT[unit] * college_credits


MAX_PROOF_BYTES = 10 * 1024 * 1024
# The maximum number of proof files one form may send. The setting
# DATA_UPLOAD_MAX_NUMBER_FILES must stay above it, or Django rejects the request
# with the 400 page before the form can explain the limit.
MAX_PROOFS_PER_UPLOAD = 10
# The maximum number of proof files one credit keeps, so that a verifier can
# read through all of them.
MAX_PROOFS_PER_CREDIT = 20


class ProofFile(models.Model):
    """A proof of attendance attached to a credit: PDF, PNG or JPEG."""

    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    credit = models.ForeignKey(Credit, on_delete=models.CASCADE, related_name="proofs")
    file = models.FileField(upload_to="proofs/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50, choices=ContentType.choices)
    size = models.PositiveIntegerField(help_text="In bytes.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=MAX_PROOF_BYTES),
                name="proof_file_size_limit",
            ),
        ]

    def __str__(self):
        return self.original_name


class VerifierLink(models.Model):
    """A signed link that lets a verifier without an account decide the pending
    credits of one person.

    The token carries the row's id and nonce. The link stops working when it
    expires, when no pending credit of the person is left, or when a newer
    link replaces it (`closed_at`).
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="verifier_links",
    )
    verifier_name = models.CharField(max_length=200)
    verifier_email = models.EmailField()
    nonce = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(closed_at__isnull=True),
                name="verifier_link_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="verifier_link_expires_after_creation",
            ),
        ]

    def __str__(self):
        return f"Link for {self.verifier_email} to verify {self.person}"


class CreditTransition(models.Model):
    """One state change of a credit, kept after the credit is deleted."""

    class Action(models.TextChoices):
        CLAIM = "claim", "Claimed"
        EDIT = "edit", "Edited"
        DELETE = "delete", "Deleted"
        VERIFY = "verify", "Verified"
        DENY = "deny", "Denied"
        CORRECT = "correct", "Corrected"

    credit = models.ForeignKey(
        Credit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transitions",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The owner of the credit.",
    )
    credit_title = models.CharField(max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    via_link = models.ForeignKey(
        VerifierLink,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The emailed link through which a verifier without an account acted.",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.credit_title}"
