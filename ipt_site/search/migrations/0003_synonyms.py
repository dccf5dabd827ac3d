"""Staff's synonym list, seeded with everyday words; Content editors may edit it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# The list the site starts with: everyday words people search with, and the words the
# pages use for the same thing. Staff change it in the admin (Search synonyms).
SYNONYMS = [
    ("argument, argue, arguing, fight, fighting, quarrel, quarrelling, falling",
     "row, clash, conflict, dispute, disagreement"),
    ("cost, price, fee, pay, paying, charge, money, afford, expensive, cheap",
     "cost, price, fee, charge"),
    ("died, death, dead, passed, bereaved, bereavement, mourning, funeral",
     "grief, loss, bereavement, died"),
    ("lonely, alone, isolated, friendless",
     "loneliness, lonely, isolation, isolated"),
    ("tablets, pills, medicine, meds, antidepressant, antidepressants, medication",
     "medication, antidepressant, medicine"),
    ("online, video, zoom, internet, remote, remotely",
     "online, video"),
    ("baby, pregnant, pregnancy, newborn, birth, mum, mother",
     "baby, pregnancy, postnatal, parent"),
    ("suicidal, suicide",
     "crisis, suicidal, suicide, safe"),
    ("test, quiz, questionnaire",
     "check, questionnaire"),
    ("teen, teenager, teenagers, adolescent, kids, child, children, young",
     "teenagers, adolescents, young, children"),
    ("divorce, separation, separated, breakup, split",
     "divorce, separation, relationship"),
    ("redundancy, redundant, sacked, fired, unemployed, job",
     "job, work, redundancy"),
    ("worry, worried, anxious, nervous, panic",
     "anxiety, anxious, worry"),
    ("partner, husband, wife, boyfriend, girlfriend, spouse",
     "partner, relationship, close"),
    ("evidence, proof, research, studies, trials",
     "evidence, research, trials"),
    ("gp, doctor",
     "gp, doctor"),
    ("counsellor, counselor, psychologist, psychotherapist",
     "therapist"),
    ("private, secret, confidential, confidentiality",
     "confidential, private"),
]  # fmt: skip


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for words, also_find in SYNONYMS:
        Synonym.objects.get_or_create(words=words, defaults={"also_find": also_find})


def unseed(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(
        words__in=[words for words, _ in SYNONYMS]
    ).delete()


def allow_content_editors(apps, schema_editor):
    app_config = apps.get_app_config("search")
    app_config.models_module = True  # create_permissions skips apps without models
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="search",
            codename__in=[f"{action}_synonym" for action in ("add", "change", "delete", "view")],
        )
    )


def disallow_content_editors(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="search", codename__endswith="_synonym"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_reindex_therapists_after_plain_names"),
        ("editor", "0002_content_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Synonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "words",
                    models.CharField(
                        help_text="Single words, separated by commas, e.g. “argument, arguing, fight, fighting”: write each form people type, except a plural with -s, which the single word covers.",
                        max_length=300,
                        unique=True,
                        verbose_name="when someone searches for",
                    ),
                ),
                (
                    "also_find",
                    models.CharField(
                        help_text="Single words, separated by commas, that the pages use, e.g. “row, clash, conflict”.",
                        max_length=300,
                        verbose_name="also find pages with",
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Optional: why this is here, for other staff.",
                        max_length=200,
                    ),
                ),
            ],
            options={
                "verbose_name": "search synonym",
                "db_table": "search_synonym",
                "ordering": ("words",),
            },
        ),
        migrations.RunPython(seed, unseed),
        migrations.RunPython(allow_content_editors, disallow_content_editors),
    ]
