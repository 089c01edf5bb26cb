"""The checks as data, and the capability map they read: every check is described in full,
and a map that does not fit its question bank is refused, naming each problem."""

import re
from pathlib import Path

import pytest

from delivery import checks
from delivery.checks.capability_map import (
    CapabilityMapError,
    capability_map,
    map_path,
    read_capability_map,
)
from delivery.transitions import FINDING
from roadmaps.enums import CapabilityGroup, UniversalCapability

CHECKS_MD = Path(__file__).parents[2] / "delivery" / "CHECKS.md"


def test_every_check_has_a_stable_slug_a_version_and_words_for_people():
    assert [each.id for each in checks.CHECKS] == [
        "uc_early_weak_maturity",
        "schedule_ignores_baseline",
        "green_outside_red_inside",
        "self_better_than_assured",
        "benefit_dates_keep_moving",
        "missing_evidence",
        "unmitigated_high_risks",
    ]
    for each in checks.CHECKS:
        assert re.fullmatch(r"[a-z][a-z_]+", each.id)
        assert isinstance(each.version, int) and each.version >= 1
        assert all(str(text).strip() for text in (each.statement, each.threshold, each.why))
        assert set(each.runs_on) <= {checks.VERSION, checks.RETURN} and each.runs_on
    assert [each.id for each in checks.checks_for(checks.RETURN)] == [
        "green_outside_red_inside",
        "self_better_than_assured",
        "benefit_dates_keep_moving",
        "unmitigated_high_risks",
    ]


def test_checks_md_writes_down_every_check_with_its_statement():
    text = CHECKS_MD.read_text(encoding="utf-8")
    for each in checks.CHECKS:
        assert f"`{each.id}`" in text
        assert " ".join(str(each.statement).split()) in " ".join(text.split())


def test_the_finding_table_is_design_section_7():
    assert FINDING.states_allowing("explain_finding") == {"open"}
    assert FINDING.action("explain_finding").to == ("explained",)


def test_the_shipped_map_covers_every_group_and_capability():
    shipped = capability_map("2015-16")

    assert set(shipped.groups) == set(CapabilityGroup.values)
    assert set(shipped.capabilities) == set(UniversalCapability.values)
    assert shipped.capabilities["A"].theme == "medicines_management"
    assert shipped.capabilities["A"].questions == ("C-MM-03", "C-MM-05")
    assert capability_map("no-such-set") is None


def broken(tmp_path, text):
    path = tmp_path / "capability_map-2015-16.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CapabilityMapError) as refused:
        read_capability_map(path, bank=map_path("2015-16").with_name("2015-16.yaml"))
    return refused.value


def shipped_text():
    return map_path("2015-16").read_text(encoding="utf-8")


def test_a_map_naming_a_question_or_theme_the_bank_lacks_is_refused_naming_each(tmp_path):
    text = (
        shipped_text()
        .replace("C-MM-03", "C-MM-99")
        .replace("medicines: medicines_management", "medicines: medicine_cabinets")
    )

    error = broken(tmp_path, text)

    assert error.problems == [
        "groups.medicines: 'medicine_cabinets' is not a theme of the 2015-16 question set.",
        "capabilities.A.questions: 'C-MM-99' is not a question of the 2015-16 question set.",
    ]
    assert str(error).startswith("The capability map capability_map-2015-16.yaml cannot be used:")


def test_a_map_missing_a_capability_or_a_group_or_with_unknown_ones_is_refused(tmp_path):
    text = (
        shipped_text()
        .replace("  assets: asset_resource_optimisation\n", "  gadgets: decision_support\n")
        .replace("  J:\n    group: remote_care\n", "  K:\n    group: remote_care\n")
    )

    error = broken(tmp_path, text)

    assert error.problems == [
        "groups: capability group 'assets' is missing.",
        "groups: 'gadgets' is not a capability group.",
        "capabilities: universal capability J is missing.",
        "capabilities: 'K' is not a universal capability (A-J).",
    ]


def test_a_map_that_is_not_yaml_is_refused(tmp_path):
    error = broken(tmp_path, "groups: [unclosed")

    assert error.problems[0].startswith("it is not valid YAML")
