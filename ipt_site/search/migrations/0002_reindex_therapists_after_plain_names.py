"""Therapist migration 0009 renamed the problem areas with update(), which sends no signal
and leaves each therapist's `updated` as it was: mark the therapists' part of the index
out of date so the next search writes their entries with the plain names."""

from django.db import migrations


def mark_out_of_date(apps, schema_editor):
    IndexState = apps.get_model("search", "IndexState")
    IndexState.objects.filter(name="therapists").update(version="")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("therapists", "0009_plain_area_names_and_insurers"),
    ]

    operations = [migrations.RunPython(mark_out_of_date, migrations.RunPython.noop)]
