"""The reminder planner's periodic task, created once so an admin's edits to its schedule
and offsets survive restarts (beat rewrites only the entries named in settings)."""

import json

from django.db import migrations

NAME = "plan-reminders"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    # Every hour from 07:00 to 17:00 London time: the first run plans the day, the others
    # catch up after an outage. Each person's digest is keyed by the day, so one a day.
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7-17",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.create(
        name=NAME,
        task="roadmaps.plan_reminders",
        crontab=crontab,
        kwargs=json.dumps({"days_before": [14, 7, 2, 0], "overdue_every_days": 7}),
        description=(
            "Emails each person at most one reminder a day listing what they still have to "
            "do. days_before: London days before a deadline; overdue_every_days: how often "
            "while overdue."
        ),
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roadmaps", "0006_deadline_extensions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
