"""Forms of the certificate pages: the public lookup, correction, withdrawal."""

import re

from django import forms

WHITESPACE = re.compile(r"\s+")
NUMBER_PREFIX = "MT-"
# The part of a certificate number after its prefix.
NUMBER_BODY = re.compile(r"[A-Z0-9]{8}")


def normalize_number(number):
    """Return `number` in upper case without spaces, as certificates print it.

    A number typed without its "MT-" prefix gets it.
    """
    number = WHITESPACE.sub("", number).upper()
    if NUMBER_BODY.fullmatch(number):
        return NUMBER_PREFIX + number
    return number


class VerifyLookupForm(forms.Form):
    number = forms.CharField(
        label="Certificate number",
        max_length=40,
        help_text="As printed on the certificate, for example MT-ABCD2345.",
        error_messages={
            "required": "Enter the number printed on the certificate.",
            "null_characters_not_allowed": "Enter only the letters, digits and "
            "hyphen of the number printed on the certificate.",
        },
    )

    def clean_number(self):
        return normalize_number(self.cleaned_data["number"])


class CertificateCorrectForm(forms.Form):
    holder_name = forms.CharField(
        label="Name on the certificate",
        # Longer names would not fit the printed certificate.
        max_length=120,
        help_text="The corrected name, as it should be printed, at most 120 "
        "characters.",
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
