"""The plan rule asks for a number of electives in each category of the catalogue (PlanRuleCategory) instead
of one number of skills for every category (min_per_category). A rule that asked for N skills in every
category now asks for N electives in every category."""

import django.db.models.deletion
from django.db import migrations, models


def per_category_from_single_number(apps, schema_editor):
    PlanRule = apps.get_model("learning", "PlanRule")
    PlanRuleCategory = apps.get_model("learning", "PlanRuleCategory")
    SkillCategory = apps.get_model("skills", "SkillCategory")
    categories = list(SkillCategory.objects.all())
    PlanRuleCategory.objects.bulk_create(
        PlanRuleCategory(rule=rule, category=category, min_electives=rule.min_per_category)
        for rule in PlanRule.objects.filter(min_per_category__gt=0)
        for category in categories
    )


def single_number_from_per_category(apps, schema_editor):
    """Back to one number for every category: the smallest a category asks for (0 if one asks for none)."""
    PlanRule = apps.get_model("learning", "PlanRule")
    SkillCategory = apps.get_model("skills", "SkillCategory")
    categories = set(SkillCategory.objects.values_list("pk", flat=True))
    for rule in PlanRule.objects.prefetch_related("category_minimums"):
        asked = {row.category_id: row.min_electives for row in rule.category_minimums.all()}
        rule.min_per_category = min(asked.values()) if categories and categories <= set(asked) else 0
        rule.save(update_fields=["min_per_category"])


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_study_reports"),
        ("skills", "0002_date_bounds_and_text_limits"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlanRuleCategory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("min_electives", models.PositiveSmallIntegerField(default=0, verbose_name="该类最少选修技能数")),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="skills.skillcategory",
                        verbose_name="技能类别",
                    ),
                ),
                (
                    "rule",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="category_minimums",
                        to="learning.planrule",
                        verbose_name="学习计划规则",
                    ),
                ),
            ],
            options={
                "verbose_name": "分类选修要求",
                "verbose_name_plural": "分类选修要求",
                "ordering": ["rule", "category__order", "category__code"],
                "constraints": [models.UniqueConstraint(fields=("rule", "category"), name="plan_rule_category_once")],
            },
        ),
        migrations.AlterField(
            model_name="planrule",
            name="min_electives",
            field=models.PositiveSmallIntegerField(
                default=1, help_text="各类合计至少的选修技能数。", verbose_name="最少选修技能数"
            ),
        ),
        migrations.RunPython(per_category_from_single_number, single_number_from_per_category),
        migrations.RemoveField(model_name="planrule", name="min_per_category"),
    ]
