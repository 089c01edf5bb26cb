"""Loading a question set that maps to an earlier one, and questions asked in some care
settings only: the 2017 bank, and every problem reported by its line, nothing written."""

import pytest

from maturity.models import Question, QuestionSet
from maturity.services.question_sets import QUESTION_SET_2017
from tests.maturity.test_question_sets import (
    load,
    load_refused,
    question,
    small_set,
    write_yaml,
)


def line_of(path, text):
    return next(
        number for number, line in enumerate(path.read_text().splitlines(), start=1) if text in line
    )


def later_set(**question_changes):
    """A set mapping to ``small``: each question of the small set the same, unless changed."""
    data = small_set()
    data["code"] = "small-2"
    data["maps_to"] = "small"
    for section in data["sections"]:
        for entry in section["themes"][0]["questions"]:
            entry["same_as"] = entry["code"]
            entry.update(question_changes.get(entry["code"], {}))
    return data


@pytest.fixture
def earlier(tmp_path, db):
    load(write_yaml(tmp_path, small_set(), name="small.yaml"))
    return QuestionSet.objects.get(code="small")


@pytest.mark.django_db
def test_the_2017_bank_loads_after_2015_16_with_its_mapping_and_settings():
    load()

    output = load(QUESTION_SET_2017)

    question_set = QuestionSet.objects.get(code="2017")
    assert (question_set.version, question_set.maps_to_code) == (1, "2015-16")
    questions = Question.objects.filter(question_set=question_set)
    assert questions.count() == 100
    mapped = questions.exclude(same_as="")
    assert mapped.count() == 92
    assert all(question.code == question.same_as for question in mapped)
    assert set(questions.filter(same_as="").values_list("code", flat=True)) == {
        "R-RE-06", "R-IG-06", "C-RA-09", "C-TC-08", "C-TC-09", "C-MM-08", "C-RC-07", "I-NW-06",
    }  # fmt: skip
    assert questions.get(code="C-TC-08").care_setting_list == ["acute"]
    assert questions.get(code="C-OR-01").care_setting_list == [
        "acute",
        "community",
        "mental_health",
    ]
    assert output[-5:] == [
        "Asked in acute services: 92 questions",
        "Asked in mental health services: 92 questions",
        "Asked in community services: 92 questions",
        "Asked in ambulance services: 92 questions",
        "Loaded 2017 version 1: 100 questions.",
    ]


@pytest.mark.django_db
def test_the_2017_bank_is_refused_until_2015_16_is_loaded():
    problems = load_refused(QUESTION_SET_2017)

    assert problems == [
        "Nothing was changed: 1 problem to fix.",
        "maturity/question_sets/2017.yaml:22: the question set: maps_to 2015-16: no question "
        "set with that code is loaded; load it first",
    ]
    assert not QuestionSet.objects.exists()


def test_every_bad_mapping_is_reported_by_its_line_and_nothing_is_written(tmp_path, earlier):
    data = later_set(
        **{
            # Another scale: a changed question cannot be the same one.
            "R-01": {"scale": "percentage"},
            # No such question in the earlier set.
            "C-01": {"same_as": "C-99"},
        }
    )
    themes = data["sections"][2]["themes"]
    # Mapped again, and from another theme.
    themes[0]["questions"].append(question("I-02", same_as="I-01"))
    themes.append(
        {"code": "moved", "title": "Moved", "questions": [question("I-03", same_as="R-01")]}
    )
    path = write_yaml(tmp_path, data)

    problems = load_refused(path)

    reasons = [problem.split(": ", 1)[1] for problem in problems[1:]]
    assert problems[0] == "Nothing was changed: 5 problems to fix."
    assert reasons == [
        "question R-01: same_as R-01: that question's scale in small is agreement, not "
        "percentage; a question on another scale has changed: leave out same_as",
        "question C-01: same_as C-99: small has no question with that code",
        "question C-01: C-01 is a question of small: mark it same_as C-01, or give a changed "
        "question a new code",
        f"question I-02: same_as I-01 is already given at line {line_of(path, 'code: I-01')}",
        "question I-03: same_as R-01: that question is in theme readiness_theme of small, not "
        "moved; a question compared year on year stays in its theme",
    ]
    assert problems[1].startswith(f"{path}:{line_of(path, 'code: R-01')}:")
    assert QuestionSet.objects.filter(code="small-2").count() == 0
    assert Question.objects.count() == 3


def test_same_as_needs_maps_to(tmp_path, db):
    data = small_set()
    data["sections"][0]["themes"][0]["questions"][0]["same_as"] = "R-01"
    path = write_yaml(tmp_path, data)

    problems = load_refused(path)

    assert problems[1:] == [
        f"{path}:{line_of(path, 'code: R-01')}: question R-01: same_as needs maps_to at the top "
        "of the file: the code of the earlier question set that same_as names questions of"
    ]


def test_a_set_cannot_map_to_itself(tmp_path, earlier):
    data = later_set()
    data["maps_to"] = "small-2"

    problems = load_refused(write_yaml(tmp_path, data))

    assert problems[1].endswith(
        "the question set: maps_to names this question set itself: name the earlier one"
    )


def test_care_settings_must_be_known_and_named_once(tmp_path, db):
    data = small_set()
    readiness, capabilities, infrastructure = (
        section["themes"][0]["questions"][0] for section in data["sections"]
    )
    readiness["care_settings"] = ["acute", "prison"]
    capabilities["care_settings"] = []
    infrastructure["care_settings"] = ["ambulance", "ambulance"]

    problems = load_refused(write_yaml(tmp_path, data))

    reasons = [problem.split(": ", 1)[1] for problem in problems[1:]]
    assert reasons == [
        "question R-01: unknown care settings prison; use acute, mental_health, community, "
        "ambulance",
        "question C-01: care_settings must list one or more of acute, mental_health, community, "
        "ambulance; leave it out for a question asked in every setting",
        "question I-01: care_settings names a setting twice",
    ]


def test_a_later_set_with_good_mapping_and_settings_loads(tmp_path, earlier):
    data = later_set()
    data["sections"][1]["themes"][0]["questions"].append(
        question("C-02", care_settings=["ambulance", "acute"])
    )

    load(write_yaml(tmp_path, data))

    loaded = QuestionSet.objects.get(code="small-2")
    assert loaded.maps_to_code == "small"
    assert dict(
        Question.objects.filter(question_set=loaded).values_list("code", "care_settings")
    ) == {"R-01": "", "C-01": "", "I-01": "", "C-02": "|acute|ambulance|"}
