from django.db import migrations

# The four CE categories of the Montana State Library's program.
CATEGORIES = [
    "Library Administration",
    "Library Services to the Public",
    "Collection Management and Technical Services",
    "Technology",
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("ce_credits", "Category")
    for position, name in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("ce_credits", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
