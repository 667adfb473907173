"""Forms with which the CE coordinator corrects or removes a participant's credit."""

from django import forms

from .forms import IndependentEventForm
from .models import Credit

REASON_HELP = (
    "The participant receives this reason by email, and the credit's history keeps it."
)
# Coursework takes its institution and credit value from the college credits on
# the transcript, so a correction leaves them as they are.
COURSEWORK_FIXED_FIELDS = ("sponsor", "presenter", "credits", "presented")


def _same_minute(first, second):
    """Return whether two datetimes agree to the minute, as the form shows them."""
    return first.replace(second=0, microsecond=0) == second.replace(
        second=0, microsecond=0
    )


# NOTE: the credit value keeps the independent form's maximum of MAX_EVENT_HOURS,
# so a catalogue credit above it cannot be corrected without lowering its value.
class CreditCorrectionForm(IndependentEventForm):
    """The details of any credit, with the checks of the independent event form,
    and the reason for the correction.
    """

    reason = forms.CharField(
        label="Reason for the correction",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=REASON_HELP,
    )
    # The credit's fingerprint when the form was shown, so that the service
    # rejects a correction of details that changed in the meantime.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = self.instance.fingerprint
        # Validation writes the input onto the instance, so keep the saved times.
        self.saved_times = {"begin": self.instance.begin, "end": self.instance.end}
        source = self.instance.source
        # Only independent learning events name a presenter.
        if source != Credit.Source.INDEPENDENT:
            self.fields["presenter"].required = False
        if source == Credit.Source.COURSEWORK:
            for name in COURSEWORK_FIXED_FIELDS:
                del self.fields[name]

        if "presented" in self.fields:
            self.fields["presented"].label = "Presented by the participant"
            self.fields["credits"].help_text = (
                "One credit per contact hour, in steps of 0.5. For a presented "
                "workshop, enter its contact hours: the credit is twice that."
            )
        self.fields["description"].help_text = ""

    def clean_end(self):
        end = self.cleaned_data["end"]
        # An old credit keeps its end date. Only a new end date must be recent.
        saved_end = self.saved_times["end"]
        if saved_end is not None and _same_minute(end, saved_end):
            return end
        return super().clean_end()

    def changed_credit_fields(self):
        changes = super().changed_credit_fields()
        changes.pop("reason", None)
        changes.pop("seen", None)

        # The form shows whole minutes, so seconds of a stored time are no change.
        for name in ("begin", "end"):
            saved = self.saved_times[name]
            if (
                name in changes
                and saved is not None
                and _same_minute(changes[name], saved)
            ):
                del changes[name]
        return changes


class CreditRemovalForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the removal",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=REASON_HELP,
    )
