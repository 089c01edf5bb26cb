import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

SETTINGS_OF_TRUST_TYPES = ("acute", "mental_health", "community", "ambulance")


def fill_settings_and_score_sources(apps, schema_editor):
    """Existing assessments take their organisation's trust type where it names a care setting
    (acute otherwise); existing scores were computed from their assessment's question set by
    the only method there was, method 1."""
    Assessment = apps.get_model("maturity", "Assessment")
    Score = apps.get_model("maturity", "Score")
    for setting in SETTINGS_OF_TRUST_TYPES:
        Assessment.objects.filter(organisation__trust_type=setting).update(care_setting=setting)
    question_set = Assessment.objects.filter(pk=OuterRef("assessment_id"))
    Score.objects.update(
        question_set_code=Subquery(question_set.values("question_set__code")[:1]),
        question_set_version=Subquery(question_set.values("question_set__version")[:1]),
        method_version=1,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_organisation_stp"),
        ("maturity", "0003_figure_computation"),
        ("roadmaps", "0010_cycles_carried_forward_and_merges"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CareSettingCorrection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "care_setting",
                    models.CharField(
                        choices=[
                            ("acute", "Acute"),
                            ("mental_health", "Mental health"),
                            ("community", "Community"),
                            ("ambulance", "Ambulance"),
                        ],
                        max_length=20,
                        verbose_name="care setting",
                    ),
                ),
                ("reason", models.TextField(verbose_name="reason")),
                ("corrected_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "care setting correction",
                "verbose_name_plural": "care setting corrections",
            },
        ),
        migrations.AddField(
            model_name="assessment",
            name="care_setting",
            field=models.CharField(
                choices=[
                    ("acute", "Acute"),
                    ("mental_health", "Mental health"),
                    ("community", "Community"),
                    ("ambulance", "Ambulance"),
                ],
                default="acute",
                max_length=20,
                verbose_name="care setting",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="care_settings",
            field=models.CharField(blank=True, max_length=100, verbose_name="care settings"),
        ),
        migrations.AddField(
            model_name="question",
            name="same_as",
            field=models.CharField(blank=True, max_length=40, verbose_name="same as"),
        ),
        migrations.AddField(
            model_name="questionset",
            name="maps_to_code",
            field=models.CharField(blank=True, max_length=40, verbose_name="maps to question set"),
        ),
        migrations.AddField(
            model_name="score",
            name="method_version",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="score",
            name="question_set_code",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="score",
            name="question_set_version",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("care_setting__in", ["acute", "mental_health", "community", "ambulance"])
                ),
                name="assessment_care_setting_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("care_settings", ""),
                    models.Q(("care_settings__endswith", "|"), ("care_settings__startswith", "|")),
                    _connector="OR",
                ),
                name="question_care_settings_stored",
            ),
        ),
        migrations.AddField(
            model_name="caresettingcorrection",
            name="corrected_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="caresettingcorrection",
            name="organisation",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="care_setting_correction",
                to="accounts.organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="caresettingcorrection",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("care_setting__in", ["acute", "mental_health", "community", "ambulance"])
                ),
                name="care_setting_correction_valid",
            ),
        ),
        migrations.RunPython(fill_settings_and_score_sources, migrations.RunPython.noop),
    ]
