from django import forms


class DenyForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the denial",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="The participant reads this reason beside the credit.",
    )
