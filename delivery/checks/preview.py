"""The cross-checks run on what the footprint is still writing: a roadmap's draft, or a
progress return before it is submitted, read as they would be were they submitted now.

Nothing is stored: the footprint sees on its check page what the checks would find, so that
it can put it right before it submits. A draft is read through the same ``Subject`` as a
submitted version or return; only what does not exist yet is stood in for: the version's
number and the time it is submitted, the return's submission, and the sign-off still to come
(every organisation that signs the next request for sign-off is taken to sign it).
"""

from copy import copy
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from delivery import checks
from delivery.checks.subject import Subject
from roadmaps.enums import SignOffDecision
from roadmaps.models import RoadmapVersion
from roadmaps.selectors.snapshot import roadmap_snapshot
from roadmaps.services.submission import signing_organisations


class DraftVersion(Subject):
    """A roadmap's draft as the version it would be, submitted now."""

    def __init__(self, roadmap, *, now=None):
        number = RoadmapVersion.objects.filter(roadmap_id=roadmap.pk).count() + 1
        draft = RoadmapVersion(
            roadmap=roadmap,
            number=number,
            snapshot=roadmap_snapshot(roadmap),
            submitted_at=now or timezone.now(),
        )
        super().__init__(version=draft)

    @property
    def link(self):
        # The draft has no version page yet: its evidence links to the draft itself.
        return ("roadmap_tasks", self.roadmap.pk)

    @cached_property
    def sign_offs(self):
        # Sign-off comes after the check page: whoever is asked to sign is counted as
        # signing, so that only the members nobody will ask are found.
        return {pk: SignOffDecision.SIGNED for pk in signing_organisations(self.roadmap)}


@dataclass(frozen=True)
class DraftSubmission:
    """What a submission of the return now would hold, for the checks that read one."""

    delivery_confidence: str
    snapshot: dict
    submitted_at: object


class DraftReturn(Subject):
    """A progress return as it stands, as the submission it would be, made now; ``snapshot``
    is ``return_snapshot`` of it (its check page has worked it out already)."""

    def __init__(self, progress_return, snapshot, *, now=None):
        super().__init__(progress_return=progress_return)
        self.draft = DraftSubmission(
            delivery_confidence=progress_return.delivery_confidence,
            snapshot=snapshot,
            submitted_at=now or timezone.now(),
        )

    @property
    def submission(self):
        return self.draft

    @property
    def snapshot(self):
        return self.draft.snapshot

    @cached_property
    def returns_so_far(self):
        """The roadmap's earlier submitted returns, then this one as it stands, with the
        assured rating it has now (a return sent back keeps its last, as a run would)."""
        submitted = Subject.returns_so_far.func(self)
        earlier = [each for each in submitted if each.pk != self.progress_return.pk]
        before = next((each for each in submitted if each.pk == self.progress_return.pk), None)
        this = copy(self.progress_return)
        this.self_rating = self.draft.delivery_confidence or None
        this.assured_rating = before.assured_rating if before is not None else None
        this.snapshot = self.snapshot
        return [*earlier, this]


def preview_findings(roadmap, *, now=None):
    """[(check, Found)] the version checks would find in the roadmap's draft, submitted now;
    nothing stored."""
    return checks.found_in(DraftVersion(roadmap, now=now))


def preview_return_findings(progress_return, snapshot, *, now=None):
    """[(check, Found)] the return checks would find in the return as it stands, submitted
    now (``snapshot``: ``return_snapshot`` of it); nothing stored."""
    return checks.found_in(DraftReturn(progress_return, snapshot, now=now))
