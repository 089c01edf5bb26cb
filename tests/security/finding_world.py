"""Findings of the cross-checks on A's roadmaps, for the walk: ``a_finding``, open, on the
return submitted to NHS England; one on the version in review; and one on version 1 of the
roadmap back with A after changes were asked for, which A's lead may explain."""

from delivery.checks import evidence
from delivery.models import Finding


def _finding(footprint, check_id, key, summary, items, **subject):
    return Finding.objects.create(
        footprint=footprint, check_id=check_id, check_version=1, key=key, summary=summary,
        evidence=items, **subject,
    )  # fmt: skip


def add_findings(world):
    progress_return = world.a_assured_return
    risks = ("return_section", progress_return.pk, "risks")
    world.a_finding = _finding(
        progress_return.roadmap.footprint, "unmitigated_high_risks", "risk:line-1",
        "“Walk risk” has likelihood 5 and impact 5, and no mitigation.",
        [evidence("Risk", "Walk risk", *risks), evidence("Mitigation", "None written", *risks),
         evidence("Earlier return", "Accepted", "return_detail", world.a_accepted_return.pk)],
        progress_return=progress_return,
    )  # fmt: skip
    version = world.a_review.version
    roadmap = world.a_review_roadmap
    _finding(
        roadmap.footprint, "missing_evidence", f"assessment:{world.p.ods_code}",
        f"{world.p.name} has no submitted self-assessment for 2019-20.",
        [evidence("Self-assessment", "Never opened", "footprint_results", roadmap.footprint_id),
         evidence("Answers", "0%", "check_answers", world.p_submitted_assessment.pk),
         evidence("National lower quartile", "45.0", "national_results"),
         evidence("Role in the footprint", "NHS provider", "footprint_detail",
                  roadmap.footprint_id),
         evidence("Version", "1", "roadmap_version", roadmap.pk, version.number)],
        roadmap_version=version,
    )  # fmt: skip
    _finding(
        world.a_roadmap.footprint, "unmitigated_high_risks", "risk:1",
        "“Walk risk” has likelihood 4 and impact 4, and no mitigation.",
        [evidence("Risk", "Walk risk", "roadmap_version", world.a_roadmap.pk, 1)],
        roadmap_version=world.a_roadmap_version,
    )  # fmt: skip
