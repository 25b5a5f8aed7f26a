from django.db import migrations


def load(apps, schema_editor):
    from gongkai.columns.catalogue import load_default_catalogue

    load_default_catalogue(apps.get_model("columns", "CatalogueEntry"))


class Migration(migrations.Migration):
    dependencies = [("columns", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
