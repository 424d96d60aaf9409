"""A reserve cadre is recorded for the township's posts or a village's (后备干部: 乡镇后备 / 村级后备) instead of
yes/no; and 村干部 becomes a post, so a village reserve has one to be recorded under.

The roster's earlier reserve flag meant a township reserve (its target was seed 001's 乡镇后备干部 95% 大专以上):
every flagged cadre becomes a township reserve."""

from django.db import migrations, models


def flags_to_levels(apps, schema_editor):
    Cadre = apps.get_model("cadres", "Cadre")
    Cadre.objects.filter(is_reserve=True).update(reserve_level="township")


def levels_to_flags(apps, schema_editor):
    Cadre = apps.get_model("cadres", "Cadre")
    Cadre.objects.exclude(reserve_level="").update(is_reserve=True)


class Migration(migrations.Migration):

    dependencies = [
        ("cadres", "0004_secondment_village_and_longer_term_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="cadre",
            name="reserve_level",
            field=models.CharField(
                blank=True,
                choices=[("", "否"), ("township", "乡镇后备干部"), ("village", "村级后备干部")],
                db_index=True,
                default="",
                help_text="乡镇后备干部：乡镇领导岗位的后备人选；村级后备干部：村两委岗位的后备人选。",
                max_length=16,
                verbose_name="后备干部",
            ),
        ),
        migrations.RunPython(flags_to_levels, levels_to_flags),
        migrations.RemoveField(
            model_name="cadre",
            name="is_reserve",
        ),
        migrations.AlterField(
            model_name="cadre",
            name="position",
            field=models.CharField(
                choices=[
                    ("party_secretary", "党委书记"),
                    ("mayor", "镇长"),
                    ("leadership", "班子成员"),
                    ("staff", "一般干部"),
                    ("station_head", "站所负责人"),
                    ("village_secretary", "村党组织书记"),
                    ("village_cadre", "村干部"),
                    ("first_secretary", "第一书记"),
                    ("college_graduate", "大学生村官"),
                    ("tech_deputy", "科技副镇长（挂职）"),
                ],
                db_index=True,
                max_length=32,
                verbose_name="职务类别",
            ),
        ),
    ]
