"""The roadmap's baseline: each provider's submitted maturity section scores against the
national median, as plain data that a page shows and a submitted version keeps."""

from maturity.models import Assessment
from maturity.selectors import results
from maturity.services.scoring import SUBMITTED_STATES, for_display


def baseline(footprint):
    """The footprint's members whose assessment for the footprint's cycle is submitted, by
    name, with their section scores and the national median of each section.

    Returns ``{"sections": [{"code", "title"}], "national_medians": [text],
    "providers": [{"name", "ods_code", "scores": [text]}]}``; the lists of scores and
    medians follow ``sections``, each rounded for display ("" where there is none). A pure
    read: five queries, six when no member has submitted, however many providers there are.
    """
    assessments = list(
        Assessment.objects.filter(
            cycle_id=footprint.cycle_id,
            organisation_id__in=footprint.members.values("organisation_id"),
            state__in=SUBMITTED_STATES,
        )
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    if assessments:
        question_set_id = assessments[0].question_set_id
    else:
        question_set_id = results.main_question_set_id(footprint.cycle_id)
    lines = results.section_lines(results.result_lines(question_set_id))
    scores = results.scores_of([assessment.pk for assessment in assessments])
    national = results.national_figures(footprint.cycle_id)
    return {
        "sections": [{"code": line.code, "title": line.title} for line in lines],
        "national_medians": [
            for_display(national[line.key].median) if line.key in national else "" for line in lines
        ],
        "providers": [
            {
                "name": assessment.organisation.name,
                "ods_code": assessment.organisation.ods_code,
                "scores": [
                    for_display(scores.get(assessment.pk, {}).get(line.key)) for line in lines
                ],
            }
            for assessment in assessments
        ],
    }
