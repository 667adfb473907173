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

    `open_kinds` only hides those kinds from the choice. `services.track_add`
    and the database reject a second open track of a kind in any case.
    """

    track_type = TrackTypeChoiceField(
        label="Track to add",
        queryset=TrackType.objects.filter(edition__is_current=True),
        empty_label="Choose a track",
    )

    def __init__(self, *args, open_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        if open_kinds:
            field = self.fields["track_type"]
            field.queryset = field.queryset.exclude(kind__in=open_kinds)
