from datetime import date
from decimal import Decimal

from django.db import migrations

ADMINISTRATION = "Library Administration"
ALL_CATEGORIES = [
    ADMINISTRATION,
    "Library Services to the Public",
    "Collection Management and Technical Services",
    "Technology",
]

# name, kind, total, minimums, the track that follows an issued certificate
TRACKS_2023 = [
    ("Library Director, initial", "library_director", 60, {ADMINISTRATION: 30}, "Library Director, renewal"),
    ("Library Director, renewal", "library_director", 60, {}, None),
    ("Staff", "staff", 60, {name: 5 for name in ALL_CATEGORIES}, None),
    ("Trustee", "trustee", 15, {ADMINISTRATION: 10}, None),
]


def add_edition(apps, schema_editor):
    Category = apps.get_model("ce_credits", "Category")
    Edition = apps.get_model("certifications", "Edition")
    TrackType = apps.get_model("certifications", "TrackType")
    CategoryMinimum = apps.get_model("certifications", "CategoryMinimum")

    edition, _ = Edition.objects.get_or_create(
        name="2023", defaults={"effective_on": date(2023, 1, 1), "is_current": True}
    )
    created = {}
    for position, (name, kind, total, minimums, _) in enumerate(TRACKS_2023, 1):
        track_type, _ = TrackType.objects.get_or_create(
            edition=edition,
            name=name,
            defaults={"kind": kind, "total_credits": Decimal(total), "position": position},
        )
        created[name] = track_type
        for category_name, credits in minimums.items():
            CategoryMinimum.objects.get_or_create(
                track_type=track_type,
                category=Category.objects.get(name=category_name),
                defaults={"credits": Decimal(credits)},
            )
    for name, *_, next_name in TRACKS_2023:
        if next_name:
            track_type = created[name]
            track_type.next_type = created[next_name]
            track_type.save(update_fields=["next_type"])


class Migration(migrations.Migration):
    dependencies = [
        ("certifications", "0001_initial"),
        ("ce_credits", "0002_categories"),
    ]

    operations = [migrations.RunPython(add_edition, migrations.RunPython.noop)]
