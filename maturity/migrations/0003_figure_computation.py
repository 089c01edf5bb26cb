import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models
from django.db.models import Max


def carry_computed_at(apps, schema_editor):
    """Each cycle with figures gets the time they were last worked out."""
    BenchmarkFigure = apps.get_model("maturity", "BenchmarkFigure")
    FigureComputation = apps.get_model("maturity", "FigureComputation")
    latest = (
        BenchmarkFigure.objects.values("cycle_id")
        .annotate(computed_at=Max("computed_at"))
        .order_by()
        .values_list("cycle_id", "computed_at")
    )
    FigureComputation.objects.bulk_create(
        FigureComputation(cycle_id=cycle_id, computed_at=computed_at)
        for cycle_id, computed_at in latest
    )


def restore_computed_at(apps, schema_editor):
    """Back to one time per row: each figure gets its cycle's."""
    BenchmarkFigure = apps.get_model("maturity", "BenchmarkFigure")
    FigureComputation = apps.get_model("maturity", "FigureComputation")
    for run in FigureComputation.objects.all():
        BenchmarkFigure.objects.filter(cycle_id=run.cycle_id).update(computed_at=run.computed_at)


class Migration(migrations.Migration):
    dependencies = [
        ("maturity", "0002_helpers_and_benchmark_figures"),
        ("roadmaps", "0007_plan_reminders_schedule"),
    ]

    operations = [
        migrations.CreateModel(
            name="FigureComputation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("computed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "cycle",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="roadmaps.cycle",
                    ),
                ),
            ],
            options={
                "verbose_name": "figure computation",
                "verbose_name_plural": "figure computations",
            },
        ),
        migrations.RunPython(carry_computed_at, restore_computed_at),
        migrations.RemoveField(model_name="benchmarkfigure", name="computed_at"),
    ]
