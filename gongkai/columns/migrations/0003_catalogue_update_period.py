from django.db import migrations, models


def set_default_periods(apps, schema_editor):
    from gongkai.columns.catalogue import UPDATE_PERIODS

    entry_model = apps.get_model("columns", "CatalogueEntry")
    for key, days in UPDATE_PERIODS.items():
        entry_model.objects.filter(key=key, update_period_days__isnull=True).update(
            update_period_days=days
        )


class Migration(migrations.Migration):
    dependencies = [
        ("columns", "0002_default_catalogue"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogueentry",
            name="update_period_days",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="栏目超过该天数没有新发布的内容时，在“栏目完整性”中列为未及时更新；留空表示不检查",
                null=True,
                verbose_name="更新周期（天）",
            ),
        ),
        migrations.RunPython(set_default_periods, migrations.RunPython.noop),
    ]
