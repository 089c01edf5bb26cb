"""What changed between two submitted versions of a roadmap, section by section.

A pure function of two snapshots (see ``roadmaps.selectors.snapshot``): no queries.

Each version keeps the baseline's maturity figures as they were when it was submitted, and
shows those. They are worked out by the service, not written by the footprint, and move
whenever any provider in the country submits, so they are not counted as a change between
versions: a comparison only says that they differ (``figures_differ``).
"""

import json
from dataclasses import dataclass, field

from roadmaps.enums import CapabilityGroup
from roadmaps.roadmap_sections import SECTIONS, TEXT_KINDS
from roadmaps.selectors.version_display import benefit_fields

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"

# How a row of a list section is told apart from the others, and what names it for a person.
ROW_KEYS = {"risks": "id", "milestones": "id", "attachments": "sha256", "benefits": "id"}
ROW_NAMES = {
    "risks": "description",
    "milestones": "title",
    "attachments": "name",
    "benefits": "description",
}
LIST_KINDS = tuple(ROW_KEYS)
# Where a generated section keeps what the service worked out for it (the baseline's figures).
FIGURES = "figures"


@dataclass(frozen=True)
class Change:
    kind: str
    label: str
    old: str = ""
    new: str = ""


@dataclass
class SectionComparison:
    key: str
    title: str
    changes: list = field(default_factory=list)
    # The baseline's maturity figures differ: they were worked out again in between.
    figures_differ: bool = False

    @property
    def unchanged(self):
        return not self.changes


def _text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _compare_value(label, old, new):
    old, new = _text(old), _text(new)
    if old == new:
        return []
    if not old:
        return [Change(ADDED, label, "", new)]
    if not new:
        return [Change(REMOVED, label, old, "")]
    return [Change(CHANGED, label, old, new)]


def _ordered_keys(old, new, first=()):
    keys = list(first)
    for key in [*old, *new]:
        if key not in keys:
            keys.append(key)
    return keys


def _compare_mapping(old, new, *, labels=None, first=()):
    changes = []
    for key in _ordered_keys(old, new, first):
        label = (labels or {}).get(key, key)
        changes += _compare_value(label, old.get(key), new.get(key))
    return changes


def _compare_text_section(section, old, new):
    labels = {f.name: str(f.label) for f in section.fields}
    old = {key: value for key, value in old.items() if key != FIGURES}
    new = {key: value for key, value in new.items() if key != FIGURES}
    return _compare_mapping(old, new, labels=labels, first=section.field_names)


def _compare_schedule(old, new):
    changes = []
    for group in _ordered_keys(old, new, CapabilityGroup.values):
        try:
            group_label = str(CapabilityGroup(group).label)
        except ValueError:
            group_label = group
        old_cells, new_cells = old.get(group) or {}, new.get(group) or {}
        for year in _ordered_keys(old_cells, new_cells):
            changes += _compare_value(
                f"{group_label} – {year}", old_cells.get(year), new_cells.get(year)
            )
    return changes


def _compare_universal(old, new):
    changes = []
    for letter in _ordered_keys(old, new):
        old_plan, new_plan = old.get(letter) or {}, new.get(letter) or {}
        for name in _ordered_keys(old_plan, new_plan):
            if name != "wording":
                label = f"{letter}: {name.replace('_', ' ')}"
                changes += _compare_value(label, old_plan.get(name), new_plan.get(name))
    return changes


def _row_key(kind, row):
    key = ROW_KEYS[kind]
    return row[key] if key in row else json.dumps(row, sort_keys=True)


def _fields(kind, row):
    """A row's fields by label: a benefit as its page reads, any other row by its keys."""
    if kind == "benefits":
        return dict(benefit_fields(row))
    return {name.replace("_", " "): value for name, value in row.items() if name != "id"}


def _compare_rows(kind, old, new):
    old_rows = {_row_key(kind, row): row for row in old}
    new_rows = {_row_key(kind, row): row for row in new}
    name = ROW_NAMES[kind]
    changes = []
    for key in _ordered_keys(old_rows, new_rows):
        before, after = old_rows.get(key), new_rows.get(key)
        if before is None:
            changes.append(Change(ADDED, _text(after.get(name)), "", _summary(kind, after)))
        elif after is None:
            changes.append(Change(REMOVED, _text(before.get(name)), _summary(kind, before), ""))
        else:
            row_label = _text(after.get(name))
            old_fields, new_fields = _fields(kind, before), _fields(kind, after)
            for label in _ordered_keys(old_fields, new_fields):
                changes += _compare_value(
                    f"{row_label}: {label}", old_fields.get(label), new_fields.get(label)
                )
    return changes


def _summary(kind, row):
    """An added or removed row in a line: each field it has, by label."""
    fields = ((label, _text(value)) for label, value in _fields(kind, row).items())
    return "; ".join(f"{label}: {text}" for label, text in fields if text)


def compare_snapshots(old, new):
    """Every section of ``SECTIONS``, in order, with the fields, cells and rows added, removed
    or changed from ``old`` to ``new`` (each with the old and new text); a section with no
    changes has an empty list."""
    old_sections, new_sections = old.get("sections") or {}, new.get("sections") or {}
    comparisons = []
    for section in SECTIONS:
        before = old_sections.get(section.key)
        after = new_sections.get(section.key)
        if section.kind in LIST_KINDS:
            changes = _compare_rows(section.kind, before or [], after or [])
        elif section.kind == "schedule":
            changes = _compare_schedule(before or {}, after or {})
        elif section.kind == "universal":
            changes = _compare_universal(before or {}, after or {})
        elif section.kind in TEXT_KINDS:
            changes = _compare_text_section(section, before or {}, after or {})
        else:
            changes = _compare_value(str(section.title), before, after)
        comparison = SectionComparison(section.key, str(section.title), changes)
        if section.kind in TEXT_KINDS:
            comparison.figures_differ = (before or {}).get(FIGURES) != (after or {}).get(FIGURES)
        comparisons.append(comparison)
    return comparisons
