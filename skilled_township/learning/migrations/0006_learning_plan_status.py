"""A learning plan is a draft (草稿) until it is confirmed (已确认); plans made before are drafts."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_plan_rule_electives_per_category"),
    ]

    operations = [
        migrations.AddField(
            model_name="learningplan",
            name="status",
            field=models.CharField(
                choices=[("draft", "草稿"), ("confirmed", "已确认")], default="draft", max_length=16, verbose_name="状态"
            ),
        ),
    ]
