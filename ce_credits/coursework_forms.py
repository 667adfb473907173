"""Forms with which the CE coordinator enters a participant's college coursework.

Step 1 collects the course details. The preview shows the CE credits they earn
and requests the transcript. The preview carries the step 1 values in hidden
fields, so the save step binds `CourseworkForm` again and validates every value
a second time.
"""

from pathlib import Path

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import (
    MAX_COLLEGE_CREDITS,
    Category,
    Coursework,
    term_errors,
    validate_credit_value,
)
from .uploads import detect_file_type

TRANSCRIPT_MAX_BYTES = 10 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CourseworkForm(forms.Form):
    participant = forms.EmailField(
        label="Participant's email address",
        help_text="The address the participant logs in with.",
    )
    title = forms.CharField(label="Course title", max_length=300)
    institution = forms.CharField(
        label="Institution",
        max_length=200,
        help_text="The college or university that gave the course.",
    )
    term = forms.CharField(
        label="Term", max_length=100, help_text="For example, Fall 2025."
    )
    term_start = forms.DateField(label="Term start date", widget=DateInput())
    term_end = forms.DateField(label="Term end date", widget=DateInput())
    unit = forms.ChoiceField(
        label="Credit system",
        choices=Coursework.Unit.choices,
        help_text="A semester credit earns 4 CE credits, a quarter credit 2.",
    )
    # Declared without decimal places, so that 0.25 reaches validate_credit_value
    # and its message about steps of 0.5.
    college_credits = forms.DecimalField(
        label="College credits",
        max_digits=4,
        max_value=MAX_COLLEGE_CREDITS,
        error_messages={
            "max_value": "A course carries at most %(limit_value)s college "
            "credits. Enter each course on its own."
        },
        validators=[validate_credit_value],
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
        help_text=(
            f"As the transcript shows them, in steps of 0.5, at most "
            f"{MAX_COLLEGE_CREDITS} for one course."
        ),
    )
    category = forms.ModelChoiceField(
        label="CE category",
        queryset=Category.objects.all(),
        empty_label="Choose a category",
    )

    def __init__(self, *args, coordinator, **kwargs):
        super().__init__(*args, **kwargs)
        self.coordinator = coordinator

    def clean_participant(self):
        """Return the active user with the entered email address."""
        email = self.cleaned_data["participant"]
        User = get_user_model()
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(
                "No participant has the email address %(email)s. Check the "
                "spelling, or ask the participant which address they log in with.",
                code="unknown",
                params={"email": email},
            )
        if person.pk == self.coordinator.pk:
            raise forms.ValidationError(
                "You cannot enter coursework for yourself. Ask another CE "
                "coordinator to enter it.",
                code="self",
            )
        return person

    def clean(self):
        cleaned_data = super().clean()
        term_start = cleaned_data.get("term_start")
        term_end = cleaned_data.get("term_end")
        if term_start and term_end:
            errors = term_errors(term_start, term_end, timezone.localdate())
            for field, message in errors.items():
                self.add_error(field, message)
        return cleaned_data

    @property
    def ce_credits(self):
        """The CE credits the valid coursework earns."""
        return Coursework.ce_credits_for(
            self.cleaned_data["unit"], self.cleaned_data["college_credits"]
        )


class TranscriptForm(forms.Form):
    transcript = forms.FileField(
        label="Unofficial transcript",
        help_text="A PDF, PNG or JPEG file of at most 10 MB.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/png,image/jpeg"}
        ),
    )

    def clean_transcript(self):
        """Check the upload's size and content, and name it after its format.

        The content decides, so a text file named .pdf is rejected, and a PNG
        named .pdf is stored as .png.
        """
        upload = self.cleaned_data["transcript"]
        if upload.size > TRANSCRIPT_MAX_BYTES:
            raise forms.ValidationError(
                "The file is larger than 10 MB. Scan the transcript at a lower "
                "resolution or save it as a smaller PDF.",
                code="too_large",
            )

        file_type = detect_file_type(upload)
        if file_type is None:
            raise forms.ValidationError(
                "The file is not a PDF, PNG or JPEG. Upload the transcript in "
                "one of those formats.",
                code="file_type",
            )

        upload.name = (Path(upload.name).stem or "transcript") + file_type.extension
        return upload
