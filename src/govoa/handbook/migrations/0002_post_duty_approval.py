# 岗位职责清单 approved on the flow engine (template ``post_duties``): a version is drafted
# (审批中), numbered when the principal leader approves it; the lists published before keep
# their numbers, the current one ``published`` and the earlier ones ``superseded``.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _published_before(apps, schema_editor):
    Post = apps.get_model("handbook", "Post")
    PostDutyVersion = apps.get_model("handbook", "PostDutyVersion")
    current = Post.objects.exclude(current=None).values("current_id")
    PostDutyVersion.objects.exclude(pk__in=current).update(status="superseded")


class Migration(migrations.Migration):

    dependencies = [
        ('handbook', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='postdutyversion',
            name='status',
            field=models.CharField(choices=[('reviewing', '审批中'), ('published', '现行版本'), ('superseded', '已被替代'), ('rejected', '未批准'), ('cancelled', '已撤销')], default='published', max_length=10, verbose_name='状态'),
        ),
        migrations.RunPython(_published_before, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='postdutyversion',
            name='status',
            field=models.CharField(choices=[('reviewing', '审批中'), ('published', '现行版本'), ('superseded', '已被替代'), ('rejected', '未批准'), ('cancelled', '已撤销')], default='reviewing', max_length=10, verbose_name='状态'),
        ),
        migrations.AlterField(
            model_name='postdutyversion',
            name='number',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='版本号'),
        ),
        migrations.AlterField(
            model_name='postdutyversion',
            name='recorded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='拟定人'),
        ),
        migrations.AlterField(
            model_name='postdutyversion',
            name='recorded_at',
            field=models.DateTimeField(verbose_name='提交时间'),
        ),
        migrations.AddField(
            model_name='postdutyversion',
            name='approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='批准人'),
        ),
        migrations.AddField(
            model_name='postdutyversion',
            name='approved_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='批准时间'),
        ),
    ]
