"""What some seeded roadmaps plan beyond the common draft (``demo.roadmaps.fill_roadmap``), as
real roadmaps did, for the cross-checks (``delivery/CHECKS.md``) to hold against the evidence.

Each roadmap that is submitted takes the next of ``PLANS`` in turn: one plans a universal
capability in place by December 2016 in the capability group where its providers are weakest
against the national lower quartile, one schedules its providers' strongest capability group
first and every other group from the year after, one writes down a high risk with no
mitigation, and one plans as the draft does. The plans are read from the providers' stored
maturity figures and answers, so the same seed makes the same plans.
"""

from datetime import date

from delivery.checks.capability_map import capability_map
from demo.roadmaps import add_unmitigated_risk
from maturity.models import Answer
from maturity.scales import option_score
from maturity.selectors.results import footprint_figures, national_figures
from maturity.services.scoring import SUBMITTED_STATES
from roadmaps.models import FootprintMember, Roadmap
from roadmaps.roadmap_sections import YEARS
from roadmaps.services.drafts import save_section

EARLY = date(2016, 12, 31)
EARLY_TRAJECTORY = "Every practice and provider by December 2016, ahead of the national date."
# A cell left empty: nothing planned that year (a schedule needs a plan for every group, not
# for every year).
NOTHING_PLANNED = ""
INFINITY = float("inf")


def _save(roadmap, key, data, editor):
    version = Roadmap.objects.get(pk=roadmap.pk).version
    save_section(roadmap=roadmap, key=key, data=data, expected_version=version, saved_by=editor)


def _theme_figures(roadmap, links):
    """{capability group: the providers' BenchmarkFigure for its theme}, where there is one
    (none without a capability map)."""
    if links is None:
        return {}
    figures = footprint_figures(roadmap.footprint)
    return {
        group: figures[("theme", theme)]
        for group, theme in links.groups.items()
        if ("theme", theme) in figures and figures[("theme", theme)].median is not None
    }


def _answered_nothing(roadmap, links):
    """The question codes of the capability map that one of the footprint's providers answered
    with the lowest answer (0%, disagree completely) in a submitted self-assessment."""
    codes = {code for link in links.capabilities.values() for code in link.questions}
    answers = Answer.objects.filter(
        assessment__cycle_id=roadmap.footprint.cycle_id,
        assessment__state__in=SUBMITTED_STATES,
        assessment__organisation_id__in=FootprintMember.objects.filter(
            footprint_id=roadmap.footprint_id
        ).values("organisation_id"),
        question__code__in=codes,
    ).values_list("question__code", "question__scale", "option")
    return {code for code, scale, option in answers if option_score(scale, option) == 0}


def plan_early_where_weakest(roadmap, *, editor, links):
    """The universal capability where the providers are weakest planned in place by
    ``EARLY``: one of whose questions a provider answered with the lowest answer, or else the
    one whose group's median falls furthest below (or least above) the national lower
    quartile."""
    own = _theme_figures(roadmap, links)
    if not own:
        return
    national = national_figures(roadmap.footprint.cycle_id)
    nothing = _answered_nothing(roadmap, links)

    def weakness(letter):
        link = links.capabilities[letter]
        figure, lower = own.get(link.group), national.get(("theme", link.theme))
        known = figure is not None and lower is not None and lower.lower_quartile is not None
        gap = figure.median - lower.lower_quartile if known else INFINITY
        return (not nothing.intersection(link.questions), gap, letter)

    letter = min(links.capabilities, key=weakness)
    _save(roadmap, "universal_capabilities",
          {letter: {"in_place_by": EARLY, "trajectory": EARLY_TRAJECTORY}}, editor)  # fmt: skip


def plan_strongest_first(roadmap, *, editor, links):
    """Only the providers' strongest capability group has a stage in the first year; every
    other group's first-year cell is left empty: nothing planned that year."""
    medians = {group: figure.median for group, figure in _theme_figures(roadmap, links).items()}
    if len(set(medians.values())) < 2:
        return
    strongest = max(medians, key=lambda group: (medians[group], group))
    _save(roadmap, "capability_deployment",
          {(group, YEARS[0]): NOTHING_PLANNED for group in links.groups if group != strongest},
          editor)  # fmt: skip


def plan_unmitigated_risk(roadmap, *, editor, links):
    add_unmitigated_risk(roadmap, editor=editor)


def plan_as_drafted(roadmap, *, editor, links):
    return


PLANS = (plan_early_where_weakest, plan_strongest_first, plan_unmitigated_risk, plan_as_drafted)


def shape_plan(roadmap, *, editor, position, question_set_code):
    """Give the ``position``-th submitted roadmap its plan from ``PLANS``."""
    plan = PLANS[position % len(PLANS)]
    plan(roadmap, editor=editor, links=capability_map(question_set_code))
