"""The cross-checks that read a submitted roadmap version (and the risk check, which reads
returns too): each finder takes a ``Subject`` and returns ``Found`` items, writing nothing.
``definitions.py`` holds the checks as data; ``delivery/CHECKS.md`` writes each down."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delivery import suggestion
from delivery.checks.registry import VERSION, Found, evidence, evidence_at
from delivery.checks.subject import iso_day
from maturity.scales import SCALE_OPTIONS
from maturity.services.scoring import SUBMITTED_STATES, for_display
from roadmaps.enums import CapabilityGroup, RiskLevel, SignOffDecision, UniversalCapability
from roadmaps.roadmap_sections import YEARS, year_label
from roadmaps.selectors.benefits import long_date

# uc_early_weak_maturity: "early" is in place by the end of the roadmap's first year.
EARLY_BY = date(2017, 3, 31)


def _group_name(group):
    return str(CapabilityGroup(group).label)


def _answer_label(answer):
    labels = {key: label for key, label, _score in SCALE_OPTIONS[answer.question.scale]}
    return str(labels.get(answer.option, answer.option))


def _answer_evidence(answer):
    organisation = answer.assessment.organisation.name
    return evidence(
        f"{organisation}, {answer.question.code}: {answer.question.text}",
        _answer_label(answer),
        "check_answers",
        answer.assessment_id,
    )


# --- a. Universal capabilities planned early on weak maturity ------------------------------


def find_uc_early_weak_maturity(subject):
    links = subject.capability_map
    if links is None:
        return []
    plans = subject.sections.get("universal_capabilities", {})
    found = []
    for letter in UniversalCapability.values:
        planned = iso_day((plans.get(letter) or {}).get("in_place_by"))
        if planned is None or planned > EARLY_BY:
            continue
        link = links.capabilities[letter]
        group = _group_name(link.group)
        median = subject.theme_median(link.theme)
        national = subject.national_figures.get(("theme", link.theme))
        lower = national.lower_quartile if national else None
        weak = median is not None and lower is not None and median < lower
        nothing = subject.answers_scoring_nothing(link.questions)
        if not (weak or nothing):
            continue
        reasons = []
        if weak:
            reasons.append(
                _("the providers' %(group)s score, %(median)s, is below the national lower "
                  "quartile, %(lower)s")
                % {"group": group, "median": for_display(median), "lower": for_display(lower)}
            )  # fmt: skip
        if nothing:
            reasons.append(
                ngettext(
                    "%(count)s answer to its questions scores 0",
                    "%(count)s answers to its questions score 0",
                    len(nothing),
                )
                % {"count": len(nothing)}
            )
        items = [
            evidence(_("%(letter)s planned in place by") % {"letter": letter},
                     long_date(planned), *subject.link),
        ]  # fmt: skip
        if median is not None:
            items.append(evidence(
                _("Providers' median score: %(group)s") % {"group": group},
                for_display(median), "footprint_results", subject.footprint.pk,
            ))  # fmt: skip
        if lower is not None:
            items.append(evidence(
                _("National lower quartile: %(group)s") % {"group": group},
                for_display(lower), "national_results",
            ))  # fmt: skip
        items.extend(_answer_evidence(answer) for answer in nothing)
        found.append(Found(
            key=f"uc:{letter}",
            summary=_("%(letter)s is planned in place by %(day)s, but %(reasons)s.")
            % {"letter": letter, "day": long_date(planned), "reasons": _(" and ").join(reasons)},
            evidence=items,
        ))  # fmt: skip
    return found


# --- b. A schedule that ignores the baseline -----------------------------------------------

NEVER = len(YEARS)


def _first_years(subject):
    """{group: index into YEARS of the first year with a plan, NEVER for none}."""
    schedule = subject.sections.get("capability_deployment", {})
    starts = {}
    for group in CapabilityGroup.values:
        cells = schedule.get(group) or {}
        planned = [
            i for i, year in enumerate(YEARS) if str(cells.get(year_label(year), "")).strip()
        ]
        starts[group] = planned[0] if planned else NEVER
    return starts


def _start_text(start):
    return year_label(YEARS[start]) if start != NEVER else _("Not planned in any year")


def find_schedule_ignores_baseline(subject):
    links = subject.capability_map
    if links is None:
        return []
    medians = {
        group: median
        for group in CapabilityGroup.values
        if (median := subject.theme_median(links.groups[group])) is not None
    }
    if len(medians) < 2 or max(medians.values()) == min(medians.values()):
        return []
    strongest = [g for g, m in medians.items() if m == max(medians.values())]
    weakest = [g for g, m in medians.items() if m == min(medians.values())]
    starts = _first_years(subject)
    earliest, latest = min(starts.values()), max(starts.values())

    def items(strong, weak):
        return [
            evidence(_("Providers' median score: %(group)s") % {"group": _group_name(group)},
                     for_display(medians[group]), "footprint_results", subject.footprint.pk)
            for group in (strong, weak)
        ] + [
            evidence(_("%(group)s first planned in") % {"group": _group_name(group)},
                     _start_text(starts[group]), *subject.link)
            for group in (strong, weak)
        ]  # fmt: skip

    found = []
    for group in strongest:
        if starts[group] == earliest and all(starts[w] > starts[group] for w in weakest):
            weak = weakest[0]
            words = {
                "strong": _group_name(group), "weak": _group_name(weak),
                "year": _start_text(starts[group]), "then": _start_text(starts[weak]).lower(),
            }  # fmt: skip
            found.append(Found(
                key=f"first:{group}",
                summary=_("%(strong)s, the providers' strongest theme, is scheduled first "
                          "(%(year)s), before %(weak)s, their weakest (%(then)s).") % words,
                evidence=items(group, weak),
            ))  # fmt: skip
    for group in weakest:
        if starts[group] == latest and all(starts[s] < starts[group] for s in strongest):
            strong = strongest[0]
            words = {
                "weak": _group_name(group), "strong": _group_name(strong),
                "year": _start_text(starts[group]).lower(), "then": _start_text(starts[strong]),
            }  # fmt: skip
            found.append(Found(
                key=f"last:{group}",
                summary=_("%(weak)s, the providers' weakest theme, is scheduled last "
                          "(%(year)s), after %(strong)s, their strongest (%(then)s).") % words,
                evidence=items(strong, group),
            ))  # fmt: skip
    return found


# --- f. Missing evidence --------------------------------------------------------------------


def find_missing_evidence(subject):
    found = []
    for member in subject.providers:
        organisation = member.organisation
        assessment = subject.assessments.get(organisation.pk)
        if assessment is not None and assessment.state in SUBMITTED_STATES:
            continue
        state = assessment.get_state_display() if assessment else _("Never opened")
        words = {"organisation": organisation.name, "cycle": subject.cycle.name}
        found.append(Found(
            key=f"assessment:{organisation.ods_code}",
            summary=_("%(organisation)s has no submitted self-assessment for %(cycle)s.") % words,
            evidence=[evidence(_("Self-assessment of %(organisation)s for %(cycle)s") % words,
                               state, "footprint_results", subject.footprint.pk)],
        ))  # fmt: skip
    decisions = subject.sign_offs
    number = subject.version.number
    for member in subject.members:
        organisation = member.organisation
        decision = decisions.get(organisation.pk)
        if decision == SignOffDecision.SIGNED:
            continue
        words = {"organisation": organisation.name, "number": number}
        found.append(Found(
            key=f"member:{organisation.ods_code}",
            summary=_("%(organisation)s did not sign off version %(number)s.") % words,
            evidence=[
                evidence(_("Sign-off of version %(number)s by %(organisation)s") % words,
                         SignOffDecision(decision).label if decision else _("Not asked"),
                         *subject.link),
                evidence(_("Role in the footprint"), member.get_role_display(),
                         "footprint_detail", subject.footprint.pk),
            ],
        ))  # fmt: skip
    return found


# --- g. High risks with no mitigation -------------------------------------------------------


def _risk_key(subject, risk):
    if subject.kind == VERSION:
        return f"risk:{risk['id']}"
    return f"risk:{risk['risk_id']}" if risk.get("risk_id") else f"risk:line-{risk['id']}"


def find_unmitigated_high_risks(subject):
    if subject.kind == VERSION:
        risks = subject.sections.get("risks", [])
    else:
        risks = [risk for risk in subject.snapshot.get("risks", []) if not risk.get("closed")]
    found = []
    for risk in risks:
        high = risk["likelihood"] >= suggestion.HIGH and risk["impact"] >= suggestion.HIGH
        if not high or str(risk.get("mitigation") or "").strip():
            continue
        found.append(Found(
            key=_risk_key(subject, risk),
            summary=_("“%(risk)s” has likelihood %(likelihood)s and impact %(impact)s, and no "
                      "mitigation.")
            % {"risk": risk["description"], "likelihood": risk["likelihood"],
               "impact": risk["impact"]},
            evidence=evidence_at(subject.section_link("risks"), (
                (_("Risk"), risk["description"]),
                (_("Likelihood"), RiskLevel(risk["likelihood"]).label),
                (_("Impact"), RiskLevel(risk["impact"]).label),
                (_("Owner"), risk.get("owner") or _("None named")),
                (_("Mitigation"), _("None written")),
            )),
        ))  # fmt: skip
    return found
