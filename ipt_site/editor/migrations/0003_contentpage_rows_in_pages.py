from django.db import migrations


class Migration(migrations.Migration):
    """The page list's own table goes: the editor lists `pages.Page` rows (same name, same
    permissions, so the "Content editors" group keeps its rights)."""

    dependencies = [
        ("editor", "0002_content_editors_group"),
        ("pages", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="ContentPage"),
        migrations.CreateModel(
            name="ContentPage",
            fields=[],
            options={"verbose_name": "page", "proxy": True, "indexes": [], "constraints": []},
            bases=("pages.page",),
        ),
    ]
