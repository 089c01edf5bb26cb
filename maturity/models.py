from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from maturity.enums import (
    DEFAULT_CARE_SETTING,
    AssessmentState,
    CareSetting,
    Scale,
    ScoreLevel,
)
from roadmaps.models import Cycle


class QuestionSet(models.Model):
    """A versioned question bank, loaded from a file in maturity/question_sets/.

    A published version is never edited in place: a changed file becomes a new version.
    """

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    source_sha256 = models.CharField(_("file checksum"), max_length=64)
    # The earlier question set (a code) that its questions' ``same_as`` codes name: how a
    # year is compared with the one before (SCORING.md rules 7-11). Empty: none.
    maps_to_code = models.CharField(_("maps to question set"), max_length=40, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question set")
        verbose_name_plural = _("question sets")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="question_set_version_once"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class Section(models.Model):
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["question_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "code"], name="section_code_once"),
        ]

    def __str__(self):
        return self.title


def stored_care_settings(care_settings):
    """How a question's care settings are stored: ``|acute|ambulance|``, or "" for all."""
    return f"|{'|'.join(sorted(care_settings))}|" if care_settings else ""


def is_asked_in(stored, care_setting):
    """Whether a question whose ``care_settings`` are ``stored`` is asked in ``care_setting``:
    ``asked_in`` on a value already read."""
    return not stored or stored_care_settings([care_setting]) in stored


def asked_in(care_setting, prefix=""):
    """A condition on questions (through ``prefix``, e.g. "questions__"): asked in
    ``care_setting``, listing it or listing no setting."""
    stored = stored_care_settings([care_setting])
    return Q(**{f"{prefix}care_settings": ""}) | Q(**{f"{prefix}care_settings__contains": stored})


class ThemeQuerySet(models.QuerySet):
    def for_setting(self, care_setting):
        """Themes with at least one question for ``care_setting``."""
        questions = Question.objects.filter(theme=models.OuterRef("pk")).for_setting(care_setting)
        return self.filter(models.Exists(questions))


class Theme(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"))

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="theme_code_once"),
        ]

    def __str__(self):
        return self.title


class QuestionQuerySet(models.QuerySet):
    def for_setting(self, care_setting):
        """Questions for ``care_setting``: those that list it, and those that list none."""
        return self.filter(asked_in(care_setting))

    def of_assessment(self, assessment):
        """The questions an assessment answers: its question set's, for its care setting."""
        return self.filter(question_set_id=assessment.question_set_id).for_setting(
            assessment.care_setting
        )


class Question(models.Model):
    # Copied from the theme so that a code is unique across the whole set in the database.
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=40)
    text = models.TextField(_("question"))
    help_text = models.TextField(_("help"), blank=True)
    scale = models.CharField(_("answer scale"), max_length=20, choices=Scale.choices)
    allows_not_applicable = models.BooleanField(_("may be not applicable"), default=False)
    order = models.PositiveSmallIntegerField(_("order"))
    # The care settings it is asked in, as ``stored_care_settings`` writes them; "" for all.
    care_settings = models.CharField(_("care settings"), max_length=100, blank=True)
    # The code of the same question in the set named by ``QuestionSet.maps_to_code``: the
    # same words and scale, so that its answers compare year on year. Empty: not mapped.
    same_as = models.CharField(_("same as"), max_length=40, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["theme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "code"], name="question_code_once"),
            models.CheckConstraint(
                condition=Q(scale__in=Scale.values), name="question_scale_valid"
            ),
            models.CheckConstraint(
                condition=Q(care_settings="")
                | Q(care_settings__startswith="|", care_settings__endswith="|"),
                name="question_care_settings_stored",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"

    @property
    def care_setting_list(self):
        return [setting for setting in self.care_settings.split("|") if setting]


class Assessment(models.Model):
    """One organisation's self-assessment for a cycle."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessments"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="assessments")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="+")
    # The setting its questions are chosen for: the organisation's when it was opened
    # (``care_setting_of``), or NHS England's correction made before it was started.
    care_setting = models.CharField(
        _("care setting"),
        max_length=20,
        choices=CareSetting.choices,
        default=DEFAULT_CARE_SETTING,
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=AssessmentState.choices,
        default=AssessmentState.NOT_STARTED,
    )
    # Optimistic concurrency: every save of answers must name the version it started from.
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The version whose answers the stored scores were computed from; stale when it differs.
    scored_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["cycle", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cycle"], name="assessment_once_per_cycle"
            ),
            models.CheckConstraint(
                condition=Q(state__in=AssessmentState.values), name="assessment_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(care_setting__in=CareSetting.values),
                name="assessment_care_setting_valid",
            ),
        ]

    def __str__(self):
        return f"{self.organisation.name} – {self.cycle}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    # An option key of the question's scale (maturity/scales.py), or "not_applicable".
    option = models.CharField(_("answer"), max_length=40)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_once"),
        ]

    def __str__(self):
        return f"{self.assessment} – {self.question.code}: {self.option}"


class Score(models.Model):
    """A computed score of an assessment: per theme, per section, and overall (0-100)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    level = models.CharField(max_length=10, choices=ScoreLevel.choices)
    # The theme or section code; empty for overall.
    code = models.CharField(max_length=40, blank=True)
    # None when nothing in it was answered (all not applicable).
    value = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)
    # What it was computed with: the question set's code and version, and the scoring
    # method's version (``scoring.METHOD_VERSION``, SCORING.md "Method versions"). Always
    # written by the scoring service; empty only on a row made some other way.
    question_set_code = models.CharField(max_length=40, blank=True)
    question_set_version = models.PositiveIntegerField(null=True, blank=True)
    method_version = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "level", "code"], name="score_once"),
        ]

    def __str__(self):
        return f"{self.assessment} – {self.level} {self.code}: {self.value}"


class CareSettingCorrection(models.Model):
    """NHS England's correction of a trust's care setting, where the register's trust type is
    wrong or names none of the four settings. Kept apart from the register, whose next load
    would otherwise undo it; assessments opened from then on use it."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="care_setting_correction"
    )
    care_setting = models.CharField(_("care setting"), max_length=20, choices=CareSetting.choices)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("care setting correction")
        verbose_name_plural = _("care setting corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(care_setting__in=CareSetting.values),
                name="care_setting_correction_valid",
            ),
        ]

    def __str__(self):
        return f"{self.organisation.name}: {self.get_care_setting_display()}"


class AssessmentHelper(models.Model):
    """Someone from outside the provider (staff of its lead CCG) asked to help answer."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="helpers")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assessments_helped")
    added_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assessment helper")
        verbose_name_plural = _("assessment helpers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="assessment_helper_once"),
        ]

    def __str__(self):
        return f"{self.user} helps with {self.assessment}"


class BenchmarkFigure(models.Model):
    """A stored roll-up of submitted assessments' scores for one theme or section.

    National figures have no footprint; footprint figures cover the footprint's providers.
    Recomputed by the periodic task ``maturity.recompute_figures`` (SCORING.md rules 5-6).
    When they were worked out is the cycle's ``FigureComputation``: the figures are replaced
    as a set, and a figure that did not change keeps its row untouched.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    footprint = models.ForeignKey(
        "roadmaps.Footprint", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    level = models.CharField(max_length=10, choices=ScoreLevel.choices)
    code = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField(default=0)
    mean = models.FloatField(null=True, blank=True)
    minimum = models.FloatField(null=True, blank=True)
    lower_quartile = models.FloatField(null=True, blank=True)
    median = models.FloatField(null=True, blank=True)
    upper_quartile = models.FloatField(null=True, blank=True)
    maximum = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("benchmark figure")
        verbose_name_plural = _("benchmark figures")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "level", "code"],
                condition=Q(footprint__isnull=True),
                name="national_figure_once",
            ),
            models.UniqueConstraint(
                fields=["footprint", "level", "code"],
                condition=Q(footprint__isnull=False),
                name="footprint_figure_once",
            ),
        ]

    def __str__(self):
        scope = self.footprint or _("national")
        return f"{self.cycle} {scope} {self.level} {self.code}: {self.median}"


class FigureComputation(models.Model):
    """When a cycle's benchmark figures were last worked out: one row per cycle, written in
    the transaction that replaces the figures, so it dates the set a page reads."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("figure computation")
        verbose_name_plural = _("figure computations")

    def __str__(self):
        return f"{self.cycle} figures worked out {self.computed_at:%Y-%m-%d %H:%M}"
