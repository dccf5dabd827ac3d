from django.db import migrations, models


def create_rows(apps, schema_editor):
    Version = apps.get_model("pagecache", "Version")
    DataVersion = apps.get_model("pagecache", "DataVersion")
    old = DataVersion.objects.filter(pk=1).values_list("counter", flat=True).first() or 0
    Version.objects.create(name="content", value=0)
    Version.objects.create(name="data", value=old)


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0001_data_version")]

    operations = [
        migrations.CreateModel(
            name="Version",
            fields=[
                ("name", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
                ("changed", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.RunPython(create_rows, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataVersion"),
    ]
