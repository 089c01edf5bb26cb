"""The benefits register of a roadmap draft, as its section page lists it.

``benefits_of`` asks the database three times, however long the register; ``register``
lays each benefit out for reading: money as £12,345, dates as 31 March 2018, shares in per
cent.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from accounts.models import Organisation
from roadmaps.models import Benefit
from roadmaps.roadmap_sections import YEARS, year_label
from roadmaps.selectors.lists import milestone_owners
from roadmaps.selectors.version_display import show_pounds as pounds


def benefits_of(roadmap):
    """The draft's benefits in the order they were written, with their owners, yearly
    values and shares."""
    return (
        Benefit.objects.filter(roadmap=roadmap)
        .select_related("owner_organisation")
        .prefetch_related("yearly_values", "shares__organisation")
        .order_by("created_at", "pk")
    )


def benefit_organisations(roadmap):
    """The footprint's organisations that may own or share a benefit: the same members that
    may own a milestone (every member that has not declined its place)."""
    return milestone_owners(roadmap)


def share_organisations(roadmap, benefit=None):
    """The organisations offered a share of a benefit: the footprint's, and any that already
    has a share of ``benefit`` though it has since left the footprint, so that its share is
    shown rather than silently dropped."""
    members = benefit_organisations(roadmap)
    if benefit is None:
        return members
    return (
        Organisation.objects.filter(
            Q(pk__in=members.values("pk")) | Q(pk__in=benefit.shares.values("organisation_id"))
        )
        .order_by("name")
        .only("pk", "name")
    )


def number(value):
    """1250 -> "1,250"; 12.50 -> "12.5"; "" for none."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def percent(value):
    """60 -> "60%"; 12.50 -> "12.5%"."""
    return f"{number(value)}%"


def with_unit(value, unit):
    """A value of the measure as a person writes it: £1,250, 12.5% or 1,250 tests a month."""
    if unit.strip() == "£":
        return pounds(value)
    if unit.strip() == "%":
        return percent(value)
    return f"{number(value)} {unit}".strip()


def long_date(day):
    return format_date(day, "j F Y")


@dataclass
class ShownBenefit:
    benefit: Benefit
    number: int
    pairs: list = field(default_factory=list)
    # (financial year, £) for money benefits, every year of the roadmap; "" where none.
    years: list = field(default_factory=list)
    # (organisation, per cent), by organisation name.
    shares: list = field(default_factory=list)
    shares_total: str = ""


def _capability(benefit):
    parts = []
    if benefit.capability_letter:
        parts.append(
            _("Universal capability %(letter)s: %(wording)s")
            % {
                "letter": benefit.capability_letter,
                "wording": benefit.get_capability_letter_display(),
            }
        )
    if benefit.capability_group:
        parts.append(
            _("Capability group: %(group)s") % {"group": benefit.get_capability_group_display()}
        )
    return parts


def shown_benefit(benefit, position):
    """One benefit laid out for reading (its ``yearly_values`` and ``shares`` prefetched)."""
    shown = ShownBenefit(benefit, position)
    shown.pairs = [
        (_("Category"), benefit.get_category_display()),
        (_("Enabled by"), "\n".join(_capability(benefit))),
        (
            _("Owner"),
            _("%(role)s, %(organisation)s")
            % {"role": benefit.owner_role, "organisation": benefit.owner_organisation.name},
        ),
        (_("Measure"), f"{benefit.measure} ({benefit.unit})"),
        (_("Direction"), benefit.get_direction_display()),
        (
            _("Baseline"),
            _("%(value)s, measured on %(day)s")
            % {
                "value": with_unit(benefit.baseline_value, benefit.unit),
                "day": long_date(benefit.baseline_on),
            },
        ),
        (
            _("Target"),
            _("%(value)s by %(day)s")
            % {
                "value": with_unit(benefit.target_value, benefit.unit),
                "day": long_date(benefit.target_on),
            },
        ),
    ]
    if benefit.is_money:
        expected = {value.year: value.expected for value in benefit.yearly_values.all()}
        shown.years = [(year_label(year), pounds(expected.get(year))) for year in YEARS]
    shares = list(benefit.shares.all())
    shown.shares = [(share.organisation.name, percent(share.percent)) for share in shares]
    if shares:
        shown.shares_total = percent(sum(share.percent for share in shares))
    return shown


def register(benefits):
    """Each benefit of ``benefits`` (from ``benefits_of``) laid out for reading, numbered."""
    return [shown_benefit(benefit, position) for position, benefit in enumerate(benefits, 1)]
