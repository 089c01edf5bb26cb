"""What one person has to do, for their home page.

The tasks are the reminders' own: ``outstanding_by_person`` narrowed to this person, so the
home page and the reminder digest can never disagree about what is outstanding or when it
is due. NHS England reviewers also see the roadmaps waiting for their review, from the
review queue.
"""

from dataclasses import dataclass

from django.utils import timezone

from accounts.enums import Role
from accounts.rules import roles_by_organisation
from roadmaps.selectors.deadlines import days_left, days_left_words
from roadmaps.selectors.reminders import OutstandingTask, outstanding_by_person
from roadmaps.selectors.review import WAITING_STATES, QueueRow, review_queue, reviewable_region_ids

# The roles the reminders ask something of; a viewer is never asked.
ACTING_ROLES = {Role.EDITOR, Role.APPROVER}


@dataclass(frozen=True)
class PersonTask:
    """A task as a person's home page lists it: the task, and whole London days left."""

    task: OutstandingTask
    days_left: int

    @property
    def words(self):
        return days_left_words(self.days_left)

    @property
    def overdue(self):
        return self.days_left < 0


def tasks_for_person(user, *, now=None):
    """The person's outstanding tasks across every open stage, soonest deadline first.

    Only the organisations where they are an editor or approver are read (their roles are
    cached on ``user``, so this costs no query of its own).
    """
    now = now or timezone.now()
    organisation_ids = [
        organisation_id
        for organisation_id, roles in roles_by_organisation(user).items()
        if roles & ACTING_ROLES
    ]
    if not organisation_ids:
        return []
    person = outstanding_by_person(
        now=now, organisation_ids=organisation_ids, user_ids=[user.pk]
    ).get(user.pk)
    if person is None:
        return []
    return [PersonTask(task=task, days_left=days_left(task.due_at, now)) for task in person.tasks]


def review_work_for_person(user):
    """Roadmaps of the reviewer's regions waiting for NHS England's decision that are theirs
    or nobody's yet, waiting longest first; empty for anyone who does not review. One query."""
    if reviewable_region_ids(user) == set():
        return []
    rows: list[QueueRow] = review_queue(user)
    return [
        row
        for row in rows
        if row.roadmap.state in WAITING_STATES and row.roadmap.assignee_id in (None, user.pk)
    ]
