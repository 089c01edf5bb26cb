"""Reminder emails: at most one a day per person, listing everything they still have to do.

Planning reads the database state afresh each time (``outstanding_by_person``), so a moved
deadline, an extension or a finished task changes what is sent the next time it runs, with
nothing stored to reschedule. Each digest is an outbox row keyed by the London day and the
recipient: planning twice, two beat processes or a crashed worker never send it twice.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.models import OutboundEmail
from accounts.rules import is_nhse_admin
from accounts.services.audit import record_event
from accounts.services.outbox import queue_email
from accounts.services.outbox_batches import EmailToQueue, queue_emails
from roadmaps.selectors.deadlines import LONDON, days_left, days_left_words, london_day
from roadmaps.selectors.reminders import outstanding_by_person

TEMPLATE = "reminder_digest"
KEY_PREFIX = "reminder"


@dataclass(frozen=True)
class ReminderRun:
    """What one planning run did: digests queued now, and people already reminded today."""

    queued: int
    already_reminded: int


@dataclass(frozen=True)
class ReminderPreview:
    """Who "send reminders now" would email, before anyone confirms."""

    people: int
    already_reminded: int


def reminder_key(day, user_id):
    return f"{KEY_PREFIX}:{day.isoformat()}:{user_id}"


def _whole_days(value):
    # int() alone would turn 2.5 into 2, True into 1 and the string "14" into days 1 and 4.
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    if not isinstance(value, int | float | str):
        raise TypeError(value)
    return int(value)


def check_schedule(*, days_before, overdue_every_days):
    """The offsets as a sorted tuple of whole days, refusing what would not make sense."""
    try:
        if isinstance(days_before, str | bytes):
            raise TypeError(days_before)
        offsets = tuple(sorted({_whole_days(day) for day in days_before}, reverse=True))
        every = _whole_days(overdue_every_days)
    except (TypeError, ValueError) as error:
        raise ActionRefused(_("Reminder days must be whole numbers.")) from error
    if any(day < 0 for day in offsets) or every < 1:
        raise ActionRefused(
            _("Reminder days must be 0 or more, and overdue reminders at least a day apart.")
        )
    return offsets, every


def is_reminder_day(days, *, days_before, overdue_every_days):
    """Whether a task ``days`` whole London days from its deadline is reminded today."""
    if days >= 0:
        return days in days_before
    return -days % overdue_every_days == 0


def plan_reminders(*, now=None, days_before=None, overdue_every_days=None):
    """Queue today's reminder digests: one for each person with a task on a reminder day.

    A task is on a reminder day when its deadline is ``days_before`` days away (London days;
    0 is the day itself) or it is overdue by a multiple of ``overdue_every_days``. The
    digest lists all of that person's outstanding tasks, not only the one that triggered it.
    """
    now = now or timezone.now()
    offsets, every = check_schedule(
        days_before=settings.REMINDER_DAYS_BEFORE if days_before is None else days_before,
        overdue_every_days=(
            settings.REMINDER_OVERDUE_EVERY_DAYS
            if overdue_every_days is None
            else overdue_every_days
        ),
    )
    people = outstanding_by_person(now=now)
    due = [
        person
        for person in people.values()
        if any(
            is_reminder_day(
                days_left(task.due_at, now), days_before=offsets, overdue_every_days=every
            )
            for task in person.tasks
        )
    ]
    return _queue_digests(due, now=now)


def preview_reminders_now(*, organisation_ids, stage_kinds=None, now=None):
    """How many people "send reminders now" would email for these organisations."""
    now = now or timezone.now()
    people = outstanding_by_person(
        now=now, organisation_ids=organisation_ids, stage_kinds=stage_kinds
    )
    reminded = _reminded_today(london_day(now))
    already = sum(1 for user_id in people if user_id in reminded)
    return ReminderPreview(people=len(people) - already, already_reminded=already)


def send_reminders_now(*, organisation_ids, sent_by, stage_kinds=None, now=None):
    """Queue a digest today, whatever the offsets, for everyone in these organisations with
    something outstanding who has not had one today. NHS England admins only; audited."""
    if not is_nhse_admin(sent_by):
        raise ActionRefused(_("Only NHS England admins can send reminders."))
    now = now or timezone.now()
    people = outstanding_by_person(
        now=now, organisation_ids=organisation_ids, stage_kinds=stage_kinds
    )
    run = _queue_digests(list(people.values()), now=now)
    record_event(
        actor=sent_by,
        verb="reminders.sent_now",
        target=sent_by,
        after={
            "organisations": len(organisation_ids),
            "stages": sorted(stage_kinds) if stage_kinds else "all",
            "queued": run.queued,
            "already_reminded": run.already_reminded,
        },
    )
    return run


def _reminded_today(day):
    prefix = f"{KEY_PREFIX}:{day.isoformat()}:"
    keys = OutboundEmail.objects.filter(idempotency_key__startswith=prefix).values_list(
        "idempotency_key", flat=True
    )
    return {int(key.removeprefix(prefix)) for key in keys}


def _queue_digests(people, *, now):
    day = london_day(now)
    # Skipping people already reminded saves rendering; the key still decides.
    reminded = _reminded_today(day)
    due = [person for person in people if person.user_id not in reminded]
    inserted = queue_emails(
        EmailToQueue(
            key=reminder_key(day, person.user_id),
            to=person.email,
            template=TEMPLATE,
            context=digest_context(person, now=now),
        )
        for person in due
    )
    already = len(people) - len(due)
    return ReminderRun(queued=len(inserted), already_reminded=already + len(due) - len(inserted))


def digest_context(person, *, now):
    # Many tasks share a deadline: each deadline is worded once per digest run, not per line.
    today = london_day(now)
    tasks = []
    for task in person.tasks:
        due_date, due, words = _worded_deadline(task.due_at, today, get_language())
        tasks.append(
            {
                "title": task.title,
                "organisation": task.organisation_name,
                "due_date": due_date,
                "due": due,
                "days_left": words,
                "link": settings.SITE_URL + task.path,
            }
        )
    # Tasks are soonest first, so the first one says whether anything is overdue.
    overdue = bool(person.tasks) and days_left(person.tasks[0].due_at, now) < 0
    return {"full_name": person.full_name, "tasks": tasks, "count": len(tasks), "overdue": overdue}


@lru_cache(maxsize=256)
def _worded_deadline(due_at, today, language):
    """The deadline's date, "Due by 23:59 on 30 June 2016, London time" and the days left
    in words, as of ``today`` in ``language`` (part of the cache key)."""
    local = timezone.localtime(due_at, LONDON)
    due_date = formats.date_format(local, "j F Y")
    due = _("Due by %(time)s on %(date)s, London time") % {
        "time": formats.time_format(local, "H:i"),
        "date": due_date,
    }
    return due_date, due, days_left_words((london_day(due_at) - today).days)


# --- A stage's deadline moves ----------------------------------------------------------------

MOVED_TEMPLATE = "deadline_moved"


def deadlines_for_stage(stage, *, now=None, due_at=None):
    """{(user id, task key): (person, task)} for the stage's outstanding tasks, opened or not:
    what ``tell_people_deadline_moved`` compares before and after a move. With ``due_at``,
    as they would be were the stage due then (nothing is written)."""
    people = outstanding_by_person(
        now=now,
        stage_kinds=[stage.kind],
        stage_ids=[stage.pk],
        cycle_ids=[stage.cycle_id],
        opened_only=False,
        due_dates={stage.pk: due_at} if due_at is not None else None,
    )
    return {
        (person.user_id, task.key): (person, task)
        for person in people.values()
        for task in person.tasks
    }


def moved_deadlines(before, after):
    """{user id: (person, [(task before, task after), ...])}: the people whose outstanding
    tasks fall due at another time in ``after`` than in ``before`` (both read by
    ``deadlines_for_stage``), which is who a moved deadline is told."""
    changed = {}
    for (user_id, task_key), (person, task) in after.items():
        earlier = before.get((user_id, task_key))
        if earlier is not None and earlier[1].due_at != task.due_at:
            changed.setdefault(user_id, (person, []))[1].append((earlier[1], task))
    return changed


@dataclass(frozen=True)
class StageDatesPreview:
    """What moving a stage's due date would do, before anyone confirms: its outstanding tasks
    before and after, and the people who would be emailed (``moved_deadlines``)."""

    before: dict
    after: dict
    told: dict


def preview_stage_dates(stage, *, due_at, now=None):
    """What ``change_stage_dates`` would tell people were ``stage`` due at ``due_at``."""
    before = deadlines_for_stage(stage, now=now)
    after = before if due_at == stage.due_at else deadlines_for_stage(stage, now=now, due_at=due_at)
    return StageDatesPreview(before=before, after=after, told=moved_deadlines(before, after))


def tell_people_deadline_moved(stage, *, before, change_id, now=None):
    """Email everyone whose outstanding tasks in ``stage`` now fall due at another time.

    ``before`` is ``deadlines_for_stage`` read before the move; ``change_id`` (the move's
    audit event) keys the emails, so a date moved away and back is told both times. People
    with an extension
    later than both dates see no change and get nothing. Reminders need no rescheduling:
    planning reads the new date from the database. Returns how many emails were queued.
    """
    now = now or timezone.now()
    changed = moved_deadlines(before, deadlines_for_stage(stage, now=now))
    queued = 0
    for user_id, (person, moves) in changed.items():
        _email, created = queue_email(
            key=f"{MOVED_TEMPLATE}:{stage.pk}:{change_id}:{user_id}",
            to=person.email,
            template=MOVED_TEMPLATE,
            context={
                "stage": stage.name_in_sentence,
                "cycle": stage.cycle.name,
                "moves": [_describe_move(old, new, now=now) for old, new in moves],
                "count": len(moves),
            },
        )
        queued += created
    return queued


def _describe_move(old, new, *, now):
    old_local = timezone.localtime(old.due_at, LONDON)
    new_local = timezone.localtime(new.due_at, LONDON)
    return {
        "title": new.title,
        "organisation": new.organisation_name,
        "old_date": formats.date_format(old_local, "j F Y"),
        "new_date": formats.date_format(new_local, "j F Y"),
        "new_time": formats.time_format(new_local, "H:i"),
        "days_left": days_left_words(days_left(new.due_at, now)),
        "link": settings.SITE_URL + new.path,
    }
