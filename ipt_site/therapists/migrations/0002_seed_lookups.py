"""Seed the fixed vocabularies. Their slugs are used in URLs and content pages link to them."""

from django.db import migrations

PROBLEM_AREAS = [
    ("grief", "Grief"),
    ("role-disputes", "Role disputes"),
    ("role-transitions", "Role transitions"),
    ("interpersonal-deficits", "Interpersonal deficits"),
]
SPECIALISMS = [
    ("depression", "Depression"),
    ("postpartum-depression", "Postpartum depression"),
    ("anxiety", "Anxiety"),
    ("eating-disorders", "Eating disorders"),
    ("ptsd", "PTSD"),
    ("bipolar-disorder", "Bipolar disorder"),
    ("bereavement", "Bereavement"),
    ("relationship-difficulties", "Relationship difficulties"),
    ("loneliness", "Loneliness"),
    ("work-stress", "Work stress"),
]
AGE_GROUPS = [
    ("adolescents", "Adolescents (12–17)"),
    ("adults", "Adults"),
    ("older-adults", "Older adults"),
]
FORMATS = [
    ("in-person", "In person"),
    ("online", "Online"),
]
LANGUAGES = [
    ("english", "English"),
    ("welsh", "Welsh"),
    ("polish", "Polish"),
    ("urdu", "Urdu"),
    ("punjabi", "Punjabi"),
    ("bengali", "Bengali"),
    ("gujarati", "Gujarati"),
    ("arabic", "Arabic"),
    ("french", "French"),
    ("spanish", "Spanish"),
    ("portuguese", "Portuguese"),
    ("romanian", "Romanian"),
    ("turkish", "Turkish"),
    ("cantonese", "Cantonese"),
    ("mandarin", "Mandarin"),
    ("bsl", "British Sign Language"),
]

TABLES = {
    "ProblemArea": PROBLEM_AREAS,
    "Specialism": SPECIALISMS,
    "AgeGroup": AGE_GROUPS,
    "SessionFormat": FORMATS,
    "Language": LANGUAGES,
}


def seed(apps, schema_editor):
    for model_name, rows in TABLES.items():
        model = apps.get_model("therapists", model_name)
        for order, (slug, name) in enumerate(rows, start=1):
            model.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("therapists", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
