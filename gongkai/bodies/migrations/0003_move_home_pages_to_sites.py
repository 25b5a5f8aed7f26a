# The portal and body home pages moved to the `sites` app (docs/decisions.md, "Site pages and body
# provisioning in their own app"). Only the migration state changes here: the tables, their rows
# and their content types are kept and handed over by sites 0001 and 0002.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('bodies', '0002_applications_roles'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='BodyHomePage'),
                migrations.DeleteModel(name='PortalHomePage'),
            ],
            database_operations=[],
        ),
    ]
