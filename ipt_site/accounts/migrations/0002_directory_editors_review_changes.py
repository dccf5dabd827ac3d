"""Directory editors review therapists' profile changes and invite therapists.

Permissions are normally created after all migrations have run (post_migrate), so on a
fresh database they do not exist yet here: create them first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Directory editors"
CODENAMES = [
    "view_profilechange",
    "change_profilechange",
    "view_therapistaccount",
    "invite_therapist",
]


def add_permissions(apps, schema_editor):
    app_config = apps.get_app_config("accounts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="accounts", codename__in=CODENAMES)
    )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="accounts", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("therapists", "0003_directory_editors_group"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
