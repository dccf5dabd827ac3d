"""The "Enquiry handlers" group: read enquiries, change their status, export them.

Permissions are normally created after all migrations have run (post_migrate), so on a
fresh database they do not exist yet here: create them first. view_therapist lets the
therapist column and filter make sense; it grants no change to profiles.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Enquiry handlers"
PERMISSIONS = [
    ("contact", "view_enquiry"),
    ("contact", "change_enquiry"),
    ("contact", "export_enquiry"),
    ("therapists", "view_therapist"),
]


def create_group(apps, schema_editor):
    for label in {app for app, _ in PERMISSIONS}:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in PERMISSIONS
        ]
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
