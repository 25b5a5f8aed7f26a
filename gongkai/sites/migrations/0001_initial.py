# The portal and body home pages, moved here from `bodies` without touching their rows
# (docs/decisions.md, "Site pages and body provisioning in their own app"):
# - the models enter the state on their old tables (bodies 0003 took them out of its own state);
# - their content types are renamed from `bodies` to `sites`, so that every page row, revision,
#   log entry and permission that points at them keeps its content type id;
# - 0002 then renames the tables to this app's names.
# On a new database there are no content types yet (they are made after `migrate`): nothing to
# rename, and 0002 renames the tables bodies 0001 has just created.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("portalhomepage", "bodyhomepage")
MSG_BOTH_EXIST = (
    "内容类型 {target}.{model} 已存在，无法把 {source}.{model} 改名为它："
    "请先确认没有页面、版本或权限使用 {target}.{model}，删除它后再运行 migrate"
)


def _rename_content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model)
        if not old.exists():
            continue
        if ContentType.objects.filter(app_label=target, model=model).exists():
            raise RuntimeError(MSG_BOTH_EXIST.format(source=source, target=target, model=model))
        old.update(app_label=target)
    # The process-wide cache of the real model may hold the old rows.
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    CurrentContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _rename_content_types(apps, "bodies", "sites")


def backwards(apps, schema_editor):
    _rename_content_types(apps, "sites", "bodies")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('bodies', '0003_move_home_pages_to_sites'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PortalHomePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', models.TextField(blank=True, verbose_name='简介')),
                    ],
                    options={
                        'verbose_name': '平台首页',
                        'db_table': 'bodies_portalhomepage',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='BodyHomePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', models.TextField(blank=True, verbose_name='简介')),
                        ('body', models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='bodies.body')),
                    ],
                    options={
                        'verbose_name': '机关站点首页',
                        'db_table': 'bodies_bodyhomepage',
                    },
                    bases=('wagtailcore.page',),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
