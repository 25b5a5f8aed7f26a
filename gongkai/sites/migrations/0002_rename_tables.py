# The tables taken over from `bodies` (0001) get this app's names.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('sites', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(name='portalhomepage', table=None),
        migrations.AlterModelTable(name='bodyhomepage', table=None),
    ]
