"""Loading a question bank (maturity/question_sets/*.yaml) as a new version of a question set.

The whole file is checked before anything is written. A published version is never edited
in place: a file that differs from the latest version of its code becomes the next version,
and a file identical to it changes nothing.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from maturity.enums import CareSetting
from maturity.models import Question, QuestionSet, Section, Theme, stored_care_settings
from maturity.services.question_set_checks import (
    EarlierQuestion,
    Problem,
    QuestionSetChecker,
    parse_question_set,
)

QUESTION_SETS = Path(settings.BASE_DIR) / "maturity" / "question_sets"
SHIPPED_QUESTION_SET = QUESTION_SETS / "2015-16.yaml"
# The 2017 assessment, tailored per care setting and mapped to 2015-16.
QUESTION_SET_2017 = QUESTION_SETS / "2017.yaml"


class QuestionSetProblems(ActionRefused):
    """A load refused because the file has problems; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class ThemeCount:
    code: str
    title: str
    questions: int


@dataclass(frozen=True)
class SectionCount:
    code: str
    title: str
    themes: tuple[ThemeCount, ...]

    @property
    def questions(self):
        return sum(theme.questions for theme in self.themes)


@dataclass(frozen=True)
class LoadReport:
    path: str
    question_set: QuestionSet
    # False when the file was identical to the latest version, which was left as it was.
    created: bool
    sections: tuple[SectionCount, ...]
    # {care setting: questions asked in it}, when any question names its settings.
    per_setting: dict = field(default_factory=dict)

    @property
    def questions(self):
        return sum(section.questions for section in self.sections)


def load_question_set(*, path=SHIPPED_QUESTION_SET) -> LoadReport:
    """Load a question bank file as a published version of its question set.

    Every part of the file is checked first, each ``same_as`` against the newest published
    version of the set ``maps_to`` names (the code exists there, on the same scale and in the
    same theme, mapped once); on any problem ``QuestionSetProblems`` lists them all, each
    naming its line and place, and nothing is written. A file whose SHA-256
    matches the latest version of its code changes nothing; any other file becomes version
    n+1 (1 for a new code), written in one transaction with a bulk insert per level.
    """
    shown = _shown(path)
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise QuestionSetProblems(
            [Problem(shown, None, _("cannot be read: %(error)s") % {"error": error.strerror})]
        ) from error
    data, problems = parse_question_set(content, shown)
    if data is None:
        raise QuestionSetProblems(problems)
    checked = QuestionSetChecker(shown)
    checked.question_set(data)
    checked.mapping(data, _earlier_questions(data))
    if checked.problems:
        # In the order a person reads the file; problems of one place stay together.
        raise QuestionSetProblems(sorted(checked.problems, key=lambda problem: problem.line or 0))

    sha256 = hashlib.sha256(content).hexdigest()
    counts = {"sections": _counts(data), "per_setting": _per_setting(data)}
    with transaction.atomic():
        latest = (
            QuestionSet.objects.select_for_update()
            .filter(code=data["code"])
            .order_by("-version")
            .first()
        )
        if latest and latest.source_sha256 == sha256:
            return LoadReport(path=shown, question_set=latest, created=False, **counts)
        question_set = _write(data, sha256, version=latest.version + 1 if latest else 1)
    return LoadReport(path=shown, question_set=question_set, created=True, **counts)


def _shown(path):
    """How a path appears in messages: files in the project relative to it."""
    try:
        return str(Path(path).resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


def newest_published(code):
    """The newest published version of the question set ``code``, or None."""
    return (
        QuestionSet.objects.filter(code=code, published_at__isnull=False)
        .order_by("-version")
        .first()
    )


def _earlier_questions(data):
    """``{code: EarlierQuestion}`` of the set the file's ``maps_to`` names (its newest
    published version); None when it names none that is loaded."""
    maps_to = data.get("maps_to") if isinstance(data, dict) else None
    earlier = newest_published(maps_to.strip()) if isinstance(maps_to, str) else None
    if earlier is None:
        return None
    rows = Question.objects.filter(question_set=earlier).values_list("code", "scale", "theme__code")
    return {code: EarlierQuestion(scale=scale, theme=theme) for code, scale, theme in rows}


def _per_setting(data):
    questions = [
        question
        for section in data["sections"]
        for theme in section["themes"]
        for question in theme["questions"]
    ]
    if not any("care_settings" in question for question in questions):
        return {}
    return {
        setting: sum(
            1 for question in questions if setting in question.get("care_settings", [setting])
        )
        for setting in CareSetting.values
    }


def _counts(data):
    return tuple(
        SectionCount(
            code=section["code"],
            title=section["title"].strip(),
            themes=tuple(
                ThemeCount(
                    code=theme["code"],
                    title=theme["title"].strip(),
                    questions=len(theme["questions"]),
                )
                for theme in section["themes"]
            ),
        )
        for section in data["sections"]
    )


def _write(data, sha256, *, version):
    """Create the version, its sections, themes and questions: one insert per level."""
    question_set = QuestionSet.objects.create(
        code=data["code"].strip(),
        version=version,
        title=data["title"].strip(),
        source_sha256=sha256,
        published_at=timezone.now(),
        maps_to_code=(data.get("maps_to") or "").strip(),
    )
    sections = Section.objects.bulk_create(
        Section(
            question_set=question_set,
            code=section["code"].strip(),
            title=section["title"].strip(),
            order=order,
        )
        for order, section in enumerate(data["sections"], start=1)
    )
    themes = []
    for section, section_data in zip(sections, data["sections"], strict=True):
        for order, theme_data in enumerate(section_data["themes"], start=1):
            theme = Theme(
                section=section,
                code=theme_data["code"].strip(),
                title=theme_data["title"].strip(),
                order=order,
            )
            themes.append((theme_data, theme))
    Theme.objects.bulk_create(theme for _theme_data, theme in themes)
    Question.objects.bulk_create(
        (
            Question(
                question_set=question_set,
                theme=theme,
                code=question["code"].strip(),
                text=" ".join(question["text"].split()),
                help_text=" ".join(question.get("help", "").split()),
                scale=question["scale"],
                allows_not_applicable=question.get("not_applicable", False),
                order=order,
                care_settings=stored_care_settings(question.get("care_settings", [])),
                same_as=(question.get("same_as") or "").strip(),
            )
            for theme_data, theme in themes
            for order, question in enumerate(theme_data["questions"], start=1)
        ),
        batch_size=500,
    )
    return question_set
