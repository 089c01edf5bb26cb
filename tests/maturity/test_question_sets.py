from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from maturity.enums import Scale
from maturity.models import Question, QuestionSet, Section, Theme


def load(*paths):
    out = StringIO()
    call_command("load_question_set", *map(str, paths), stdout=out)
    return out.getvalue().splitlines()


def load_refused(path):
    with pytest.raises(CommandError) as refused:
        load(path)
    return str(refused.value).splitlines()


def question(code, scale="agreement", **more):
    return {"code": code, "text": f"Question {code} is answered.", "scale": scale, **more}


def small_set(title="A small set"):
    """The smallest valid question set: one theme per section, one question per theme."""
    return {
        "code": "small",
        "title": title,
        "sections": [
            {
                "code": section,
                "title": section.title(),
                "themes": [
                    {
                        "code": f"{section}_theme",
                        "title": f"{section.title()} theme",
                        "questions": [question(f"{section[0].upper()}-01")],
                    }
                ],
            }
            for section in ("readiness", "capabilities", "infrastructure")
        ],
    }


def write_yaml(folder, data, name="set.yaml"):
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def write_text(folder, text, name="set.yaml"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def questions_as_stored():
    return list(Question.objects.order_by("id").values())


def nothing_loaded():
    return not (
        QuestionSet.objects.exists()
        or Section.objects.exists()
        or Theme.objects.exists()
        or Question.objects.exists()
    )


@pytest.mark.django_db
def test_shipped_question_set_loads_three_sections_of_themes_and_questions():
    output = load()

    question_set = QuestionSet.objects.get()
    assert (question_set.code, question_set.version) == ("2015-16", 1)
    assert question_set.published_at is not None
    assert len(question_set.source_sha256) == 64
    assert list(question_set.sections.values_list("code", flat=True)) == [
        "readiness",
        "capabilities",
        "infrastructure",
    ]
    themes = {
        section.code: list(section.themes.values_list("title", flat=True))
        for section in question_set.sections.all()
    }
    assert themes == {
        "readiness": [
            "Strategic alignment",
            "Leadership",
            "Resourcing",
            "Governance",
            "Information governance",
        ],
        "capabilities": [
            "Records, assessments and plans",
            "Transfers of care",
            "Orders and results management",
            "Medicines management and optimisation",
            "Decision support",
            "Remote and assistive care",
            "Asset and resource optimisation",
        ],
        "infrastructure": [
            "Devices and mobile working",
            "Networks and Wi-Fi",
            "System availability and resilience",
            "Interoperability and standards",
        ],
    }
    questions = Question.objects.filter(question_set=question_set)
    assert 80 <= questions.count() <= 120
    assert all(theme.questions.count() >= 4 for theme in Theme.objects.all())
    assert set(questions.values_list("scale", flat=True)) == set(Scale.values)
    assert questions.filter(allows_not_applicable=True).exists()
    codes = list(questions.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert (
        output[0] == "maturity/question_sets/2015-16.yaml: Digital maturity self-assessment 2015-16"
    )
    assert output[1].startswith("Readiness: 5 themes, 25 questions")
    assert output[-1] == f"Loaded 2015-16 version 1: {len(codes)} questions."


@pytest.mark.django_db
def test_question_codes_follow_their_section_and_theme():
    load()

    for found in Question.objects.select_related("theme__section"):
        section_letter = found.theme.section.code[0].upper()
        assert found.code.startswith(f"{section_letter}-"), found.code
        assert found.text.strip() == found.text and "  " not in found.text


@pytest.mark.django_db
def test_loading_the_same_file_again_changes_nothing():
    load()
    before = questions_as_stored()

    output = load()

    assert output == [
        "No changes: maturity/question_sets/2015-16.yaml is already 2015-16 version 1."
    ]
    assert QuestionSet.objects.count() == 1
    assert questions_as_stored() == before


@pytest.mark.django_db
def test_a_changed_file_becomes_version_2_and_leaves_version_1_alone(tmp_path):
    first = write_yaml(tmp_path, small_set())
    load(first)
    version_1 = QuestionSet.objects.get()
    version_1_questions = questions_as_stored()
    changed = small_set(title="A small set, revised")
    changed["sections"][0]["themes"][0]["questions"].append(question("R-02", "percentage"))

    output = load(write_yaml(tmp_path, changed, name="changed.yaml"))

    assert output[-1] == "Loaded small version 2: 4 questions."
    version_2 = QuestionSet.objects.get(code="small", version=2)
    assert version_2.title == "A small set, revised"
    assert version_2.source_sha256 != version_1.source_sha256
    assert QuestionSet.objects.get(pk=version_1.pk).title == "A small set"
    assert list(Question.objects.filter(question_set=version_1).order_by("id").values()) == (
        version_1_questions
    )
    assert Question.objects.filter(question_set=version_2).count() == 4


@pytest.mark.django_db
def test_a_set_loads_in_a_handful_of_queries(tmp_path, django_assert_max_num_queries):
    path = write_yaml(tmp_path, small_set())

    with django_assert_max_num_queries(8):
        load(path)


def test_an_unknown_scale_is_reported_with_its_place(tmp_path, db):
    data = small_set()
    data["sections"][1]["themes"][0]["questions"][0]["scale"] = "likert"

    problems = load_refused(write_yaml(tmp_path, data))

    assert problems[0] == "Nothing was changed: 1 problem to fix."
    assert problems[1].startswith(f"{tmp_path / 'set.yaml'}:")
    assert problems[1].endswith(
        "question C-01: unknown scale 'likert'; "
        "use one of agreement, percentage, record_structure, nhs_number"
    )
    assert nothing_loaded()


def test_a_duplicate_question_code_names_both_places(tmp_path, db):
    data = small_set()
    data["sections"][2]["themes"][0]["questions"].append(question("R-01"))
    path = write_yaml(tmp_path, data)
    first_line = next(
        number
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "code: R-01" in line
    )

    problems = load_refused(path)

    assert len(problems) == 2
    assert problems[1].endswith(f"question R-01: code R-01 is already used at line {first_line}")
    assert nothing_loaded()


def test_a_duplicate_theme_code_is_reported(tmp_path, db):
    data = small_set()
    data["sections"][1]["themes"][0]["code"] = "readiness_theme"

    problems = load_refused(write_yaml(tmp_path, data))

    assert len(problems) == 2
    assert "theme readiness_theme: code readiness_theme is already used at line" in problems[1]
    assert nothing_loaded()


def test_a_duplicate_section_is_reported(tmp_path, db):
    data = small_set()
    data["sections"][2]["code"] = "capabilities"

    problems = load_refused(write_yaml(tmp_path, data))

    assert len(problems) == 2
    assert "section capabilities: code capabilities is already used at line" in problems[1]
    assert nothing_loaded()


def test_an_empty_theme_and_an_empty_section_are_reported(tmp_path, db):
    data = small_set()
    data["sections"][0]["themes"][0]["questions"] = []
    data["sections"][2]["themes"] = []

    problems = load_refused(write_yaml(tmp_path, data))

    assert [problem.split(": ", 1)[1] for problem in problems[1:]] == [
        "theme readiness_theme: has no questions",
        "section infrastructure: has no themes",
    ]
    assert nothing_loaded()


def test_missing_text_and_unknown_keys_are_all_reported(tmp_path, db):
    data = small_set()
    del data["sections"][0]["themes"][0]["questions"][0]["text"]
    data["sections"][1]["themes"][0]["questions"][0]["weight"] = 2

    problems = load_refused(write_yaml(tmp_path, data))

    assert [problem.split(": ", 1)[1] for problem in problems[1:]] == [
        "question R-01: has no text",
        "question C-01: unknown keys weight; allowed are care_settings, code, help, "
        "not_applicable, same_as, scale, text",
    ]
    assert nothing_loaded()


def test_bad_yaml_is_reported_with_its_line(tmp_path, db):
    path = write_text(
        tmp_path,
        'code: small\ntitle: "A small set\nsections: []\n',
    )

    problems = load_refused(path)

    assert len(problems) == 2
    assert problems[1].startswith(f"{path}:")
    assert "is not valid YAML" in problems[1]
    assert nothing_loaded()


def test_a_file_that_is_not_there_is_reported(tmp_path, db):
    problems = load_refused(tmp_path / "missing.yaml")

    assert problems[1] == f"{tmp_path / 'missing.yaml'}: cannot be read: No such file or directory"
    assert nothing_loaded()
