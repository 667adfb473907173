"""Forms of the certificate pages: the public lookup, correction, withdrawal."""

import re

from django import forms

from .models import Certificate

WHITESPACE = re.compile(r"\s+")


def normalize_number(number):
    """Return `number` in upper case without spaces, as certificates print it."""
    return WHITESPACE.sub("", number).upper()


class VerifyLookupForm(forms.Form):
    number = forms.CharField(
        label="Certificate number",
        max_length=40,
        help_text="As printed on the certificate, for example MT-ABCD2345.",
        error_messages={"required": "Enter the number printed on the certificate."},
    )

    def clean_number(self):
        return normalize_number(self.cleaned_data["number"])


class CertificateCorrectForm(forms.Form):
    holder_name = forms.CharField(
        label="Name on the certificate",
        max_length=Certificate._meta.get_field("holder_name").max_length,
        help_text="The corrected name, as it should be printed.",
        error_messages={"required": "Enter the name as it should read."},
    )
    reason = forms.CharField(
        label="Reason for the correction",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the certificate's history and sent to the holder.",
        error_messages={"required": "Give the reason for the correction."},
    )


class CertificateWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the withdrawal",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Kept in the certificate's history and sent to the holder. The "
            "public verification page does not show it."
        ),
        error_messages={"required": "Give the reason for the withdrawal."},
    )
