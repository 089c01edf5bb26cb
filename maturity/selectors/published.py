"""Published maturity results, as the public sees them: each published assessment's section
scores, a cycle at a time. Nothing about people, answers or comments."""

from collections import defaultdict

from maturity.enums import AssessmentState, ScoreLevel
from maturity.models import Assessment, Score
from maturity.selectors.results import result_lines, section_lines
from roadmaps.selectors.cycle_picker import cycle_choice


def published_result_cycles():
    """The cycles the public results offer: those with a published assessment, opening on
    the newest. One query."""
    published = Assessment.objects.filter(state=AssessmentState.PUBLISHED)
    return cycle_choice(showing=published.values("cycle_id"), only_showing=True)


def published_assessments(cycle):
    """The cycle's published assessments with organisation and region, by name."""
    return list(
        Assessment.objects.filter(cycle=cycle, state=AssessmentState.PUBLISHED)
        .select_related("organisation", "organisation__region")
        .order_by("organisation__name", "pk")
    )


def published_section_scores(cycle):
    """``(sections, rows)``: the section lines of the cycle's published question set, and per
    published assessment ``(assessment, [score or None per section])``. Four queries."""
    assessments = published_assessments(cycle)
    if not assessments:
        return [], []
    question_set_id = max(
        {a.question_set_id for a in assessments},
        key=lambda pk: (sum(a.question_set_id == pk for a in assessments), pk),
    )
    sections = section_lines(result_lines(question_set_id))
    values = defaultdict(dict)
    scores = Score.objects.filter(
        assessment__in=[a.pk for a in assessments], level=ScoreLevel.SECTION
    ).values_list("assessment_id", "code", "value")
    for assessment_id, code, value in scores:
        values[assessment_id][code] = value
    rows = [
        (assessment, [values[assessment.pk].get(section.code) for section in sections])
        for assessment in assessments
    ]
    return sections, rows
