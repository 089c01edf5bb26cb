"""Checking a question bank file before it is loaded: its YAML, its shape, its questions' care
settings, and how they map to an earlier question set (``maps_to`` and ``same_as``).

Every problem is collected with the line it is on, so that a person fixes them all in one go.
"""

from dataclasses import dataclass

import yaml
from django.utils.translation import gettext as _

from maturity.enums import CareSetting, Scale
from maturity.models import QuestionSet

# Every question set has these sections, in this order: scores and reports rely on them.
SECTION_CODES = ("readiness", "capabilities", "infrastructure")

SET_KEYS = {"code", "title", "sections", "maps_to"}
SECTION_KEYS = {"code", "title", "themes"}
THEME_KEYS = {"code", "title", "questions"}
QUESTION_KEYS = {"code", "text", "help", "scale", "not_applicable", "care_settings", "same_as"}

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


@dataclass(frozen=True)
class EarlierQuestion:
    """A question of the set a file maps to, as far as a mapping is checked against it."""

    scale: str
    theme: str


@dataclass(frozen=True)
class _Mapped:
    line: int
    code: str
    same_as: str
    scale: str
    theme: str


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


def parse_question_set(content, shown):
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


class QuestionSetChecker:
    """Checks parsed data level by level, collecting every problem with its line and place."""

    def __init__(self, shown):
        self.shown = shown
        self.problems = []
        self.theme_codes = {}
        self.question_codes = {}
        # Questions with ``same_as``: checked against the earlier set once the file is read.
        self.mapped = []

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
        if not self.is_mapping(section, place):
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
        if not self.is_mapping(theme, place):
            return
        code = self.text(theme, "code", place, CODE_LENGTH)
        if code:
            place = _("theme %(code)s") % {"code": code}
            self.unique(self.theme_codes, code, theme.line, place)
        self.keys(theme, THEME_KEYS, place)
        self.text(theme, "title", place, TITLE_LENGTH)
        questions = self.items(theme, "questions", place, _("has no questions"))
        for number, question in enumerate(questions, start=1):
            self.question(question, number, place, theme_code=code)

    def question(self, question, index, theme_place, *, theme_code):
        place = _("question %(number)s of %(theme)s") % {"number": index, "theme": theme_place}
        if not self.is_mapping(question, place):
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
        if "care_settings" in question:
            self.care_settings(question, place)
        if "same_as" in question:
            same_as = self.text(question, "same_as", place, CODE_LENGTH)
            if same_as and code and theme_code and scale in Scale.values:
                self.mapped.append(_Mapped(question.line, code, same_as, scale, theme_code))

    def is_mapping(self, value, place):
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

    def care_settings(self, question, place):
        settings = question["care_settings"]
        named = {"settings": ", ".join(CareSetting.values)}
        if not isinstance(settings, list) or not settings:
            reason = _(
                "care_settings must list one or more of %(settings)s; leave it out for a "
                "question asked in every setting"
            )
            self.problem(question.line, place, reason % named)
            return
        unknown = [str(setting) for setting in settings if setting not in CareSetting.values]
        if unknown:
            reason = _("unknown care settings %(unknown)s; use %(settings)s")
            self.problem(question.line, place, reason % {**named, "unknown": ", ".join(unknown)})
        elif len(set(settings)) != len(settings):
            self.problem(question.line, place, _("care_settings names a setting twice"))

    def mapping(self, data, earlier):
        """Check ``maps_to`` and every ``same_as`` against the earlier set's questions:
        ``earlier`` is ``{code: EarlierQuestion}`` of the newest published version of the
        set ``maps_to`` names, or None when none is loaded."""
        if not isinstance(data, dict):
            return
        place = _("the question set")
        maps_to = data.get("maps_to")
        if maps_to is None:
            for mapped in self.mapped:
                reason = _(
                    "same_as needs maps_to at the top of the file: the code of the earlier "
                    "question set that same_as names questions of"
                )
                self.problem(mapped.line, _("question %(code)s") % {"code": mapped.code}, reason)
            return
        if not isinstance(maps_to, str) or not maps_to.strip():
            self.problem(data.line, place, _("maps_to must be the code of an earlier question set"))
            return
        maps_to = maps_to.strip()
        if maps_to == str(data.get("code", "")).strip():
            reason = _("maps_to names this question set itself: name the earlier one")
            self.problem(data.line, place, reason)
        elif earlier is None:
            reason = _("maps_to %(code)s: no question set with that code is loaded; load it first")
            self.problem(data.line, place, reason % {"code": maps_to})
        else:
            self.mapped_questions(maps_to, earlier)

    def mapped_questions(self, maps_to, earlier):
        seen = {}
        for mapped in self.mapped:
            place = _("question %(code)s") % {"code": mapped.code}
            names = {"code": mapped.same_as, "set": maps_to}
            question = earlier.get(mapped.same_as)
            if question is None:
                reason = _("same_as %(code)s: %(set)s has no question with that code") % names
            elif question.scale != mapped.scale:
                reason = _(
                    "same_as %(code)s: that question's scale in %(set)s is %(theirs)s, not "
                    "%(ours)s; a question on another scale has changed: leave out same_as"
                ) % {**names, "theirs": question.scale, "ours": mapped.scale}
            elif question.theme != mapped.theme:
                reason = _(
                    "same_as %(code)s: that question is in theme %(theirs)s of %(set)s, not "
                    "%(ours)s; a question compared year on year stays in its theme"
                ) % {**names, "theirs": question.theme, "ours": mapped.theme}
            elif mapped.same_as in seen:
                reason = _("same_as %(code)s is already given at line %(line)s") % {
                    **names,
                    "line": seen[mapped.same_as],
                }
            else:
                seen[mapped.same_as] = mapped.line
                continue
            self.problem(mapped.line, place, reason)
        same_as = {mapped.code: mapped.same_as for mapped in self.mapped}
        for code, line in self.question_codes.items():
            if code in earlier and same_as.get(code) != code:
                reason = _(
                    "%(code)s is a question of %(set)s: mark it same_as %(code)s, or give a "
                    "changed question a new code"
                ) % {"code": code, "set": maps_to}
                self.problem(line, _("question %(code)s") % {"code": code}, reason)
