"""The benefits register of a roadmap draft: adding, changing and removing a benefit.

Every change locks the draft (``lock_draft``: refused unless the roadmap is a draft or has
had changes requested, and unless the person may edit it), checks the benefit against the
footprint as it is under that lock, writes the benefit with its yearly values and shares,
records one audit event and moves the draft on one version (``mark_saved``). A check that
fails raises ``ActionRefused`` with a sentence naming what is wrong; the form runs the same
checks first (``check_*``), so a person meets them next to the field.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from roadmaps.enums import (
    MONEY_CATEGORIES,
    BenefitCategory,
    BenefitDirection,
    CapabilityGroup,
    UniversalCapability,
)
from roadmaps.models import Benefit, BenefitShare, BenefitYearValue
from roadmaps.models.benefits import MAX_VALUE, VALUE_PLACES
from roadmaps.roadmap_sections import ROADMAP_ENDS, ROADMAP_STARTS, YEARS, year_label
from roadmaps.selectors.benefits import benefit_organisations, number, percent
from roadmaps.services.lists import lock_for_editing, record_change

# The fields of a benefit row that a person writes, beside its yearly values and shares.
BENEFIT_FIELDS = (
    "description",
    "category",
    "capability_letter",
    "capability_group",
    "owner_organisation",
    "owner_role",
    "measure",
    "unit",
    "direction",
    "baseline_value",
    "baseline_on",
    "target_value",
    "target_on",
)
HUNDRED = Decimal(100)
SHARE_PLACES = 2


def _long_day(day):
    return format_date(day, "j F Y")


def is_money(category):
    return category in MONEY_CATEGORIES


def _check_number(value, *, name, places):
    """``ActionRefused`` unless ``value`` is a whole number or a finite ``Decimal`` with at
    most ``places`` decimal places (a float is refused: it cannot say 0.10 exactly)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ActionRefused(_("%(name)s must be a number.") % {"name": capfirst(name)})
    value = Decimal(value)
    if not value.is_finite():
        raise ActionRefused(_("%(name)s must be a number.") % {"name": capfirst(name)})
    if value.as_tuple().exponent < -places:
        raise ActionRefused(
            _("%(name)s can have at most %(places)s decimal places.")
            % {"name": capfirst(name), "places": places}
        )
    return value


def check_value(value, *, name):
    """``ActionRefused`` unless ``value`` is a number the register can keep: at most two
    decimal places and no more than 999,999,999,999.99 either way. ``name`` is how the
    message speaks of it ("the baseline value")."""
    value = _check_number(value, name=name, places=VALUE_PLACES)
    if abs(value) > MAX_VALUE:
        raise ActionRefused(
            _("%(name)s must be between -%(max)s and %(max)s.")
            % {"name": capfirst(name), "max": number(MAX_VALUE)}
        )


def check_target_date(target_on):
    """``ActionRefused`` unless the target date is within the years the roadmap covers."""
    if not ROADMAP_STARTS <= target_on <= ROADMAP_ENDS:
        raise ActionRefused(
            _(
                "The target date must be between %(starts)s and %(ends)s, the years the "
                "roadmap covers."
            )
            % {"starts": _long_day(ROADMAP_STARTS), "ends": _long_day(ROADMAP_ENDS)}
        )


def check_baseline_date(baseline_on, target_on):
    """``ActionRefused`` unless the baseline was measured before the target date. It may
    be measured before the roadmap starts."""
    if baseline_on >= target_on:
        raise ActionRefused(
            _("The baseline must be measured before the target date, %(target)s.")
            % {"target": _long_day(target_on)}
        )


def check_capability(capability_letter, capability_group):
    """``ActionRefused`` unless a universal capability, a capability group or both enable
    the benefit, each one the programme names."""
    if not (capability_letter or capability_group):
        raise ActionRefused(
            _(
                "Choose the universal capability or the capability group that enables the "
                "benefit, or both."
            )
        )
    if capability_letter and capability_letter not in UniversalCapability.values:
        raise ActionRefused(_("Choose a universal capability from A to J."))
    if capability_group and capability_group not in CapabilityGroup.values:
        raise ActionRefused(_("Choose a capability group from the list."))


def check_yearly_values(category, yearly_values):
    """``ActionRefused`` unless a money benefit (cashable, non-cashable) has an expected value
    for at least one financial year of the roadmap, none negative, and any other benefit has
    none."""
    if not is_money(category):
        if yearly_values:
            raise ActionRefused(
                _(
                    "Expected values for each year are for money benefits only: clear them, "
                    "or choose Cashable or Non-cashable."
                )
            )
        return
    if not yearly_values:
        raise ActionRefused(
            _("Enter the expected value in at least one financial year: this is a money benefit.")
        )
    for year, expected in yearly_values.items():
        check_expected_value(year, expected)


def check_expected_value(year, expected):
    """``ActionRefused`` unless ``year`` is a financial year of the roadmap (2016 for
    2016/17) and ``expected`` a number of pounds, £0 or more."""
    if year not in YEARS:
        raise ActionRefused(
            _("Expected values are for the financial years %(first)s to %(last)s.")
            % {"first": year_label(YEARS[0]), "last": year_label(YEARS[-1])}
        )
    name = _("the expected value in %(year)s") % {"year": year_label(year)}
    check_value(expected, name=name)
    if expected < 0:
        raise ActionRefused(_("%(name)s must be £0 or more.") % {"name": capfirst(name)})


def check_share(organisation, share):
    """``ActionRefused`` unless the share is more than 0% and at most 100%, to two decimal
    places."""
    name = _("the share of %(organisation)s") % {"organisation": organisation.name}
    share = _check_number(share, name=name, places=SHARE_PLACES)
    if not 0 < share <= HUNDRED:
        raise ActionRefused(
            _("%(name)s must be more than 0%% and at most 100%%.") % {"name": capfirst(name)}
        )


def check_shares_total(shares):
    """``ActionRefused`` when the shares add up to more than 100%: the benefit would be
    counted more than once."""
    total = sum((share for _organisation, share in shares), Decimal(0))
    if total > HUNDRED:
        raise ActionRefused(
            _(
                "The shares add up to %(total)s. A benefit can be shared out at most once: "
                "make them add up to 100%% or less."
            )
            % {"total": percent(total)}
        )


def _check_organisations(locked, *, owner_organisation, shares):
    members = set(benefit_organisations(locked).values_list("pk", flat=True))
    if owner_organisation.pk not in members:
        raise ActionRefused(
            _("%(organisation)s is not in this footprint, so it cannot own a benefit.")
            % {"organisation": owner_organisation.name}
        )
    seen = set()
    for organisation, share in shares:
        if organisation.pk not in members:
            raise ActionRefused(
                _(
                    "%(organisation)s is not in this footprint, so it cannot share a benefit: "
                    "clear its share."
                )
                % {"organisation": organisation.name}
            )
        if organisation.pk in seen:
            raise ActionRefused(
                _("%(organisation)s has two shares: give each organisation one share.")
                % {"organisation": organisation.name}
            )
        seen.add(organisation.pk)
        check_share(organisation, share)
    check_shares_total(shares)


def _check(locked, fields, yearly_values, shares):
    if fields["category"] not in BenefitCategory.values:
        raise ActionRefused(_("Choose the benefit's category from the list."))
    if fields["direction"] not in BenefitDirection.values:
        raise ActionRefused(_("Choose whether the measure going up or down is good."))
    check_capability(fields["capability_letter"], fields["capability_group"])
    check_value(fields["baseline_value"], name=_("the baseline value"))
    check_value(fields["target_value"], name=_("the target value"))
    check_target_date(fields["target_on"])
    check_baseline_date(fields["baseline_on"], fields["target_on"])
    check_yearly_values(fields["category"], yearly_values)
    _check_organisations(locked, owner_organisation=fields["owner_organisation"], shares=shares)


def _write_values_and_shares(benefit, yearly_values, shares):
    BenefitYearValue.objects.bulk_create(
        BenefitYearValue(benefit=benefit, year=year, expected=expected)
        for year, expected in sorted(yearly_values.items())
    )
    BenefitShare.objects.bulk_create(
        BenefitShare(benefit=benefit, organisation=organisation, percent=share)
        for organisation, share in shares
    )


def _values(benefit, yearly_values, shares):
    """What the audit event keeps of a benefit: words, amounts to the penny, ISO dates."""
    values = {name: getattr(benefit, name) for name in BENEFIT_FIELDS}
    values["owner_organisation"] = benefit.owner_organisation.name
    for name in ("baseline_value", "target_value"):
        values[name] = f"{values[name]:.2f}"
    for name in ("baseline_on", "target_on"):
        values[name] = values[name].isoformat()
    values["yearly_values"] = {
        year_label(year): f"{expected:.2f}" for year, expected in sorted(yearly_values.items())
    }
    values["shares"] = {organisation.name: f"{share:.2f}" for organisation, share in shares}
    return values


def _saved(benefit):
    """A saved benefit's yearly values and shares, as the services take them."""
    yearly_values = {value.year: value.expected for value in benefit.yearly_values.all()}
    shares = [(share.organisation, share.percent) for share in benefit.shares.all()]
    return yearly_values, shares


# Every field of a benefit is required but its enabling capability, which may be a universal
# capability, a capability group or both.
OPTIONAL_FIELDS = {"capability_letter": "", "capability_group": ""}


def _fields(given):
    """The benefit's fields as the services take them: every one of ``BENEFIT_FIELDS``, the
    enabling capability's two defaulting to none; anything else is a mistake."""
    unknown = set(given) - set(BENEFIT_FIELDS)
    missing = set(BENEFIT_FIELDS) - set(given) - set(OPTIONAL_FIELDS)
    if unknown or missing:
        raise TypeError(f"benefit fields: unknown {sorted(unknown)}, missing {sorted(missing)}")
    return {name: given.get(name, OPTIONAL_FIELDS.get(name)) for name in BENEFIT_FIELDS}


def _current(benefit, locked, gone):
    current = (
        Benefit.objects.filter(pk=benefit.pk, roadmap=locked)
        .select_related("owner_organisation")
        .prefetch_related("yearly_values", "shares__organisation")
        .first()
    )
    if current is None:
        raise ActionRefused(gone)
    return current


@transaction.atomic
def add_benefit(*, roadmap, added_by, yearly_values=None, shares=(), **fields):
    """Add a benefit to the draft's register. ``fields`` are ``BENEFIT_FIELDS``;
    ``yearly_values`` maps a financial year (2016 for 2016/17) to the £ expected in it, for
    money benefits only; ``shares`` is a list of (organisation, per cent) for the
    organisations that share the benefit: each of the footprint, each once, together at most
    100%."""
    locked = lock_for_editing(roadmap, by=added_by)
    fields = _fields(fields)
    yearly_values, shares = dict(yearly_values or {}), list(shares)
    _check(locked, fields, yearly_values, shares)
    benefit = Benefit.objects.create(roadmap=locked, **fields)
    _write_values_and_shares(benefit, yearly_values, shares)
    record_change(
        locked,
        actor=added_by,
        verb="roadmap.benefit_added",
        after=_values(benefit, yearly_values, shares),
    )
    return benefit


@transaction.atomic
def change_benefit(*, benefit, changed_by, yearly_values=None, shares=(), **fields):
    """Change a benefit of the draft's register, its yearly values and its shares as a
    whole; the same fields and checks as adding one."""
    locked = lock_for_editing(benefit.roadmap, by=changed_by)
    current = _current(benefit, locked, _("That benefit has been removed."))
    fields = _fields(fields)
    yearly_values, shares = dict(yearly_values or {}), list(shares)
    _check(locked, fields, yearly_values, shares)
    before = _values(current, *_saved(current))
    for name, value in fields.items():
        setattr(current, name, value)
    current.save(update_fields=list(BENEFIT_FIELDS))
    current.yearly_values.all().delete()
    current.shares.all().delete()
    _write_values_and_shares(current, yearly_values, shares)
    record_change(
        locked,
        actor=changed_by,
        verb="roadmap.benefit_changed",
        before=before,
        after=_values(current, yearly_values, shares),
    )
    return current


@transaction.atomic
def remove_benefit(*, benefit, removed_by):
    """Take a benefit, with its yearly values and shares, off the draft's register."""
    locked = lock_for_editing(benefit.roadmap, by=removed_by)
    current = _current(benefit, locked, _("That benefit has already been removed."))
    before = _values(current, *_saved(current))
    current.delete()
    record_change(locked, actor=removed_by, verb="roadmap.benefit_removed", before=before)
    return locked
