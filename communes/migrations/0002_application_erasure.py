from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="communeapplication",
            name="erased_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="personal data erased at"
            ),
        ),
        migrations.AddField(
            model_name="communeapplication",
            name="invited_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="invited to the videoconference at"
            ),
        ),
    ]
