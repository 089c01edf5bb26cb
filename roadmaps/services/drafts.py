"""Saving a section of a roadmap draft: its narrative fields, the capability deployment
schedule and the universal capability plans.

Saves use optimistic concurrency: a save names the draft version it started from, and a save
over a newer one is refused with ``DraftConflict`` so that the page can show both people's
values and lose neither. Completeness is checked when sign-off is requested, never here.
"""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.services.audit import record_event
from roadmaps.enums import CapabilityGroup, UniversalCapability
from roadmaps.models import (
    CapabilityDeployment,
    FootprintMember,
    RoadmapText,
    UniversalCapabilityPlan,
)
from roadmaps.roadmap_sections import (
    ROADMAP_ENDS,
    ROADMAP_STARTS,
    SECTIONS_BY_KEY,
    TEXT_KINDS,
    UNIVERSAL_CAPABILITIES_BY,
    YEARS,
)
from roadmaps.selectors.drafts import UNIVERSAL_FIELDS, draft_values
from roadmaps.services.roadmaps import lock_draft, mark_saved

TEXT_MAX_LENGTH = 20_000
CELL_MAX_LENGTH = 500
SAVED_KINDS = (*TEXT_KINDS, "schedule", "universal")
UNIVERSAL_TEXTS = ("current_position", "trajectory", "dependencies", "risks")


def _day(day):
    return format_date(day, "j F Y")


def roadmap_date_error(day):
    """Why ``day`` cannot be a date in the roadmap, or "" if it can."""
    if ROADMAP_STARTS <= day <= ROADMAP_ENDS:
        return ""
    return _("Enter a date between %(start)s and %(end)s, the years the roadmap covers.") % {
        "start": _day(ROADMAP_STARTS),
        "end": _day(ROADMAP_ENDS),
    }


def universal_date_warning(day):
    """A warning for a universal capability planned after the national date, or ""."""
    if day is None or day <= UNIVERSAL_CAPABILITIES_BY:
        return ""
    return _(
        "This is after %(by)s, when every universal capability should be in place. You can "
        "save it, but say why in the trajectory or risks."
    ) % {"by": _day(UNIVERSAL_CAPABILITIES_BY)}


@transaction.atomic
def save_section(*, roadmap, key, data, expected_version, saved_by):
    """Save one section of the draft if nobody saved since ``expected_version``; returns the
    draft's version after the save.

    ``data`` is shaped as ``roadmaps.selectors.drafts.draft_values`` returns it; what it
    leaves out is kept, a blank value clears. Only what changed is written, in one audit
    event ``roadmap.section_saved``; a save that changes nothing keeps the version. Refuses
    with ``ActionRefused`` a draft that may not change, an unknown field or an invalid value
    (nothing is saved), and with ``DraftConflict`` a stale version.
    """
    section = SECTIONS_BY_KEY.get(key)
    if section is None or section.kind not in SAVED_KINDS:
        raise ActionRefused(_("The roadmap has no section %(key)s to save.") % {"key": key})
    locked = lock_draft(roadmap, expected_version=expected_version, by=saved_by)
    current = draft_values(locked, key)
    if section.kind in TEXT_KINDS:
        changed = _save_texts(locked, section, current, data, saved_by)
    elif section.kind == "schedule":
        changed = _save_schedule(locked, current, data)
    else:
        changed = _save_universal(locked, current, data)
    if not changed:
        return locked.version
    version = mark_saved(locked, saved_by=saved_by)
    record_event(
        actor=saved_by,
        verb="roadmap.section_saved",
        target=roadmap,
        organisation=roadmap.footprint.lead_ccg,
        after={"section": key, "fields": changed, "version": version},
    )
    return version


def _text(value, *, limit, what):
    if not isinstance(value, str):
        raise ActionRefused(_("%(what)s must be text.") % {"what": what})
    value = value.strip()
    if len(value) > limit:
        raise ActionRefused(
            _("%(what)s is longer than %(limit)s characters.") % {"what": what, "limit": limit}
        )
    return value


def _write(model, roadmap, *, upserts, clears, unique_fields, update_fields):
    """Upsert ``upserts`` (unsaved rows) and delete the rows matching any of ``clears``."""
    if upserts:
        model.objects.bulk_create(
            upserts,
            update_conflicts=True,
            unique_fields=unique_fields,
            update_fields=update_fields,
        )
    if clears:
        match = Q()
        for lookup in clears:
            match |= Q(**lookup)
        model.objects.filter(match, roadmap=roadmap).delete()


def _save_texts(roadmap, section, current, data, saved_by):
    if set(data) - set(section.field_names):
        raise ActionRefused(_("That field is not part of this section."))
    labels = {field.name: field.label for field in section.fields}
    wanted = {
        name: _text(value, limit=TEXT_MAX_LENGTH, what=labels[name]) for name, value in data.items()
    }
    changed = sorted(name for name, text in wanted.items() if current.get(name, "") != text)
    now = timezone.now()
    upserts = [
        RoadmapText(
            roadmap=roadmap,
            section=section.key,
            field=name,
            text=wanted[name],
            updated_at=now,
            updated_by=saved_by,
        )
        for name in changed
        if wanted[name]
    ]
    clears = [{"section": section.key, "field": name} for name in changed if not wanted[name]]
    _write(
        RoadmapText,
        roadmap,
        upserts=upserts,
        clears=clears,
        unique_fields=["roadmap", "section", "field"],
        update_fields=["text", "updated_at", "updated_by"],
    )
    return changed


def _save_schedule(roadmap, current, data):
    labels = dict(CapabilityGroup.choices)
    wanted = {}
    for cell, value in data.items():
        group, year = cell if isinstance(cell, tuple) and len(cell) == 2 else (None, None)
        if group not in labels or year not in YEARS:
            raise ActionRefused(_("That cell is not part of the deployment schedule."))
        wanted[(group, year)] = _text(value, limit=CELL_MAX_LENGTH, what=labels[group])
    changed = sorted(cell for cell, plan in wanted.items() if current.get(cell, "") != plan)
    upserts = [
        CapabilityDeployment(roadmap=roadmap, group=group, year=year, plan=wanted[(group, year)])
        for group, year in changed
        if wanted[(group, year)]
    ]
    clears = [
        {"group": group, "year": year} for group, year in changed if not wanted[(group, year)]
    ]
    _write(
        CapabilityDeployment,
        roadmap,
        upserts=upserts,
        clears=clears,
        unique_fields=["roadmap", "group", "year"],
        update_fields=["plan"],
    )
    return [f"{group}-{year}" for group, year in changed]


BLANK_PLAN = {name: "" for name in UNIVERSAL_TEXTS} | {
    "in_place_by": None,
    "lead_organisation": None,
}


def _plan(letter, given, member_ids):
    """One capability's values, checked; raises ``ActionRefused`` naming the capability."""
    what = _("Universal capability %(letter)s") % {"letter": letter}
    if not isinstance(given, dict) or set(given) - set(UNIVERSAL_FIELDS):
        raise ActionRefused(_("%(what)s: that field is not part of it.") % {"what": what})
    plan = dict(given)
    for name in UNIVERSAL_TEXTS:
        if name in plan:
            plan[name] = _text(plan[name], limit=TEXT_MAX_LENGTH, what=what)
    day = plan.get("in_place_by")
    if day is not None:
        if isinstance(day, datetime) or not isinstance(day, date):
            raise ActionRefused(_("%(what)s: enter a real date.") % {"what": what})
        if error := roadmap_date_error(day):
            raise ActionRefused(f"{what}: {error}")
    lead = plan.get("lead_organisation")
    if lead is not None and lead not in member_ids:
        raise ActionRefused(
            _("%(what)s: the lead organisation must be a member of the footprint.") % {"what": what}
        )
    return plan


def _save_universal(roadmap, current, data):
    if set(data) - set(UniversalCapability.values):
        raise ActionRefused(_("That is not one of the universal capabilities."))
    member_ids = set(
        FootprintMember.objects.filter(footprint_id=roadmap.footprint_id).values_list(
            "organisation_id", flat=True
        )
    )
    wanted, changed = {}, []
    for letter, given in sorted(data.items()):
        before = current.get(letter, BLANK_PLAN)
        plan = before | _plan(letter, given, member_ids)
        fields = [f"{letter}.{name}" for name in UNIVERSAL_FIELDS if plan[name] != before[name]]
        if fields:
            wanted[letter] = plan
            changed.extend(fields)
    upserts = [
        UniversalCapabilityPlan(
            roadmap=roadmap,
            letter=letter,
            current_position=plan["current_position"],
            trajectory=plan["trajectory"],
            in_place_by=plan["in_place_by"],
            lead_organisation_id=plan["lead_organisation"],
            dependencies=plan["dependencies"],
            risks=plan["risks"],
        )
        for letter, plan in wanted.items()
        if plan != BLANK_PLAN
    ]
    clears = [{"letter": letter} for letter, plan in wanted.items() if plan == BLANK_PLAN]
    _write(
        UniversalCapabilityPlan,
        roadmap,
        upserts=upserts,
        clears=clears,
        unique_fields=["roadmap", "letter"],
        update_fields=list(UNIVERSAL_FIELDS),
    )
    return changed
