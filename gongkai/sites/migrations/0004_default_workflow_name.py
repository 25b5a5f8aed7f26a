"""Wagtail's own default workflow and task ("Moderators approval", made by its migration 0048 for
the root page, which no body uses) carry an English name that staff meet in the admin; the
platform's review is 本机关审核 (`sites.services.portal_ensure`). Give them a Chinese name."""

from django.db import migrations

ENGLISH = "Moderators approval"
CHINESE = "管理员组审核（平台根页面，未使用）"


def rename(apps, schema_editor, old=ENGLISH, new=CHINESE):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=CHINESE, new=ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0003_site_footer_settings"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
