from django.db import migrations, models

# The 2023 track that only someone who has held a Library Director certificate
# may follow. The 2009 edition has no renewal track.
RENEWAL_2023 = "Library Director, renewal"


def mark_renewal(apps, schema_editor):
    TrackType = apps.get_model("certifications", "TrackType")
    TrackType.objects.filter(edition__name="2023", name=RENEWAL_2023).update(
        requires_certificate=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certifications", "0005_certificatetransition_reminder_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="tracktype",
            name="requires_certificate",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Only a person who holds or held a certificate of this kind "
                    "may add this track, as with a renewal."
                ),
            ),
        ),
        # Removing the field on the way back drops the flag with it.
        migrations.RunPython(mark_renewal, migrations.RunPython.noop),
    ]
