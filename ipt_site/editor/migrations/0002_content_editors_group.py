"""The "Content editors" group: everything the page editor needs, nothing else.

Permissions are normally created after all migrations have run (post_migrate), so on a
fresh database they do not exist yet here: create them first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Content editors"
PERMISSIONS = {
    "contentpage": ["add", "change", "delete", "view"],
    "pageredirect": ["add", "change", "delete", "view"],
    "revision": ["view"],
}


def create_group(apps, schema_editor):
    app_config = apps.get_app_config("editor")
    app_config.models_module = True  # create_permissions skips apps without models
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="editor", codename__in=codenames
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editor", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
