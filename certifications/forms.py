from django import forms

from .models import TrackType


class ReturnForm(forms.Form):
    message = forms.CharField(
        label="Message to the participant",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Say what to correct before the track is submitted again.",
    )


class TrackTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.total_credits.normalize():f} credits)"


class TrackAddForm(forms.Form):
    """A choice of the current edition's tracks.

    `open_kinds` and `person` only narrow the choice that the panel shows:
    `open_kinds` hides those kinds, and `person` hides the tracks that require
    a certificate the person never had. `services.track_add` rejects both
    cases in any case, with a message that gives the reason.
    """

    track_type = TrackTypeChoiceField(
        label="Track to add",
        queryset=TrackType.objects.filter(edition__is_current=True),
        empty_label="Choose a track",
    )

    def __init__(self, *args, person=None, open_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["track_type"]
        if open_kinds:
            field.queryset = field.queryset.exclude(kind__in=open_kinds)
        if person is not None:
            field.queryset = field.queryset.addable_by(person)
