"""Education targets for seed 001's six groups, one set per region and year.

Targets set so far applied to every year: they become the current year's. The group 后备干部 becomes
乡镇后备干部 (its target was seed 001's 95% 大专以上 for township reserves). Going back keeps, per region and
group of the old three, the latest year's target and drops the others."""

import django.core.validators
from django.db import migrations, models

import skilled_township.cadres.models

OLD_GROUPS = ("leadership", "others", "reserve")


def reserve_to_township_reserve(apps, schema_editor):
    EducationTarget = apps.get_model("cadres", "EducationTarget")
    EducationTarget.objects.filter(group="reserve").update(group="township_reserve")


def back_to_one_target_per_group(apps, schema_editor):
    EducationTarget = apps.get_model("cadres", "EducationTarget")
    EducationTarget.objects.filter(group="township_reserve").update(group="reserve")
    EducationTarget.objects.exclude(group__in=OLD_GROUPS).delete()
    kept = set()
    for target in EducationTarget.objects.order_by("-year", "-id"):
        if (target.region_id, target.group) in kept:
            target.delete()
        else:
            kept.add((target.region_id, target.group))


class Migration(migrations.Migration):

    dependencies = [
        ("cadres", "0005_cadre_reserve_level"),
        ("regions", "0003_date_bounds_and_text_limits"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="educationtarget",
            options={
                "ordering": ["-year", "region__code", "group"],
                "verbose_name": "学历结构目标",
                "verbose_name_plural": "学历结构目标",
            },
        ),
        migrations.RemoveConstraint(
            model_name="educationtarget",
            name="education_target_once",
        ),
        # Existing rows take the year the migration runs in.
        migrations.AddField(
            model_name="educationtarget",
            name="year",
            field=models.PositiveSmallIntegerField(
                default=skilled_township.cadres.models.this_year,
                validators=[
                    django.core.validators.MinValueValidator(2000),
                    django.core.validators.MaxValueValidator(2100),
                ],
                verbose_name="年度",
            ),
        ),
        migrations.AlterField(
            model_name="educationtarget",
            name="group",
            field=models.CharField(
                choices=[
                    ("party_secretary", "乡镇党委书记"),
                    ("leadership", "班子成员"),
                    ("others", "其他乡镇干部"),
                    ("village_secretary", "村党组织书记"),
                    ("township_reserve", "乡镇后备干部"),
                    ("village_reserve", "村级后备干部"),
                ],
                max_length=20,
                verbose_name="干部群体",
            ),
        ),
        migrations.AlterField(
            model_name="educationtarget",
            name="min_education",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[(1, "初中及以下"), (2, "高中/中专"), (3, "大专"), (4, "本科"), (5, "研究生")],
                help_text="达到此学历及以上才计入达标；不填则按该群体的默认要求。",
                verbose_name="学历要求",
            ),
        ),
        migrations.RunPython(reserve_to_township_reserve, back_to_one_target_per_group),
        migrations.AddConstraint(
            model_name="educationtarget",
            constraint=models.UniqueConstraint(fields=("region", "group", "year"), name="education_target_once_a_year"),
        ),
    ]
