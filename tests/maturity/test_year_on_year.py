"""Year on year, number for number: SCORING.md worked examples (d) and (e), rules 7-11."""

import pytest

from maturity.models import Assessment
from maturity.selectors.comparisons import signed
from maturity.selectors.year_on_year import (
    national_comparison,
    previous_cycle,
    provider_comparison,
)
from maturity.services.scoring import for_display
from maturity.services.year_on_year import AskedQuestion, Change, compare, national_changes
from roadmaps.models import Cycle
from tests.factories import CycleFactory
from tests.maturity.year_on_year_world import (
    A_YEAR_1,
    A_YEAR_2,
    NATIONAL,
    YEAR_1,
    YEAR_2,
    build_world,
)


def asked(layout, care_setting, *, mapped):
    """The AskedQuestions of an example set for one setting."""
    questions = []
    for section, theme, entries in layout:
        for code, *more in entries:
            settings = more[2] if len(more) > 2 else ""
            if settings and settings != care_setting:
                continue
            same_as = more[1] if len(more) > 1 else code
            questions.append(
                AskedQuestion(
                    code,
                    section,
                    theme,
                    more[0] if more else "agreement",
                    same_as if mapped else "",
                )
            )
    return questions


def mapped_codes():
    return {q.same_as for q in asked(YEAR_2, "acute", mapped=True) if q.same_as} | {
        q.same_as for q in asked(YEAR_2, "mental_health", mapped=True) if q.same_as
    }


def example(care_setting, later_answers):
    return compare(
        later_questions=asked(YEAR_2, care_setting, mapped=True),
        earlier_questions=asked(YEAR_1, care_setting, mapped=False),
        later_answers=later_answers,
        earlier_answers=A_YEAR_1,
        mapped_codes=mapped_codes(),
    )


def shown(change):
    """(earlier, later, change, compared) as the page shows them."""
    return (
        for_display(change.earlier),
        for_display(change.later),
        signed(change.change),
        change.compared,
    )


def test_provider_a_is_compared_on_5_of_12_questions():
    result = example("acute", A_YEAR_2)

    assert (result.compared, result.asked) == (5, 12)
    assert result.compared_codes == {"L1", "L2", "G1", "D1", "D2"}


def test_provider_a_themes_and_sections_match_example_d():
    result = example("acute", A_YEAR_2)

    assert shown(result.themes["leadership"]) == ("62.5", "87.5", "+25.0", 2)
    assert shown(result.themes["governance"]) == ("25.0", "75.0", "+50.0", 1)
    assert shown(result.themes["decision_support"]) == ("75.0", "77.5", "+2.5", 2)
    assert shown(result.sections["readiness"]) == ("43.8", "81.3", "+37.5", 3)
    assert shown(result.sections["capabilities"]) == ("75.0", "77.5", "+2.5", 2)
    assert (result.sections["readiness"].earlier, result.sections["readiness"].later) == (
        43.75,
        81.25,
    )


def test_a_theme_whose_questions_changed_is_never_given_a_change():
    result = example("acute", A_YEAR_2)

    # T3 is new for acute trusts; M3 rewords M2.
    for theme in ("transfers_of_care", "medicines"):
        assert result.themes[theme] == Change(comparable=False)
        assert result.themes[theme].change is None
    # T1 and T2 were answered in both years, yet the theme is not compared.
    assert not {"T1", "T2"} & result.compared_codes
    assert result.sections["capabilities"].themes_compared == 1


def test_only_mapped_questions_are_compared():
    unmapped = compare(
        later_questions=asked(YEAR_2, "acute", mapped=False),
        earlier_questions=asked(YEAR_1, "acute", mapped=False),
        later_answers=A_YEAR_2,
        earlier_answers=A_YEAR_1,
        mapped_codes=set(),
    )

    assert (unmapped.compared, unmapped.asked) == (0, 12)
    assert all(not change.comparable for change in unmapped.themes.values())
    assert all(change.change is None for change in unmapped.sections.values())


def test_a_question_for_another_setting_only_does_not_change_the_theme():
    mental_health = {code: option for code, option in A_YEAR_2.items() if code != "T3"}

    result = example("mental_health", mental_health)

    assert (result.compared, result.asked) == (7, 11)
    assert shown(result.themes["transfers_of_care"]) == ("62.5", "87.5", "+25.0", 2)
    assert shown(result.sections["capabilities"]) == ("68.8", "82.5", "+13.8", 4)
    assert result.themes["medicines"].comparable is False


def test_a_theme_with_nothing_answered_in_both_years_has_no_change_but_is_not_changed():
    answers = dict(A_YEAR_2, G1="not_applicable")

    result = example("acute", answers)

    assert result.themes["governance"] == Change(comparable=True, compared=0)
    assert result.sections["readiness"].earlier == 62.5
    assert (result.compared, result.asked) == (4, 12)


def test_the_national_change_over_five_providers_matches_example_e():
    results = [
        example("acute", A_YEAR_2),
        example("mental_health", {k: v for k, v in A_YEAR_2.items() if k != "T3"}),
    ]
    for first, second in NATIONAL.values():
        results.append(
            compare(
                later_questions=asked(YEAR_2, "mental_health", mapped=True),
                earlier_questions=asked(YEAR_1, "mental_health", mapped=False),
                later_answers=second,
                earlier_answers=first,
                mapped_codes=mapped_codes(),
            )
        )
    sections = {
        "readiness": ["L1", "L2", "L3", "G1", "G2"],
        "capabilities": ["T1", "T2", "T3", "M1", "M3", "D1", "D2"],
    }

    changes = national_changes(results, sections)

    readiness, capabilities = changes["readiness"], changes["capabilities"]
    assert (readiness.providers, readiness.questions_compared, readiness.questions) == (5, 5, 5)
    assert (readiness.earlier, readiness.later) == (43.75, 75)
    assert signed(readiness.change) == "+31.3"
    assert (capabilities.providers, capabilities.questions_compared) == (5, 4)
    assert (capabilities.earlier, capabilities.later) == (68.75, 77.5)
    assert signed(capabilities.change) == "+8.8"


@pytest.mark.django_db
def test_the_database_comparison_of_provider_a_is_example_d():
    world = build_world(national=False)

    comparison = provider_comparison(world.later["A"])

    assert comparison.earlier == world.earlier["A"]
    assert (comparison.result.compared, comparison.result.asked) == (5, 12)
    assert shown(comparison.result.sections["readiness"]) == ("43.8", "81.3", "+37.5", 3)
    assert comparison.result.themes["transfers_of_care"].comparable is False


@pytest.mark.django_db
def test_the_database_national_comparison_is_example_e_and_leaves_out_f():
    world = build_world()

    national = national_comparison(world.year_2, world.set_2.pk)

    assert national.earlier_cycle == world.year_1
    assert national.providers == 5
    readiness = national.sections["readiness"]
    assert (readiness.earlier, readiness.later, readiness.providers) == (43.75, 75, 5)
    capabilities = national.sections["capabilities"]
    assert (capabilities.questions_compared, capabilities.questions) == (4, 7)
    assert signed(capabilities.change) == "+8.8"
    assert provider_comparison(world.later["F"]) is None


@pytest.mark.django_db
def test_the_previous_cycle_is_the_newest_earlier_one_with_a_submitted_assessment():
    world = build_world(national=False)
    # A refresh between the two years, whose only assessment is still being answered.
    refresh = CycleFactory(name="Refresh")
    Cycle.objects.filter(pk=refresh.pk).update(created_at=world.year_1.created_at)
    Assessment.objects.create(
        organisation=world.providers["A"],
        cycle=refresh,
        question_set=world.set_1,
        state="in_progress",
    )
    refresh.refresh_from_db()

    assert previous_cycle(world.year_2) == world.year_1
    assert previous_cycle(refresh) == world.year_1
    assert previous_cycle(world.year_1) is None
