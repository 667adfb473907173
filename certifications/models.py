from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from ce_credits.models import Category, Credit

from .periods import years_later

OPEN_STATUSES = ("in_progress", "submitted", "returned", "approved")


class Edition(models.Model):
    """A version of the program's requirements, such as the 2009 or 2023 rules."""

    name = models.CharField(max_length=100, unique=True)
    effective_on = models.DateField()
    is_current = models.BooleanField(
        default=False, help_text="Only tracks of the current edition can be added."
    )

    class Meta:
        ordering = ["-effective_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="edition_one_current",
            ),
        ]

    def __str__(self):
        return self.name


class TrackTypeQuerySet(models.QuerySet):
    def addable_by(self, person):
        """Leave out the tracks that require a certificate `person` never held."""
        held = Certificate.objects.held().filter(
            person=person, track__kind=OuterRef("kind")
        )
        return self.filter(Q(requires_certificate=False) | Exists(held))


class TrackType(models.Model):
    """A certification track of an edition, with its total of credits."""

    class Kind(models.TextChoices):
        LIBRARY_DIRECTOR = "library_director", "Library Director"
        STAFF = "staff", "Staff"
        TRUSTEE = "trustee", "Trustee"

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="track_types"
    )
    name = models.CharField(max_length=100)
    kind = models.CharField(
        max_length=30,
        choices=Kind.choices,
        help_text="A credit counts at most once on tracks of the same kind.",
    )
    total_credits = models.DecimalField(max_digits=5, decimal_places=1)
    next_type = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=(
            "The track that starts when a certificate of this one is issued; "
            "empty means the same track again."
        ),
    )
    requires_certificate = models.BooleanField(
        default=False,
        help_text=(
            "Only a person who holds or held a certificate of this kind may add "
            "this track, as with a renewal."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = TrackTypeQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"], name="track_type_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(total_credits__gt=0), name="track_type_total_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.edition})"


class CategoryMinimum(models.Model):
    track_type = models.ForeignKey(
        TrackType, on_delete=models.CASCADE, related_name="minimums"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    credits = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["category__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["track_type", "category"], name="category_minimum_unique"
            ),
            models.CheckConstraint(
                condition=Q(credits__gt=0), name="category_minimum_positive"
            ),
        ]

    def __str__(self):
        return f"{self.category}: {self.credits}"


class TrackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def for_panel(self):
        return self.select_related("track_type__edition").prefetch_related(
            "track_type__minimums__category"
        )


class Track(models.Model):
    """A person's way toward one certificate."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"
        ISSUED = "issued", "Issued"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tracks"
    )
    track_type = models.ForeignKey(
        TrackType, on_delete=models.PROTECT, related_name="tracks"
    )
    # Copied from the track type so that the database can hold one open track of
    # a kind per person.
    kind = models.CharField(max_length=30, choices=TrackType.Kind.choices)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_on = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    return_message = models.TextField(blank=True)
    # The requirements in force when the track was submitted, so that a later
    # change to the edition never alters a submitted track.
    requirements = models.JSONField(null=True, blank=True)
    counted_credits = models.ManyToManyField(
        Credit, through="TrackCredit", related_name="tracks", blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TrackQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(status__in=OPEN_STATUSES),
                name="track_one_open_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="track_submitted_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.track_type.name} for {self.person}"

    @property
    def period_end(self):
        """The last day on which a counted credit's event may end."""
        return years_later(self.started_on)

    @property
    def certificate(self):
        """Return the track's certificate in force, else its newest one, or None.

        Reads `certificates.all()`, which list pages prefetch.
        """
        certificates = sorted(
            self.certificates.all(), key=lambda c: (c.status == "issued", c.pk)
        )
        return certificates[-1] if certificates else None

    @property
    def is_locked(self):
        """Whether the coordinator holds the track: submitted or later."""
        return self.status in (
            self.Status.SUBMITTED,
            self.Status.APPROVED,
            self.Status.ISSUED,
        )


class TrackCredit(models.Model):
    """A credit counted by a submitted track.

    Rows exist only while the track is submitted, approved or issued; returning
    a track removes them. The kind is copied so that the database keeps a credit
    from counting twice on tracks of the same kind.
    """

    track = models.ForeignKey(Track, on_delete=models.CASCADE)
    credit = models.ForeignKey(Credit, on_delete=models.PROTECT)
    kind = models.CharField(max_length=30, choices=TrackType.Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["credit", "kind"], name="track_credit_once_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.credit} on {self.track}"


class TrackTransition(models.Model):
    """One state change of a track, including the issue of its certificate."""

    track = models.ForeignKey(
        Track, on_delete=models.PROTECT, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.track}: {self.from_status or 'new'} to {self.to_status}"


class CertificateQuerySet(models.QuerySet):
    def held(self):
        """Return the certificates in force or expired, but neither superseded
        nor withdrawn.
        """
        return self.filter(status=Certificate.Status.ISSUED)

    def valid(self, on=None):
        """Return the certificates in force on the date `on` (today by default):
        issued, neither superseded nor withdrawn, and not expired.
        """
        on = on or timezone.localdate()
        return self.filter(
            status=Certificate.Status.ISSUED, issued_on__lte=on, expires_on__gte=on
        )


class Certificate(models.Model):
    class Route(models.TextChoices):
        CREDITS = "credits", "Continuing-education credits"
        DEGREE = "degree", "Library-science graduate degree"

    class Status(models.TextChoices):
        ISSUED = "issued", "Issued"
        SUPERSEDED = "superseded", "Superseded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # A correction issues a new certificate for the same track, so a track may
    # have several; at most one of them is in force (a database constraint).
    track = models.ForeignKey(
        Track, on_delete=models.PROTECT, related_name="certificates"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(max_length=20, unique=True)
    holder_name = models.CharField(max_length=300)
    track_name = models.CharField(max_length=200)
    issued_on = models.DateField()
    expires_on = models.DateField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    earned_by = models.CharField(
        max_length=20, choices=Route.choices, default=Route.CREDITS
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ISSUED
    )
    superseded_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    status_reason = models.TextField(
        blank=True, help_text="Why the certificate was corrected or withdrawn."
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.UniqueConstraint(
                fields=["track"],
                condition=Q(status="issued"),
                name="certificate_one_in_force_per_track",
            ),
            models.CheckConstraint(
                condition=~Q(status="superseded") | Q(superseded_by__isnull=False),
                name="certificate_superseded_has_successor",
            ),
            models.CheckConstraint(
                condition=Q(status="issued") | ~Q(status_reason=""),
                name="certificate_change_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.number}: {self.track_name} for {self.holder_name}"

    @property
    def is_expired(self):
        return self.expires_on < timezone.localdate()

    @property
    def is_valid(self):
        return (
            self.status == self.Status.ISSUED
            and self.issued_on <= timezone.localdate() <= self.expires_on
        )

    @property
    def public_status(self):
        """Return the status shown on the public verification page."""
        if self.status != self.Status.ISSUED:
            return self.get_status_display().lower()
        return "expired" if self.is_expired else "valid"


class CertificateTransition(models.Model):
    """One change of a certificate: its issue, a correction or a withdrawal."""

    class Action(models.TextChoices):
        ISSUE = "issue", "Issued"
        CORRECT = "correct", "Corrected"
        WITHDRAW = "withdraw", "Withdrawn"

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.certificate.number}: {self.get_action_display()}"


class DegreeRequest(models.Model):
    """A request for the Library Director certificate on a recent degree.

    A college official confirms the conferral date through a signed link.
    """

    class Degree(models.TextChoices):
        MLS = "MLS", "Master of Library Science (MLS)"
        MLIS = "MLIS", "Master of Library and Information Science (MLIS)"
        MIS = "MIS", "Master of Information Science (MIS)"

    class Status(models.TextChoices):
        AWAITING_OFFICIAL = "awaiting_official", "Awaiting the college official"
        CONFIRMED = "confirmed", "Confirmed by the college"
        DECLINED = "declined", "Declined by the college"
        ISSUED = "issued", "Certificate issued"
        TOO_OLD = "too_old", "Closed: the degree is more than four years old"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="degree_requests",
    )
    degree = models.CharField(max_length=10, choices=Degree.choices)
    institution = models.CharField(max_length=200)
    conferred_on = models.DateField("conferral date")
    official_name = models.CharField("college official's name", max_length=200)
    official_email = models.EmailField("college official's email")
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.AWAITING_OFFICIAL
    )
    # Changes whenever a new link is sent, so that older links stop working.
    link_nonce = models.CharField(max_length=32)
    official_note = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    certificate = models.OneToOneField(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="degree_request",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["awaiting_official", "confirmed"]),
                name="degree_request_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status="awaiting_official") | Q(answered_at__isnull=False),
                name="degree_request_answer_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="issued") | Q(certificate__isnull=False),
                name="degree_request_issued_has_certificate",
            ),
        ]

    def __str__(self):
        return f"{self.degree} of {self.person}"


class DegreeRequestTransition(models.Model):
    """One change of a degree request: its creation, a new link, the college's
    confirmation or decline, the issue of the certificate, or its closing.

    A college official acts through the emailed link without an account, so
    `actor` is None and the note names the official.
    """

    degree_request = models.ForeignKey(
        DegreeRequest, on_delete=models.PROTECT, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_status = models.CharField(
        max_length=30, choices=DegreeRequest.Status.choices, blank=True
    )
    to_status = models.CharField(max_length=30, choices=DegreeRequest.Status.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.degree_request}: {self.from_status or 'new'} to {self.to_status}"


class Reminder(models.Model):
    """A reminder mail due once: sent, or still to retry after a failure.

    `key` names what the reminder is about and its milestone, such as
    "certificate:12:6m", so the unique constraint keeps a daily run from
    sending it twice.
    """

    class Kind(models.TextChoices):
        CERTIFICATE_EXPIRY = "certificate_expiry", "Certificate expiry"
        DIRECTOR_DUE = "director_due", "Director certification due"
        VERIFIER_DIGEST = "verifier_digest", "Credits waiting for a verifier"
        COORDINATOR_ESCALATION = "coordinator_escalation", "Credits waiting 30 days"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=200)
    recipient = models.EmailField()
    milestone_on = models.DateField(help_text="The day the reminder became due.")
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-milestone_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "recipient"], name="reminder_sent_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient} ({self.key})"
