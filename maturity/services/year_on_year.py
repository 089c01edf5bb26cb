"""Year-on-year comparison: SCORING.md rules 7-11, on plain data.

A provider's assessment is compared with its assessment of the previous cycle only on the
questions common to both: mapped from one year to the next, answered in both, and "not
applicable" in neither. A theme whose questions changed is never given a change. Nothing here
reads the database: ``maturity.selectors.year_on_year`` gathers the data.
"""

import statistics
from dataclasses import dataclass, field

from maturity.scales import NOT_APPLICABLE, option_score

# The version of rules 7-11, shown with every comparison beside the scoring method's.
COMPARISON_VERSION = 1


@dataclass(frozen=True)
class AskedQuestion:
    """A question as the comparison needs it: where it is, its scale, what it maps to."""

    code: str
    section: str
    theme: str
    scale: str
    # The code of the same question in the earlier year's set; "" when it is not mapped.
    same_as: str = ""


@dataclass(frozen=True)
class Change:
    """A theme's or a section's scores in both years over the questions compared."""

    # False for a theme whose questions changed (rule 8), and for a section none of whose
    # themes can be compared: never given a change.
    comparable: bool
    compared: int = 0
    earlier: float | None = None
    later: float | None = None
    # For sections: how many of its themes were compared, of how many it has.
    themes_compared: int = 0
    themes: int = 0

    @property
    def change(self):
        if not self.comparable or self.earlier is None or self.later is None:
            return None
        return self.later - self.earlier


@dataclass(frozen=True)
class YearOnYear:
    """One provider's comparison: "Compared on ``compared`` of ``asked`` questions"."""

    compared: int
    asked: int
    themes: dict
    sections: dict
    compared_codes: frozenset = field(default_factory=frozenset)


def _mean(values):
    return statistics.fmean(values) if values else None


def changed_themes(later_questions, earlier_questions, mapped_codes):
    """Rule 8: the theme codes whose questions changed between the two assessments.

    A theme changed when one of its questions asked this year maps to nothing, or one of its
    questions asked the earlier year is what no question of this year's set maps to
    (``mapped_codes``: every ``same_as`` of the set, in any care setting, so that a question
    kept for other settings only is not a change).
    """
    changed = {question.theme for question in later_questions if not question.same_as}
    changed |= {
        question.theme for question in earlier_questions if question.code not in mapped_codes
    }
    return changed


def compare(*, later_questions, earlier_questions, later_answers, earlier_answers, mapped_codes):
    """Rules 7-10: compare two assessments of one provider on their common questions.

    ``later_questions`` and ``earlier_questions`` are the ``AskedQuestion``s each assessment
    answered (its set's questions for its care setting), in order; ``later_answers`` and
    ``earlier_answers`` map question codes to options; ``mapped_codes`` is every ``same_as``
    of the later set.
    """
    changed = changed_themes(later_questions, earlier_questions, mapped_codes)
    earlier_by_code = {question.code: question for question in earlier_questions}
    scores = {}  # theme -> [(earlier score, later score)] of its common questions
    compared_codes = set()
    for question in later_questions:
        scores.setdefault(question.theme, [])
        earlier = earlier_by_code.get(question.same_as)
        if question.theme in changed or earlier is None:
            continue
        options = (earlier_answers.get(earlier.code), later_answers.get(question.code))
        if None in options or NOT_APPLICABLE in options:
            continue
        scores[question.theme].append(
            (option_score(earlier.scale, options[0]), option_score(question.scale, options[1]))
        )
        compared_codes.add(question.code)
    themes = {
        theme: _theme_change(pairs) if theme not in changed else Change(comparable=False)
        for theme, pairs in scores.items()
    }
    sections = _sections(later_questions, themes)
    return YearOnYear(
        compared=len(compared_codes),
        asked=len(later_questions),
        themes=themes,
        sections=sections,
        compared_codes=frozenset(compared_codes),
    )


def _theme_change(pairs):
    """Rule 9 for a theme: each year's mean over its common questions."""
    return Change(
        comparable=True,
        compared=len(pairs),
        earlier=_mean([earlier for earlier, _later in pairs]),
        later=_mean([later for _earlier, later in pairs]),
    )


def _sections(later_questions, themes):
    """Rule 10: a section's score each year is the mean of its compared themes' scores."""
    of_section = {}
    for question in later_questions:
        section_themes = of_section.setdefault(question.section, [])
        if question.theme not in section_themes:
            section_themes.append(question.theme)
    sections = {}
    for section, codes in of_section.items():
        compared = [themes[code] for code in codes if themes[code].compared]
        sections[section] = Change(
            comparable=any(themes[code].comparable for code in codes),
            compared=sum(change.compared for change in compared),
            earlier=_mean([change.earlier for change in compared]),
            later=_mean([change.later for change in compared]),
            themes_compared=len(compared),
            themes=len(codes),
        )
    return sections


@dataclass(frozen=True)
class NationalChange:
    """Rule 11: one section's national medians in both cycles over the providers compared."""

    providers: int
    questions_compared: int
    questions: int
    # The medians of the providers' section scores in each cycle.
    earlier: float | None
    later: float | None

    @property
    def change(self):
        if self.earlier is None or self.later is None:
            return None
        return self.later - self.earlier


def national_changes(comparisons, questions_by_section):
    """Rule 11 for every section of ``questions_by_section`` (section code -> the codes of
    this year's set in it): over the providers whose section has scores in both years, the
    median of their earlier scores, the median of their later scores, and how many distinct
    questions were compared for at least one of them."""
    changes = {}
    for section, codes in questions_by_section.items():
        counted = [
            comparison
            for comparison in comparisons
            if section in comparison.sections and comparison.sections[section].change is not None
        ]
        compared = set().union(*(comparison.compared_codes for comparison in counted))
        earlier = [comparison.sections[section].earlier for comparison in counted]
        later = [comparison.sections[section].later for comparison in counted]
        changes[section] = NationalChange(
            providers=len(counted),
            questions_compared=len(compared & set(codes)),
            questions=len(codes),
            earlier=statistics.median(earlier) if counted else None,
            later=statistics.median(later) if counted else None,
        )
    return changes
