"""The two instruments the platform ships (see ``partnerstvo.assessments.builtin``)."""

from django.db import migrations


def install(apps, schema_editor):
    from partnerstvo.assessments.builtin import install as install_builtin

    install_builtin(apps)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
