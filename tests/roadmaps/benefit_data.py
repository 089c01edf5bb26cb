"""Benefits of a roadmap's register written directly with the ORM: a money benefit with its
expected value in some financial years and shared between two organisations, and a quality
benefit that is not money. Each as a person would write it, never a code as stored."""

from datetime import date
from decimal import Decimal

from roadmaps.enums import BenefitCategory, BenefitDirection, CapabilityGroup
from roadmaps.models import Benefit, BenefitShare, BenefitYearValue

MONEY_BENEFIT = "Fewer duplicate pathology tests because results are shared"
QUALITY_BENEFIT = "Fewer medication errors at discharge because GPs see the summary the same day"


def add_benefit(roadmap, *, owner, description=MONEY_BENEFIT, yearly=None, shares=(), **fields):
    """A benefit of ``roadmap`` owned by ``owner``; ``yearly`` maps a financial year (2016 is
    2016/17) to its expected £, ``shares`` is ``[(organisation, percent)]``; any other field
    of ``Benefit`` may be given."""
    values = {
        "category": BenefitCategory.CASHABLE,
        "capability_letter": "C",
        "capability_group": CapabilityGroup.ORDERS,
        "owner_role": "Director of Finance",
        "measure": "Pathology tests repeated within 30 days",
        "unit": "tests a month",
        "direction": BenefitDirection.DOWN,
        "baseline_value": Decimal("1200"),
        "baseline_on": date(2016, 3, 31),
        "target_value": Decimal("600"),
        "target_on": date(2019, 3, 31),
    } | fields
    benefit = Benefit.objects.create(
        roadmap=roadmap, description=description, owner_organisation=owner, **values
    )
    for year, expected in (yearly or {}).items():
        BenefitYearValue.objects.create(benefit=benefit, year=year, expected=Decimal(expected))
    for organisation, percent in shares:
        BenefitShare.objects.create(
            benefit=benefit, organisation=organisation, percent=Decimal(percent)
        )
    return benefit


def add_money_benefit(roadmap, *, owner, partner):
    """Cashable, enabled by universal capability C and the orders and results group, worth
    £120,000 in 2017/18 and £250,000.50 in 2018/19, shared 60% / 40% with ``partner``."""
    return add_benefit(
        roadmap,
        owner=owner,
        yearly={2017: "120000", 2018: "250000.50"},
        shares=[(owner, "60"), (partner, "40")],
    )


def add_quality_benefit(roadmap, *, owner):
    """Quality and safety, enabled by the medicines group alone; up is good; not money."""
    return add_benefit(
        roadmap,
        owner=owner,
        description=QUALITY_BENEFIT,
        category=BenefitCategory.QUALITY_AND_SAFETY,
        capability_letter="",
        capability_group=CapabilityGroup.MEDICINES,
        owner_role="Chief Pharmacist",
        measure="Discharges with medicines reconciled within 24 hours",
        unit="%",
        direction=BenefitDirection.UP,
        baseline_value=Decimal("62.5"),
        baseline_on=date(2016, 1, 31),
        target_value=Decimal("95"),
        target_on=date(2020, 3, 31),
    )
