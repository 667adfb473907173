from decimal import Decimal

from django import forms
from django.utils import timezone

from .models import (
    CREDIT_STEP,
    MAX_DESCRIPTION_LENGTH,
    MAX_EVENT_AGE,
    MAX_EVENT_HOURS,
    MAX_PROOF_BYTES,
    MAX_PROOFS_PER_CREDIT,
    MAX_PROOFS_PER_UPLOAD,
    Credit,
    validate_credit_value,
)
from .proofs import check_proof_upload


class DenyForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the denial",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="The participant reads this reason beside the credit.",
    )


# The value format of <input type="datetime-local">, in the site's time zone.
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_LOCAL_FORMAT)


class IndependentEventForm(forms.ModelForm):
    """Details of an independent learning event, entered or corrected by its owner.

    Besides the checks of `Credit.clean` (the end comes after the begin, and the
    event is over), the form requires a presenter and checks the credit step.
    """

    # Declared here without decimal places, so that 0.25 reaches
    # validate_credit_value and its message about steps of 0.5.
    credits = forms.DecimalField(
        label="Credit Value",
        max_value=MAX_EVENT_HOURS,
        error_messages={
            "max_value": "One event earns at most %(limit_value)s credits. Enter "
            "a longer program as several events, one per part."
        },
        validators=[validate_credit_value],
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
        help_text=(
            "One credit per contact hour, in steps of 0.5. If you presented "
            "the event, enter its contact hours: the credit is twice that."
        ),
    )

    class Meta:
        model = Credit
        fields = [
            "title",
            "begin",
            "end",
            "sponsor",
            "presenter",
            "category",
            "credits",
            "presented",
            "description",
        ]
        labels = {
            "title": "Event Title",
            "begin": "Begin Date and Time",
            "end": "End Date and Time",
            "sponsor": "Sponsor",
            "presenter": "Trainer/Presenter Name",
            "category": "CE Category",
        }
        help_texts = {
            "sponsor": "The organisation that offered the event.",
        }
        widgets = {
            "begin": DateTimeLocalInput(),
            "end": DateTimeLocalInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model allows a blank presenter because catalogue events have none.
        self.fields["presenter"].required = True
        self.fields["category"].empty_label = "Choose a category"
        # A presented credit shows the contact hours it was entered with.
        if self.instance.presented:
            self.initial["credits"] = self.instance.contact_hours

    description = forms.CharField(
        label="Description",
        required=False,
        max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional, but it helps your supervisor and the CE coordinator "
        "review the credit.",
    )

    def clean_end(self):
        end = self.cleaned_data["end"]
        if end < timezone.now() - MAX_EVENT_AGE:
            raise forms.ValidationError(
                "This event ended more than four years ago. Credits count "
                "toward a track only within its 4-year period.",
                code="too_old",
            )
        return end

    def clean(self):
        cleaned_data = super().clean()
        hours = cleaned_data.get("credits")
        if hours is None:
            return cleaned_data

        begin, end = cleaned_data.get("begin"), cleaned_data.get("end")
        if begin and end and end > begin:
            length = Decimal((end - begin).total_seconds()) / 3600
            if hours > length + CREDIT_STEP:
                self.add_error(
                    "credits",
                    f"The event lasts {length.quantize(Decimal('0.1')):f} hours, "
                    f"so it earns at most that many credits, not {hours:f}. Check "
                    "the credit value and the begin and end times.",
                )
                return cleaned_data

        if cleaned_data.get("presented"):
            cleaned_data["contact_hours"] = hours
            cleaned_data["credits"] = hours * 2
        else:
            cleaned_data["contact_hours"] = None
        return cleaned_data

    def changed_credit_fields(self):
        """Return the cleaned values that differ from the instance's."""
        changes = {name: self.cleaned_data[name] for name in self.changed_data}
        # The stored credit and hours both follow from the entered value.
        if "credits" in changes or "presented" in changes:
            changes["credits"] = self.cleaned_data["credits"]
            changes["contact_hours"] = self.cleaned_data["contact_hours"]
        return changes


# The types the browser's file chooser lists. The server checks the content anyway.
PROOF_ACCEPT = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
PROOF_HELP = (
    "A certificate of attendance, a transcript or a similar record: PDF, PNG "
    f"or JPEG files of at most {MAX_PROOF_BYTES // 2**20} MB each. Choose up to "
    f"{MAX_PROOFS_PER_UPLOAD} files at a time. A credit keeps at most "
    f"{MAX_PROOFS_PER_CREDIT} files in all."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ProofFilesField(forms.FileField):
    """Proof of attendance files, cleaned to a list of at most `max_files` uploads.

    Every file is checked, so the errors name each rejected one.
    """

    def __init__(self, *, max_files=MAX_PROOFS_PER_UPLOAD, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PROOF_ACCEPT}))
        # `check_proof_upload` rejects an empty file with its name.
        super().__init__(allow_empty_file=True, **kwargs)
        self.max_files = max_files

    def clean(self, data, initial=None):
        if not isinstance(data, list | tuple):
            data = [data] if data else []
        if not data:
            # FileField raises its "required" error, or returns nothing.
            super().clean(None, initial)
            return []
        if len(data) > self.max_files:
            raise forms.ValidationError(
                "Choose at most %(limit)s files at a time. You chose %(count)s, "
                "so add the others afterwards with “Add proof” beside the credit.",
                code="too_many_files",
                params={"limit": self.max_files, "count": len(data)},
            )

        uploads = []
        errors = []
        for upload in data:
            try:
                upload = super().clean(upload, initial)
                check_proof_upload(upload)
            except forms.ValidationError as error:
                errors.extend(error.error_list)
            else:
                uploads.append(upload)
        if errors:
            raise forms.ValidationError(errors)
        return uploads


class NewIndependentEventForm(IndependentEventForm):
    """The independent learning event form, with proof files saved along with it."""

    proofs = ProofFilesField(
        label="Proof of attendance",
        required=False,
        help_text=PROOF_HELP + " If the form shows an error, choose them again.",
    )


class ProofUploadForm(forms.Form):
    proofs = ProofFilesField(label="Proof of attendance", help_text=PROOF_HELP)
