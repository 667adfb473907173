from datetime import date
from decimal import Decimal

from django.db import migrations

ADMINISTRATION = "Library Administration"
OTHER_CATEGORIES = [
    "Library Services to the Public",
    "Collection Management and Technical Services",
    "Technology",
]

# name, kind, total, minimums, the 2023 track that follows an issued certificate
TRACKS_2009 = [
    (
        "Library Administrator",
        "library_director",
        60,
        {ADMINISTRATION: 20, **{name: 10 for name in OTHER_CATEGORIES}},
        "Library Director, renewal",
    ),
    (
        "Library Staff",
        "staff",
        60,
        {name: 10 for name in [ADMINISTRATION, *OTHER_CATEGORIES]},
        "Staff",
    ),
    ("Trustee", "trustee", 15, {ADMINISTRATION: 10}, "Trustee"),
]


def add_editions(apps, schema_editor):
    Category = apps.get_model("ce_credits", "Category")
    Edition = apps.get_model("certifications", "Edition")
    TrackType = apps.get_model("certifications", "TrackType")
    CategoryMinimum = apps.get_model("certifications", "CategoryMinimum")

    older, _ = Edition.objects.get_or_create(
        name="2009", defaults={"effective_on": date(2009, 1, 1)}
    )
    for position, (name, kind, total, minimums, next_name) in enumerate(
        TRACKS_2009, 1
    ):
        track_type, _ = TrackType.objects.get_or_create(
            edition=older,
            name=name,
            defaults={
                "kind": kind,
                "total_credits": Decimal(total),
                "position": position,
                "next_type": TrackType.objects.get(
                    edition__name="2023", name=next_name
                ),
            },
        )
        for category_name, credits in minimums.items():
            CategoryMinimum.objects.get_or_create(
                track_type=track_type,
                category=Category.objects.get(name=category_name),
                defaults={"credits": Decimal(credits)},
            )

    # The rules adopted in December 2025 apply from 1 July 2026. The coordinator
    # fills in their tracks and then makes this edition the current one.
    Edition.objects.get_or_create(
        name="2026", defaults={"effective_on": date(2026, 7, 1)}
    )


class Migration(migrations.Migration):
    dependencies = [("certifications", "0003_certificate_earned_by_degreerequest")]

    operations = [migrations.RunPython(add_editions, migrations.RunPython.noop)]
