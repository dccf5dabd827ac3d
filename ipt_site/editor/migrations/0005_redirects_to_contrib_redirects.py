"""Moved pages' redirects become django.contrib.redirects rows, for the one site.

Every PageRedirect row is copied into `redirects.Redirect` (and back, going backwards),
the "Content editors" group gets the same permissions on the new rows as it had on the
old, and the PageRedirect model is removed. The site row is made here if it does not
exist yet (django.contrib.sites makes it only after all migrations); web.sites sets its
domain and name from the settings after every migrate.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Content editors"
ACTIONS = ("add", "change", "delete", "view")


def _site(apps):
    Site = apps.get_model("sites", "Site")
    site, _ = Site.objects.get_or_create(
        pk=settings.SITE_ID,
        defaults={
            "domain": urlsplit(settings.SITE_URL).netloc or "localhost",
            "name": settings.SITE_NAME[:50],
        },
    )
    return site


def _group_permissions(apps, app_label, model):
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # create_permissions skips apps without models
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label=app_label,
        codename__in=[f"{action}_{model}" for action in ACTIONS],
    )
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    return group, permissions


def forwards(apps, schema_editor):
    PageRedirect = apps.get_model("editor", "PageRedirect")
    Redirect = apps.get_model("redirects", "Redirect")
    site = _site(apps)
    for row in PageRedirect.objects.all():
        Redirect.objects.update_or_create(
            site=site, old_path=row.old_url, defaults={"new_path": row.new_url}
        )
    group, permissions = _group_permissions(apps, "redirects", "redirect")
    if group is not None:
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    PageRedirect = apps.get_model("editor", "PageRedirect")
    Redirect = apps.get_model("redirects", "Redirect")
    for row in Redirect.objects.filter(site_id=settings.SITE_ID):
        PageRedirect.objects.update_or_create(
            old_url=row.old_path, defaults={"new_url": row.new_path}
        )
    group, permissions = _group_permissions(apps, "editor", "pageredirect")
    if group is not None:
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("editor", "0004_preview_links"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
        ("sites", "0002_alter_domain_unique"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="PageRedirect"),
    ]
