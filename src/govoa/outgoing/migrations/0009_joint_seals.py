# 联合行文: each co-issuing agency's 用印 (its own seal keeper, its own seal, over its 署名).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0004_esign'),
        ('outgoing', '0008_register_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='jointcountersign',
            name='seal_state',
            field=models.CharField(blank=True, choices=[('', '未到用印'), ('requested', '待用印'), ('sealed', '已用印')], default='', max_length=10, verbose_name='用印状态'),
        ),
        migrations.AddField(
            model_name='jointcountersign',
            name='seal_requested_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='请求用印时间'),
        ),
        migrations.AddField(
            model_name='jointcountersign',
            name='sealed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='用印人'),
        ),
        migrations.AddField(
            model_name='jointcountersign',
            name='sealed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='用印时间'),
        ),
        migrations.AddField(
            model_name='jointcountersign',
            name='seal_name',
            field=models.CharField(blank=True, max_length=100, verbose_name='所用印章'),
        ),
        migrations.AddField(
            model_name='jointcountersign',
            name='sealed_file',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.storedfile', verbose_name='加盖本机关印章后的正式文件'),
        ),
    ]
