"""Reminders end to end: real beats and workers on the configured broker, a real SMTP server.

Two beats planning at once, and a worker killed in the middle of a batch, must still deliver
each day's digest to each person once: the outbox key and the claim on each row decide, and
the sweeper heals what the dead worker left behind.
"""

import json
import re
import time
from collections import Counter
from datetime import datetime, timedelta
from datetime import time as clock_time

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.enums import EmailState, Role
from accounts.models import OutboundEmail
from roadmaps.selectors.deadlines import LONDON, london_day
from roadmaps.services.reminders import plan_reminders, reminder_key
from tests.factories import CycleFactory, MembershipFactory, RegionFactory
from tests.roadmaps.coverage_data import make_ccg, make_local_office

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]

# Every whole London day up to the furthest deadline the cycle below sets, so that each
# person's task is on a reminder day today whatever the time of day.
EVERY_DAY = list(range(61))
UNFINISHED = (EmailState.PENDING, EmailState.SENDING)


def people_due_a_reminder_today(count):
    """``count`` CCG editors, each asked to declare the footprint their CCG leads or joins in
    a cycle whose footprint stage opened two weeks ago and closes in 30 days."""
    CycleFactory(name="2016-17")
    office = make_local_office(RegionFactory(), "Q72", "NHS ENGLAND NORTH (YORKSHIRE)")
    return [
        MembershipFactory(organisation=make_ccg(f"NHS TEST {n} CCG", office), role=Role.EDITOR).user
        for n in range(count)
    ]


def plan_reminders_every_second(*, enabled=True):
    """The migration's "plan-reminders" task (made again: an earlier transactional test may
    have emptied the table), on a one-second interval that makes every person due today."""
    every_second, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.update_or_create(
        name="plan-reminders",
        defaults={
            "task": "roadmaps.plan_reminders",
            "interval": every_second,
            "crontab": None,
            "kwargs": json.dumps({"days_before": EVERY_DAY, "overdue_every_days": 7}),
            "enabled": enabled,
        },
    )


def start_after_london_midnight_if_near(seconds=75):
    """Each test runs for under a minute; one that spans midnight would rightly queue two
    digests a person, so wait for the new day instead."""
    now = timezone.localtime(timezone.now(), LONDON)
    midnight = datetime.combine(now.date() + timedelta(days=1), clock_time(), tzinfo=LONDON)
    if (left := (midnight - now).total_seconds()) < seconds:
        time.sleep(left + 1)


def states():
    return Counter(OutboundEmail.objects.values_list("state", flat=True))


def ids_in(state):
    return set(OutboundEmail.objects.filter(state=state).values_list("pk", flat=True))


def count_lines(log, pattern):
    return len(re.findall(pattern, log, flags=re.MULTILINE))


PLAN_SENT = r"Sending due task plan-reminders \(roadmaps\.plan_reminders\)"
PLAN_RECEIVED = r"Task roadmaps\.plan_reminders\[[^\]]+\] received"
PLAN_RAN = r"Task roadmaps\.plan_reminders\[[^\]]+\] succeeded in \S+: \{'queued': (\d+)"
# A plan whose send failed: the beat's next log line is the error.
PLAN_NOT_SENT = PLAN_SENT + r"\n[^\n]*Message Error: "
PLANS_PER_BEAT = 6


def plan_runs(workers):
    """How many plans the workers received, and how many digests each finished run queued."""
    logs = "".join(worker.log() for worker in workers)
    return count_lines(logs, PLAN_RECEIVED), [int(n) for n in re.findall(PLAN_RAN, logs)]


def test_two_beats_and_two_workers_deliver_each_days_reminder_once(smtp_server, celery_processes):
    start_after_london_midnight_if_near()
    people = people_due_a_reminder_today(30)
    plan_reminders_every_second()
    workers = [celery_processes.start_worker(f"worker-{n}") for n in (1, 2)]
    beats = [celery_processes.start_beat(f"beat-{n}") for n in (1, 2)]

    # Several rounds of both beats planning the same people.
    celery_processes.wait_until(
        lambda: all(count_lines(beat.log(), PLAN_SENT) >= PLANS_PER_BEAT for beat in beats),
        what=f"each beat to send plan-reminders {PLANS_PER_BEAT} times",
    )
    celery_processes.stop(*beats)
    celery_processes.wait_until(
        lambda: (
            OutboundEmail.objects.count() == len(people)
            and not OutboundEmail.objects.filter(state__in=UNFINISHED).exists()
        ),
        what="every reminder to be sent",
    )

    # A beat logs each send before it makes it; a send that fails (two beats racing on the
    # schedule's rows) is followed by a message error, and nothing reaches the workers.
    sent = sum(
        count_lines(beat.log(), PLAN_SENT) - count_lines(beat.log(), PLAN_NOT_SENT)
        for beat in beats
    )
    least = min(sent, len(beats) * PLANS_PER_BEAT)

    def workers_ran_the_plans():
        received, runs = plan_runs(workers)
        return received >= least and len(runs) == received

    # Both beats' plans reached the workers, and every plan received has run.
    celery_processes.wait_until(
        workers_ran_the_plans, what=f"the workers to run at least {least} plans"
    )
    # Stopped, the workers finish what they hold: nothing is left to send late.
    celery_processes.stop(*workers)

    plans_received, queued_by_each_run = plan_runs(workers)
    assert len(queued_by_each_run) == plans_received, celery_processes.logs()
    # However the runs raced, between them they queued one digest a person.
    assert sum(queued_by_each_run) == len(people), celery_processes.logs()
    day = london_day(timezone.now())
    recipients = sorted(message["To"] for message in smtp_server.messages)
    assert recipients == sorted(person.email for person in people), celery_processes.logs()
    assert sorted(OutboundEmail.objects.values_list("idempotency_key", flat=True)) == sorted(
        reminder_key(day, person.pk) for person in people
    )
    assert states() == {EmailState.SENT: len(people)}
    assert {message["Subject"] for message in smtp_server.messages} == set(
        OutboundEmail.objects.values_list("subject", flat=True)
    )


def test_a_worker_killed_mid_batch_leaves_nothing_pending_and_nothing_sent_twice(
    smtp_server, celery_processes
):
    start_after_london_midnight_if_near()
    people = people_due_a_reminder_today(40)
    plan_reminders_every_second(enabled=False)  # the beat below only sweeps
    smtp_server.slow_down(0.25)
    assert plan_reminders(days_before=EVERY_DAY).queued == len(people)
    concurrency = 2
    doomed = celery_processes.start_worker("worker-a", concurrency=concurrency)

    celery_processes.wait_until(
        lambda: (
            len(smtp_server.messages) >= 6
            and OutboundEmail.objects.filter(state=EmailState.SENDING).exists()
        ),
        what="worker A to be part way through the batch",
    )
    celery_processes.kill(doomed)
    # The broker lost whatever worker A had taken; drop the rest of the batch too, so that
    # every row still pending reaches worker B only because the sweeper finds it.
    celery_processes.purge_broker()
    sent_by_a = ids_in(EmailState.SENT)
    claimed_by_a = ids_in(EmailState.SENDING)
    assert 0 < len(sent_by_a) < len(people)
    assert len(claimed_by_a) <= concurrency

    quick_sweeps = {
        "OUTBOX_SWEEP_EVERY_SECONDS": "1",
        "OUTBOX_SENDING_TIMEOUT_SECONDS": "5",
        "OUTBOX_PENDING_GRACE_SECONDS": "2",
    }
    worker_b = celery_processes.start_worker("worker-b", concurrency=concurrency, env=quick_sweeps)
    sweeper = celery_processes.start_beat("sweeper", env=quick_sweeps)
    celery_processes.wait_until(
        lambda: not OutboundEmail.objects.filter(state__in=UNFINISHED).exists(),
        what="nothing pending or sending",
    )
    celery_processes.stop(sweeper, worker_b)

    rows = dict(OutboundEmail.objects.values_list("pk", "state"))
    to = dict(OutboundEmail.objects.values_list("pk", "to"))
    received = Counter(message["To"] for message in smtp_server.messages)
    sent = {pk for pk, state in rows.items() if state == EmailState.SENT}
    unknown = {pk for pk, state in rows.items() if state == EmailState.UNKNOWN}
    logs = celery_processes.logs()
    assert len(rows) == len(people)
    assert [address for address, times in received.items() if times > 1] == [], logs
    # Only the rows worker A had claimed are in doubt; it may have sent them before it died.
    assert unknown == claimed_by_a, logs
    assert sent | unknown == set(rows), logs
    # Worker B, the only worker left, sent the rest: the sweeper re-enqueued them.
    assert sent_by_a < sent, logs
    assert {to[pk] for pk in sent} <= set(received), logs
    assert set(received) <= {to[pk] for pk in rows}, logs
