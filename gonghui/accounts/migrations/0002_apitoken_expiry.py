"""API tokens expire: tokens issued before this migration get created_at + GONGHUI_API_TOKEN_DAYS."""

import datetime

from django.conf import settings
from django.db import migrations, models


def set_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    days = datetime.timedelta(days=settings.GONGHUI_API_TOKEN_DAYS)
    for token in ApiToken.objects.filter(expires_at__isnull=True).only("pk", "created_at").iterator():
        ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at + days)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="有效期至"),
        ),
        migrations.RunPython(set_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="有效期至"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="创建时间"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="最近使用"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="revoked",
            field=models.BooleanField(default=False, verbose_name="已注销"),
        ),
        migrations.AddIndex(
            model_name="apitoken",
            index=models.Index(fields=["user", "revoked", "expires_at"], name="apitoken_user_live"),
        ),
    ]
