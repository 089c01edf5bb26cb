"""What the checks read about one subject, each read once and only when a check asks: the
submitted version's or return's snapshot, the footprint's providers and their submitted
self-assessments, the maturity figures, sign-offs, and the roadmap's earlier returns.

A version is read as it was submitted (its snapshot) against the evidence the service has
now (self-assessments and figures of the version's cycle), so a later assessment or
recomputation can change what is found: the sweep runs the checks again then. A return is
read as its latest submission froze it.
"""

from collections import Counter
from datetime import date
from functools import cached_property

from django.db.models import Q

from delivery.checks.capability_map import capability_map
from delivery.checks.registry import RETURN, VERSION
from delivery.models import ProgressReturn, ReturnSubmission
from delivery.selectors.ratings import with_ratings
from maturity.models import Answer, Assessment, QuestionSet
from maturity.scales import option_score
from maturity.selectors import results
from maturity.services.scoring import SUBMITTED_STATES
from roadmaps.enums import Confirmation, MemberRole
from roadmaps.models import FootprintMember, SignOff


def iso_day(text):
    """A snapshot's ISO date as a date; None for none."""
    return date.fromisoformat(text) if text else None


class Subject:
    """A submitted roadmap version or progress return, as the checks see it."""

    def __init__(self, *, version=None, progress_return=None):
        if (version is None) == (progress_return is None):
            raise ValueError("A subject is a roadmap version or a progress return.")
        self.version = version
        self.progress_return = progress_return
        self.kind = VERSION if version is not None else RETURN
        self.roadmap = (version or progress_return).roadmap
        self.footprint = self.roadmap.footprint
        self.cycle = self.footprint.cycle

    # --- The subject itself -------------------------------------------------------------

    @cached_property
    def submission(self):
        """A return's latest submission (None for a version, or a return never submitted)."""
        if self.progress_return is None:
            return None
        return (
            ReturnSubmission.objects.filter(progress_return=self.progress_return)
            .order_by("-number")
            .first()
        )

    @cached_property
    def snapshot(self):
        if self.version is not None:
            return self.version.snapshot
        return self.submission.snapshot if self.submission else {}

    @property
    def sections(self):
        """A version's sections as its snapshot keeps them."""
        return self.snapshot.get("sections", {})

    @property
    def submitted_at(self):
        return self.version.submitted_at if self.version else self.submission.submitted_at

    @property
    def baseline_number(self):
        """The number of the accepted version a return reports against."""
        return self.progress_return.baseline.number

    @property
    def link(self):
        """(url name, *args) of the subject's own page."""
        if self.version is not None:
            return ("roadmap_version", self.roadmap.pk, self.version.number)
        return ("return_detail", self.progress_return.pk)

    def section_link(self, section):
        """(url name, *args) of a section of a return, or of the version's page."""
        if self.progress_return is not None:
            return ("return_section", self.progress_return.pk, section)
        return self.link

    # --- The footprint's members and their self-assessments -------------------------------

    @cached_property
    def members(self):
        """The footprint's members when the subject was submitted (not declined, not yet
        left), with their organisations, by name."""
        return list(
            FootprintMember.objects.filter(footprint_id=self.footprint.pk)
            .exclude(confirmation=Confirmation.DECLINED)
            .filter(Q(left_at__isnull=True) | Q(left_at__gt=self.submitted_at))
            .select_related("organisation")
            .order_by("organisation__name")
        )

    @cached_property
    def providers(self):
        """Members that are NHS providers of a kind the cycle asks to self-assess."""
        kinds = set(self.cycle.assessed_kinds or ())
        return [
            member
            for member in self.members
            if member.role == MemberRole.PROVIDER and member.organisation.kind in kinds
        ]

    @cached_property
    def assessments(self):
        """{organisation id: the provider's assessment in the cycle}, any state."""
        return {
            assessment.organisation_id: assessment
            for assessment in Assessment.objects.filter(
                cycle_id=self.cycle.pk,
                organisation_id__in=[member.organisation_id for member in self.providers],
            ).select_related("organisation", "question_set")
        }

    @cached_property
    def submitted_assessments(self):
        return [a for a in self.assessments.values() if a.state in SUBMITTED_STATES]

    @cached_property
    def question_set_code(self):
        """The question set the cycle's self-assessments answer."""
        if self.submitted_assessments:
            codes = Counter(a.question_set.code for a in self.submitted_assessments)
            return codes.most_common(1)[0][0]
        if self.cycle.question_set_code:
            return self.cycle.question_set_code
        main = results.main_question_set_id(self.cycle.pk)
        return QuestionSet.objects.filter(pk=main).values_list("code", flat=True).first() or ""

    @cached_property
    def capability_map(self):
        return capability_map(self.question_set_code)

    @cached_property
    def footprint_figures(self):
        """{(level, code): BenchmarkFigure} of the footprint's providers."""
        return results.footprint_figures(self.footprint)

    @cached_property
    def national_figures(self):
        return results.national_figures(self.cycle.pk)

    def theme_median(self, theme):
        figure = self.footprint_figures.get(("theme", theme))
        return figure.median if figure else None

    @cached_property
    def _answers_scoring_nothing(self):
        """The providers' submitted answers scoring 0 to any question of the capability map,
        by organisation and question: one query."""
        codes = {
            code for link in self.capability_map.capabilities.values() for code in link.questions
        }
        answers = Answer.objects.filter(
            assessment__in=self.submitted_assessments, question__code__in=codes
        ).select_related("question", "assessment__organisation")
        found = [a for a in answers if option_score(a.question.scale, a.option) == 0]
        return sorted(found, key=lambda a: (a.assessment.organisation.name, a.question.code))

    def answers_scoring_nothing(self, question_codes):
        """The providers' submitted answers to these questions that score 0 (0%, disagree
        completely, ...), by organisation and question."""
        return [a for a in self._answers_scoring_nothing if a.question.code in question_codes]

    # --- Sign-off of a version ------------------------------------------------------------

    @cached_property
    def sign_offs(self):
        """{organisation id: decision} of the round of sign-off the version was submitted
        after: the latest round with a decision made before it was submitted."""
        rows = list(
            SignOff.objects.filter(
                roadmap_id=self.roadmap.pk, decided_at__lte=self.submitted_at
            ).values_list("round", "organisation_id", "decision")
        )
        if not rows:
            return {}
        last = max(row[0] for row in rows)
        return {
            organisation_id: decision
            for round_, organisation_id, decision in rows
            if round_ == last
        }

    # --- A return's place among the roadmap's returns -------------------------------------

    @cached_property
    def returns_so_far(self):
        """The roadmap's submitted returns up to and including this one, oldest period
        first, each with ``self_rating``, ``assured_rating`` and ``snapshot`` (of its latest
        submission)."""
        end = self.progress_return.period.period_end
        returns = list(
            with_ratings(
                ProgressReturn.objects.filter(
                    roadmap_id=self.roadmap.pk,
                    period__period_end__lte=end,
                    submissions__isnull=False,
                ).distinct()
            )
            .select_related("period")
            .order_by("period__period_end")
        )
        snapshots = {}
        for submission in ReturnSubmission.objects.filter(progress_return__in=returns).order_by(
            "number"
        ):
            snapshots[submission.progress_return_id] = submission.snapshot
        for each in returns:
            each.snapshot = snapshots.get(each.pk, {})
        return returns
