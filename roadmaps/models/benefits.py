"""The benefits register of a roadmap draft: what the roadmap's changes are for, how each is
measured, and, for money benefits, what it is expected to be worth in each financial year.

A benefit may be shared between organisations of the footprint; their shares add up to 100%
or less (``roadmaps/services/benefits.py`` checks that under the draft's lock), so a benefit
is never counted twice.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from roadmaps.enums import (
    MONEY_CATEGORIES,
    BenefitCategory,
    BenefitDirection,
    CapabilityGroup,
    UniversalCapability,
)
from roadmaps.models.roadmap import Roadmap

# Values are kept to the penny or two decimal places; the largest a field takes.
VALUE_DIGITS, VALUE_PLACES = 14, 2
MAX_VALUE = Decimal("999999999999.99")


def value_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, **kwargs
    )


class Benefit(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="benefits")
    description = models.TextField(_("description"))
    category = models.CharField(_("category"), max_length=20, choices=BenefitCategory.choices)
    # What enables it: a universal capability, a capability group, or both.
    capability_letter = models.CharField(
        _("universal capability"), max_length=1, choices=UniversalCapability.choices, blank=True
    )
    capability_group = models.CharField(
        _("capability group"), max_length=20, choices=CapabilityGroup.choices, blank=True
    )
    owner_organisation = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    owner_role = models.CharField(_("owner's role"), max_length=200)
    measure = models.CharField(_("measure"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50)
    direction = models.CharField(_("direction"), max_length=4, choices=BenefitDirection.choices)
    baseline_value = value_field(_("baseline value"))
    baseline_on = models.DateField(_("baseline measured on"))
    target_value = value_field(_("target value"))
    target_on = models.DateField(_("target date"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=BenefitCategory.values), name="benefit_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=BenefitDirection.values),
                name="benefit_direction_valid",
            ),
            models.CheckConstraint(
                condition=~Q(capability_letter="", capability_group=""),
                name="benefit_has_an_enabling_capability",
            ),
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def is_money(self):
        return self.category in MONEY_CATEGORIES


class BenefitYearValue(models.Model):
    """A money benefit's expected value in one financial year (``year`` 2016 is 2016/17)."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="yearly_values")
    year = models.PositiveSmallIntegerField()
    expected = value_field(_("expected value (£)"))

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "year"], name="benefit_year_once"),
            models.CheckConstraint(
                condition=Q(year__gte=2016, year__lte=2020), name="benefit_year_in_roadmap"
            ),
        ]

    def __str__(self):
        return f"{self.benefit} – {self.year}"


class BenefitShare(models.Model):
    """An organisation's share of a benefit it realises with others, in per cent."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "organisation"], name="benefit_share_once"),
            models.CheckConstraint(
                condition=Q(percent__gt=0, percent__lte=100), name="benefit_share_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.percent}% of {self.benefit}"
