"""The cross-checks, as data: every claim of a roadmap version or a progress return held
against the evidence the service already has. Each ``Check`` (``registry.py``) names its
finder (``version_findings.py``, ``return_findings.py``); ``delivery/CHECKS.md`` writes each
down with a worked example. A change to a rule that changes what it finds raises its
``version``, and the sweep then runs it again on every subject.
"""

from django.utils.translation import gettext_lazy

from delivery import suggestion
from delivery.checks import return_findings as on_return
from delivery.checks import version_findings as on_version
from delivery.checks.registry import RETURN, VERSION, Check
from delivery.enums import BenefitRating
from roadmaps.roadmap_sections import UNIVERSAL_CAPABILITIES_BY

CHECKS = (
    Check(
        id="uc_early_weak_maturity",
        version=1,
        statement=gettext_lazy(
            "A universal capability planned in place early, while the footprint's providers "
            "are weak in the capability group it belongs to."
        ),
        threshold=gettext_lazy(
            "In place by 31 March 2017 or earlier, and either the providers' median score "
            "for the related theme is below the national lower quartile of the cycle, or a "
            "provider answered one of the related questions with the lowest answer (0%, "
            "disagree completely)."
        ),
        why=gettext_lazy(
            "A capability promised soon on weak foundations is the likeliest to slip."
        ),
        runs_on=(VERSION,),
        find=on_version.find_uc_early_weak_maturity,
        limits={
            "in_place_by": on_version.EARLY_BY,
            "below": "national lower quartile",
            "lowest_score": 0,
        },
    ),
    Check(
        id="schedule_ignores_baseline",
        version=1,
        statement=gettext_lazy(
            "The capability deployment schedule starts with the providers' strongest capability "
            "theme, or leaves their weakest until last."
        ),
        threshold=gettext_lazy(
            "By the providers' median theme scores: the strongest group's first planned year "
            "is the earliest of all groups and later than the weakest's, or the weakest "
            "group's is the latest of all (or none) and later than the strongest's."
        ),
        why=gettext_lazy(
            "A roadmap should put its effort where its baseline shows the largest gaps."
        ),
        runs_on=(VERSION,),
        find=on_version.find_schedule_ignores_baseline,
        limits={"score": "footprint median per theme"},
    ),
    Check(
        id="green_outside_red_inside",
        version=1,
        statement=gettext_lazy(
            "A progress return rated Green or Amber/Green while its own lines show serious trouble."
        ),
        threshold=gettext_lazy(
            "Self rating Green or Amber/Green, and a milestone more than 90 days later than "
            "accepted, a universal capability forecast after 31 March 2018, or a benefit off "
            "track."
        ),
        why=gettext_lazy(
            "Project reports are optimistic far more often than not, and a green rating over "
            "red lines hides the trouble from those who could help."
        ),
        runs_on=(RETURN,),
        find=on_return.find_green_outside_red_inside,
        limits={
            "ratings": on_return.GREEN_RATINGS,
            "slip_days_over": suggestion.MAJOR_SLIP_DAYS,
            "capabilities_by": UNIVERSAL_CAPABILITIES_BY,
            "benefit_rating": BenefitRating.OFF_TRACK,
        },
    ),
    Check(
        id="self_better_than_assured",
        version=1,
        statement=gettext_lazy(
            "The footprint's own delivery confidence is well above NHS England's assured "
            "rating, quarter after quarter."
        ),
        threshold=gettext_lazy(
            "Two or more steps better on the five-point scale than the released assured "
            "rating, in this return and the roadmap's submitted return before it."
        ),
        why=gettext_lazy(
            "A gap that persists says the footprint and its assurers do not see delivery the "
            "same way."
        ),
        runs_on=(RETURN,),
        find=on_return.find_self_better_than_assured,
        limits={
            "steps_better": on_return.STEPS_BETTER,
            "quarters_running": on_return.QUARTERS_RUNNING,
        },
    ),
    Check(
        id="benefit_dates_keep_moving",
        version=1,
        statement=gettext_lazy("A benefit whose target date keeps moving later."),
        threshold=gettext_lazy(
            "The target date moved later than in the return before (or than accepted, in the "
            "first) in three or more of the roadmap's submitted returns up to this one."
        ),
        why=gettext_lazy(
            "A date that moves every quarter is no longer a plan, and the benefit may never come."
        ),
        runs_on=(RETURN,),
        find=on_return.find_benefit_dates_keep_moving,
        limits={"moves": on_return.TARGET_MOVES},
    ),
    Check(
        id="missing_evidence",
        version=1,
        statement=gettext_lazy(
            "A roadmap version without the evidence behind it: a provider's self-assessment, "
            "or a member's sign-off."
        ),
        threshold=gettext_lazy(
            "A provider of the footprint (of a kind the cycle assesses) with no submitted "
            "self-assessment in the cycle; or a member organisation that did not sign off in "
            "the round the version was submitted after."
        ),
        why=gettext_lazy(
            "A baseline without every provider, or a plan without every partner's agreement, "
            "speaks for less of the footprint than it seems to."
        ),
        runs_on=(VERSION,),
        find=on_version.find_missing_evidence,
        limits={},
    ),
    Check(
        id="unmitigated_high_risks",
        version=1,
        statement=gettext_lazy("A high risk with no mitigation."),
        threshold=gettext_lazy(
            "Likelihood and impact both 4 (high) or more, and no mitigation written; in a "
            "return, open risks only."
        ),
        why=gettext_lazy("A high risk nobody plans to reduce is a problem waiting to happen."),
        runs_on=(VERSION, RETURN),
        find=on_version.find_unmitigated_high_risks,
        limits={"likelihood_and_impact_at_least": suggestion.HIGH},
    ),
)
