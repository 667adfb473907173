from django import forms


class ReturnForm(forms.Form):
    message = forms.CharField(
        label="Message to the participant",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Say what to correct before the track is submitted again.",
    )
