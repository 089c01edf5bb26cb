"""Loading a question bank (maturity/question_sets/*.yaml) as a new version of a question set.

The whole file is checked before anything is written. A published version is never edited
in place: a file that differs from the latest version of its code becomes the next version,
and a file identical to it changes nothing.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from maturity.enums import Scale
from maturity.models import Question, QuestionSet, Section, Theme

SHIPPED_QUESTION_SET = Path(settings.BASE_DIR) / "maturity" / "question_sets" / "2015-16.yaml"

# Every question set has these sections, in this order: scores and reports rely on them.
SECTION_CODES = ("readiness", "capabilities", "infrastructure")

SET_KEYS = {"code", "title", "sections"}
SECTION_KEYS = {"code", "title", "themes"}
THEME_KEYS = {"code", "title", "questions"}
QUESTION_KEYS = {"code", "text", "help", "scale", "not_applicable"}

# The database's limits, checked here so that a long value is a problem, not a crash.
CODE_LENGTH = QuestionSet._meta.get_field("code").max_length
TITLE_LENGTH = QuestionSet._meta.get_field("title").max_length


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    reason: str

    def __str__(self):
        if self.line is None:
            return f"{self.path}: {self.reason}"
        return f"{self.path}:{self.line}: {self.reason}"


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

    @property
    def questions(self):
        return sum(section.questions for section in self.sections)


def load_question_set(*, path=SHIPPED_QUESTION_SET) -> LoadReport:
    """Load a question bank file as a published version of its question set.

    Every part of the file is checked first; on any problem ``QuestionSetProblems`` lists
    them all, each naming its line and place, and nothing is written. A file whose SHA-256
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
    data, problems = _parse(content, shown)
    if data is None:
        raise QuestionSetProblems(problems)
    checked = _Checker(shown)
    checked.question_set(data)
    if checked.problems:
        # In the order a person reads the file; problems of one place stay together.
        raise QuestionSetProblems(sorted(checked.problems, key=lambda problem: problem.line or 0))

    sha256 = hashlib.sha256(content).hexdigest()
    counts = _counts(data)
    with transaction.atomic():
        latest = (
            QuestionSet.objects.select_for_update()
            .filter(code=data["code"])
            .order_by("-version")
            .first()
        )
        if latest and latest.source_sha256 == sha256:
            return LoadReport(path=shown, question_set=latest, created=False, sections=counts)
        question_set = _write(data, sha256, version=latest.version + 1 if latest else 1)
    return LoadReport(path=shown, question_set=question_set, created=True, sections=counts)


def _shown(path):
    """How a path appears in messages: files in the project relative to it."""
    try:
        return str(Path(path).resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


class _Mapping(dict):
    """A YAML mapping that remembers the line it starts on, for messages."""

    line = None


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node):
    data = _Mapping()
    data.line = node.start_mark.line + 1
    yield data
    seen = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is given twice", key_node.start_mark
            )
        seen.add(key)
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def _parse(content, shown):
    """The file's data, or None and the problem that stopped it being read."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(shown, None, _("is not UTF-8 text"))]
    try:
        # _Loader is a SafeLoader subclass (it adds line numbers): no arbitrary objects.
        return yaml.load(text, Loader=_Loader), []  # noqa: S506  # nosec B506
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        return None, [
            Problem(
                shown,
                mark.line + 1 if mark else None,
                _("is not valid YAML: %(reason)s") % {"reason": reason},
            )
        ]


class _Checker:
    """Checks parsed data level by level, collecting every problem with its line and place."""

    def __init__(self, shown):
        self.shown = shown
        self.problems = []
        self.theme_codes = {}
        self.question_codes = {}

    def problem(self, line, place, reason):
        self.problems.append(Problem(self.shown, line, f"{place}: {reason}"))

    def question_set(self, data):
        if not isinstance(data, dict):
            self.problem(None, _("the file"), _("must be a mapping with code, title and sections"))
            return
        place = _("the question set")
        self.keys(data, SET_KEYS, place)
        self.text(data, "code", place, CODE_LENGTH)
        self.text(data, "title", place, TITLE_LENGTH)
        sections = self.items(data, "sections", place, _("has no sections"))
        seen = {}
        for index, section in enumerate(sections, start=1):
            self.section(section, index, seen)
        # Only when every section has a good code, so one mistake is not reported twice.
        if sections and len(seen) == len(sections) and tuple(seen) != SECTION_CODES:
            self.problem(
                data.line,
                place,
                _("must have the sections %(wanted)s, in that order; it has %(codes)s")
                % {"wanted": ", ".join(SECTION_CODES), "codes": ", ".join(seen)},
            )

    def section(self, section, index, seen):
        place = _("section %(number)s") % {"number": index}
        if not self.mapping(section, place):
            return
        code = self.text(section, "code", place, CODE_LENGTH)
        if code:
            place = _("section %(code)s") % {"code": code}
            if code not in SECTION_CODES:
                self.problem(
                    section.line,
                    place,
                    _("unknown section code; use one of %(codes)s")
                    % {"codes": ", ".join(SECTION_CODES)},
                )
            elif code in seen:
                self.problem(
                    section.line,
                    place,
                    _("code %(code)s is already used at line %(line)s")
                    % {"code": code, "line": seen[code]},
                )
            else:
                seen[code] = section.line
        self.keys(section, SECTION_KEYS, place)
        self.text(section, "title", place, TITLE_LENGTH)
        themes = self.items(section, "themes", place, _("has no themes"))
        for number, theme in enumerate(themes, start=1):
            self.theme(theme, number, place)

    def theme(self, theme, index, section_place):
        place = _("theme %(number)s of %(section)s") % {"number": index, "section": section_place}
        if not self.mapping(theme, place):
            return
        code = self.text(theme, "code", place, CODE_LENGTH)
        if code:
            place = _("theme %(code)s") % {"code": code}
            self.unique(self.theme_codes, code, theme.line, place)
        self.keys(theme, THEME_KEYS, place)
        self.text(theme, "title", place, TITLE_LENGTH)
        questions = self.items(theme, "questions", place, _("has no questions"))
        for number, question in enumerate(questions, start=1):
            self.question(question, number, place)

    def question(self, question, index, theme_place):
        place = _("question %(number)s of %(theme)s") % {"number": index, "theme": theme_place}
        if not self.mapping(question, place):
            return
        code = self.text(question, "code", place, CODE_LENGTH)
        if code:
            place = _("question %(code)s") % {"code": code}
            self.unique(self.question_codes, code, question.line, place)
        self.keys(question, QUESTION_KEYS, place)
        self.text(question, "text", place)
        if "help" in question:
            self.text(question, "help", place)
        scale = question.get("scale")
        if scale is None:
            self.problem(question.line, place, _("has no scale"))
        elif scale not in Scale.values:
            self.problem(
                question.line,
                place,
                _("unknown scale %(scale)r; use one of %(scales)s")
                % {"scale": scale, "scales": ", ".join(Scale.values)},
            )
        if not isinstance(question.get("not_applicable", False), bool):
            self.problem(question.line, place, _("not_applicable must be true or false"))

    def mapping(self, value, place):
        if isinstance(value, dict):
            return True
        self.problem(None, place, _("must be a mapping of keys and values"))
        return False

    def keys(self, mapping, allowed, place):
        unknown = sorted(str(key) for key in mapping if key not in allowed)
        if unknown:
            self.problem(
                mapping.line,
                place,
                _("unknown keys %(keys)s; allowed are %(allowed)s")
                % {"keys": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))},
            )

    def text(self, mapping, key, place, max_length=None):
        """The stripped text at ``key``, or None after recording why it is missing."""
        value = mapping.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(mapping.line, place, _("has no %(key)s") % {"key": key})
            return None
        value = value.strip()
        if max_length and len(value) > max_length:
            self.problem(
                mapping.line,
                place,
                _("%(key)s is longer than %(max)s characters") % {"key": key, "max": max_length},
            )
            return None
        return value

    def items(self, mapping, key, place, empty):
        value = mapping.get(key)
        if value is None or value == []:
            self.problem(mapping.line, place, empty)
            return []
        if not isinstance(value, list):
            self.problem(mapping.line, place, _("%(key)s must be a list") % {"key": key})
            return []
        return value

    def unique(self, seen, code, line, place):
        if code in seen:
            self.problem(
                line,
                place,
                _("code %(code)s is already used at line %(line)s")
                % {"code": code, "line": seen[code]},
            )
        else:
            seen[code] = line


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
            )
            for theme_data, theme in themes
            for order, question in enumerate(theme_data["questions"], start=1)
        ),
        batch_size=500,
    )
    return question_set
