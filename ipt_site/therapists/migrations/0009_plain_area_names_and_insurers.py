"""Plain names for the four problem areas (the site's own words; the IPT terms stay in
the area pages), and a starting list of health insurers that staff can change."""

from django.db import migrations

PLAIN_NAMES = {
    "grief": ("Grief", "Grief and loss"),
    "role-disputes": ("Role disputes", "Conflict with someone close"),
    "role-transitions": ("Role transitions", "Big life changes"),
    "interpersonal-deficits": ("Interpersonal deficits", "Loneliness and isolation"),
}
INSURERS = [
    ("axa-health", "AXA Health"),
    ("aviva", "Aviva"),
    ("bupa", "Bupa"),
    ("cigna", "Cigna"),
    ("vitality", "Vitality"),
    ("wpa", "WPA"),
]


def seed(apps, schema_editor):
    ProblemArea = apps.get_model("therapists", "ProblemArea")
    for slug, (old, new) in PLAIN_NAMES.items():
        # Only the seeded name: a name staff have changed since is theirs to keep.
        ProblemArea.objects.filter(slug=slug, name=old).update(name=new)
    Insurer = apps.get_model("therapists", "Insurer")
    for order, (slug, name) in enumerate(INSURERS, start=1):
        Insurer.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


def backwards(apps, schema_editor):
    ProblemArea = apps.get_model("therapists", "ProblemArea")
    for slug, (old, new) in PLAIN_NAMES.items():
        ProblemArea.objects.filter(slug=slug, name=new).update(name=old)


class Migration(migrations.Migration):
    dependencies = [("therapists", "0008_practicalities_and_availability")]

    operations = [migrations.RunPython(seed, backwards)]
