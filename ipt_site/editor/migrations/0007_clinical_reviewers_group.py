"""The "Clinical reviewers" group: open the editor, read the history, and approve or send
back pending changes. Content editors may see that a change is pending."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWERS = "Clinical reviewers"
EDITORS = "Content editors"
REVIEWER_PERMISSIONS = [
    "view_contentpage",
    "view_revision",
    "view_pendingversion",
    "review_pendingversion",
]


def create_group(apps, schema_editor):
    app_config = apps.get_app_config("editor")
    app_config.models_module = True  # create_permissions skips apps without models
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor_perms = Permission.objects.filter(content_type__app_label="editor")
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.set(editor_perms.filter(codename__in=REVIEWER_PERMISSIONS))
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.add(*editor_perms.filter(codename="view_pendingversion"))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWERS).delete()


class Migration(migrations.Migration):
    dependencies = [("editor", "0006_pending_versions")]

    operations = [migrations.RunPython(create_group, remove_group)]
