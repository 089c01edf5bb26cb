"""The capability map: which maturity themes and questions each capability group and each
universal capability of a roadmap is held against, read from the data file beside the
question bank (``maturity/question_sets/capability_map-<question set>.yaml``).

The map is data, not code: a new question bank gets its own map file. A map is checked
against its question bank before any check uses it, and one that does not fit is refused
with ``CapabilityMapError``, naming every problem.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from roadmaps.enums import CapabilityGroup, UniversalCapability

QUESTION_SETS = Path(settings.BASE_DIR) / "maturity" / "question_sets"

MAP_KEYS = {"question_set", "groups", "capabilities"}
CAPABILITY_KEYS = {"group", "questions"}


class CapabilityMapError(Exception):
    """A capability map that does not fit its question bank; ``problems`` names each."""

    def __init__(self, path, problems):
        self.path = path
        self.problems = list(problems)
        super().__init__(
            f"The capability map {Path(path).name} cannot be used:\n"
            + "\n".join(f"- {problem}" for problem in self.problems)
        )


@dataclass(frozen=True)
class CapabilityLink:
    """What one universal capability is held against."""

    letter: str
    group: str
    theme: str
    questions: tuple


@dataclass(frozen=True)
class CapabilityMap:
    question_set: str
    # {capability group: theme code}
    groups: dict
    # {letter: CapabilityLink}
    capabilities: dict


def map_path(question_set_code):
    return QUESTION_SETS / f"capability_map-{question_set_code}.yaml"


def bank_path(question_set_code):
    return QUESTION_SETS / f"{question_set_code}.yaml"


def _bank_codes(path):
    """({theme code}, {question code}) of a question bank file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    themes, questions = set(), set()
    for section in data.get("sections") or ():
        for theme in section.get("themes") or ():
            themes.add(str(theme.get("code")))
            questions.update(str(q.get("code")) for q in theme.get("questions") or ())
    return themes, questions


def _mapping(value, where, problems):
    if not isinstance(value, dict):
        problems.append(f"{where} must be a mapping.")
        return {}
    return value


def _unknown_keys(data, allowed, where, problems):
    for key in sorted(set(data) - allowed, key=str):
        problems.append(f"{where}: unknown key {key!r} (expected {', '.join(sorted(allowed))}).")


def _check_groups(groups, themes, question_set, problems):
    for group in CapabilityGroup.values:
        if group not in groups:
            problems.append(f"groups: capability group {group!r} is missing.")
    for group, theme in groups.items():
        if group not in CapabilityGroup.values:
            problems.append(f"groups: {group!r} is not a capability group.")
        elif str(theme) not in themes:
            problems.append(
                f"groups.{group}: {theme!r} is not a theme of the {question_set} question set."
            )


def _link(letter, entry, groups, questions, question_set, problems):
    where = f"capabilities.{letter}"
    entry = _mapping(entry, where, problems)
    _unknown_keys(entry, CAPABILITY_KEYS, where, problems)
    group = entry.get("group")
    if group not in CapabilityGroup.values:
        problems.append(f"{where}.group: {group!r} is not a capability group.")
    codes = entry.get("questions")
    if not isinstance(codes, list) or not codes:
        problems.append(f"{where}.questions: give at least one question code, as a list.")
        codes = []
    for code in codes:
        if str(code) not in questions:
            problems.append(
                f"{where}.questions: {code!r} is not a question of the {question_set} question set."
            )
    return CapabilityLink(
        letter=letter,
        group=group,
        theme=str(groups.get(group, "")),
        questions=tuple(str(code) for code in codes),
    )


def read_capability_map(path, *, bank=None):
    """The map in ``path``, checked against its question bank (``bank``, by default the file
    its ``question_set`` names beside it). Raises ``CapabilityMapError`` naming every
    problem."""
    problems = []
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CapabilityMapError(path, [f"it is not valid YAML: {error}"]) from error
    data = _mapping(data, "The file", problems)
    _unknown_keys(data, MAP_KEYS, "The file", problems)
    question_set = str(data.get("question_set") or "")
    bank = Path(bank) if bank is not None else bank_path(question_set)
    if not question_set:
        problems.append("question_set: name the question set the map is for.")
    if not bank.is_file():
        raise CapabilityMapError(path, [*problems, f"question bank {bank.name} not found."])
    themes, questions = _bank_codes(bank)
    groups = {str(k): str(v) for k, v in _mapping(data.get("groups"), "groups", problems).items()}
    _check_groups(groups, themes, question_set, problems)
    entries = _mapping(data.get("capabilities"), "capabilities", problems)
    for letter in UniversalCapability.values:
        if letter not in entries:
            problems.append(f"capabilities: universal capability {letter} is missing.")
    links = {}
    for letter, entry in entries.items():
        if str(letter) not in UniversalCapability.values:
            problems.append(f"capabilities: {letter!r} is not a universal capability (A-J).")
            continue
        links[str(letter)] = _link(str(letter), entry, groups, questions, question_set, problems)
    if problems:
        raise CapabilityMapError(path, problems)
    return CapabilityMap(question_set=question_set, groups=groups, capabilities=links)


@cache
def capability_map(question_set_code):
    """The shipped map for a question set, or None when it has none (checks that need it
    then find nothing). Read once per process."""
    path = map_path(question_set_code)
    if not question_set_code or not path.is_file():
        return None
    return read_capability_map(path)
