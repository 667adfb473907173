"""The coordinator's form that names a participant's verifier."""

from django import forms
from django.core.exceptions import ValidationError

from .models import User


class VerifierForm(forms.Form):
    """An account, a verifier without an account, or neither for the default.

    The rules between the fields are checked by `verifiers.verifier_reassign`,
    whose errors the view adds to this form.
    """

    supervisor = forms.EmailField(
        label="Verifier's account",
        required=False,
        help_text="The email address this verifier logs in with.",
    )
    verifier_name = forms.CharField(
        label="Name of a verifier without an account",
        max_length=200,
        required=False,
        help_text="For instance a board chair or a principal.",
    )
    verifier_email = forms.EmailField(
        label="Email of a verifier without an account",
        required=False,
        help_text="Pending credits are sent to this address as a signed link.",
    )

    def clean_supervisor(self):
        email = self.cleaned_data["supervisor"]
        if not email:
            return None
        account = User.objects.filter(email__iexact=email).first()
        if account is None:
            raise ValidationError(
                f"No account uses the address {email}. Check the spelling, or "
                "enter the verifier below as a verifier without an account.",
                code="no_account",
            )
        return account
