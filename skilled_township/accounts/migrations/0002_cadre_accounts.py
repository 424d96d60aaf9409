"""Cadre accounts: one account per roster entry, and a first password that must be changed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('cadres', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='cadre',
            field=models.OneToOneField(blank=True, help_text='干部账号对应的名册条目。', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='account', to='cadres.cadre', verbose_name='干部'),
        ),
        migrations.AddField(
            model_name='user',
            name='must_change_password',
            field=models.BooleanField(default=False, help_text='使用一次性初始密码登录后，必须先修改密码。', verbose_name='须修改密码'),
        ),
        migrations.AlterField(
            model_name='user',
            name='role',
            field=models.CharField(blank=True, choices=[('org_admin', '组织部管理员'), ('hr_appraiser', '人社鉴定员'), ('township_secretary', '乡镇填报员'), ('reviewer', '考核组成员'), ('leader', '领导'), ('cadre', '干部')], db_index=True, max_length=32, verbose_name='角色'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('cadre__isnull', False), ('role', 'cadre')), models.Q(models.Q(('role', 'cadre'), _negated=True), ('cadre__isnull', True)), _connector='OR'), name='cadre_account_has_cadre'),
        ),
    ]
