"""Forms of the degree route: the person's request and the official's decline."""

from django import forms

from .degree import LINK_MAX_AGE, validate_conferral_date, validate_official_email
from .models import DegreeRequest


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DegreeRequestForm(forms.ModelForm):
    """A request for the Library Director certificate on a recent degree.

    The date and address checks are the ones `degree.degree_request_create`
    repeats, so the form shows their errors next to the fields.
    """

    class Meta:
        model = DegreeRequest
        fields = [
            "degree",
            "institution",
            "conferred_on",
            "official_name",
            "official_email",
        ]
        labels = {
            "degree": "Degree",
            "institution": "Institution",
            "conferred_on": "Conferral date",
            "official_name": "College official's name",
            "official_email": "College official's email",
        }
        help_texts = {
            "institution": "The college or university that conferred the degree.",
            "conferred_on": "The degree must have been conferred within the "
            "last four years.",
            "official_name": "A registrar or dean who can confirm the conferral date.",
            "official_email": "The official receives a link to confirm the "
            f"degree. It works for {LINK_MAX_AGE.days} days.",
        }
        widgets = {"conferred_on": DateInput()}

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["degree"].choices = [
            ("", "Choose a degree"),
            *DegreeRequest.Degree.choices,
        ]

    def clean_conferred_on(self):
        conferred_on = self.cleaned_data["conferred_on"]
        validate_conferral_date(conferred_on)
        return conferred_on

    def clean_official_email(self):
        official_email = self.cleaned_data["official_email"]
        validate_official_email(self.person, official_email)
        return official_email


class DeclineForm(forms.Form):
    note = forms.CharField(
        label="Note to the State Library (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the date the degree was actually conferred.",
    )
