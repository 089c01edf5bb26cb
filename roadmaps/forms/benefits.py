"""The form for one benefit of a roadmap's register: adding it on the section page, changing
it on a page of its own.

Besides the benefit's own fields it has an expected £ for each financial year of the roadmap
(``expected_2016`` ... ``expected_2020``, for money benefits) and a share in per cent for
each organisation of the footprint (``share_<organisation id>``). Every check of
``roadmaps/services/benefits.py`` runs here first, so that its sentence stands by the field
it is about; the service runs them again under the draft's lock.
"""

import re
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import ActionRefused
from accounts.forms.fields import TextField
from accounts.models import Organisation
from roadmaps.enums import BenefitCategory, BenefitDirection, CapabilityGroup, UniversalCapability
from roadmaps.forms.dates import DateInputField
from roadmaps.roadmap_sections import ROADMAP_ENDS, ROADMAP_STARTS, YEARS, year_label
from roadmaps.selectors.benefits import long_date
from roadmaps.services import benefits as services

# A number as people type it, once "£", "%", spaces and thousands commas are taken out.
NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")
DESCRIPTION_LIMIT = 2000


def _typed(value):
    """A saved amount as a person would type it: 1200, not 1200.00; 12.50 as it is."""
    if value == value.to_integral_value():
        return str(int(value))
    return str(value)


class AmountField(forms.DecimalField):
    """A number typed as a person writes it ("12,500", "£12,500.50", "60%"), named ``name``
    in its messages ("the baseline value"). ``check`` is the service's check of the value:
    a callable that raises ``ActionRefused``. NaN, infinity and exponents are refused."""

    def __init__(self, *, name, check, example, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "spellcheck": "false", "class": "w-auto"}
            ),
        )
        super().__init__(**kwargs)
        self.validators = []  # ``check`` says what is wrong in the service's own words
        self.name = name
        self.check = check
        self.example = example

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = re.sub(r"[\s,]", "", str(value))
        text = text.replace("£", "", 1).removesuffix("%")
        if not NUMBER.match(text):
            raise ValidationError(
                _("%(name)s must be a number, like %(example)s")
                % {"name": capfirst(self.name), "example": self.example},
                "invalid",
            )
        if "." in text:
            text = text.rstrip("0").rstrip(".") or "0"
        return Decimal(text)

    def validate(self, value):
        if value is None:
            if self.required:
                raise ValidationError(_("Enter %(name)s") % {"name": self.name}, "required")
            return
        try:
            self.check(value)
        except ActionRefused as refusal:
            raise ValidationError(str(refusal)) from None


def _value_field(label, name, help_text):
    return AmountField(
        label=label,
        name=name,
        help_text=help_text,
        example="1250 or 12.5",
        check=lambda value: services.check_value(value, name=str(name)),
    )


def _expected_field(year):
    return AmountField(
        label=f"{year_label(year)} (£)",
        name=_("the expected value in %(year)s") % {"year": year_label(year)},
        required=False,
        example="120000",
        check=lambda value: services.check_expected_value(year, value),
    )


def _share_field(organisation):
    return AmountField(
        label=f"{organisation.name} (%)",
        name=_("the share of %(organisation)s") % {"organisation": organisation.name},
        required=False,
        example="50 or 12.5",
        check=lambda value: services.check_share(organisation, value),
    )


def _hint(text):
    """A line of help under a fieldset's legend (crispy renders ``HTML`` as a template)."""
    return HTML(format_html('<p class="form-text">{}</p>', text))


def _choice(label, choices, *, required_message, invalid_message, radios=False, required=True):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": required_message, "invalid_choice": invalid_message},
    )


class BenefitForm(forms.Form):
    description = TextField(
        label=gettext_lazy("Description"),
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Start with the change, for example “Fewer duplicate tests because results are shared”."
        ),
        error_messages={"required": gettext_lazy("Describe the benefit, starting with the change")},
    )
    category = _choice(
        gettext_lazy("Category"),
        BenefitCategory.choices,
        radios=True,
        required_message=gettext_lazy("Choose the benefit's category"),
        invalid_message=gettext_lazy("Choose the benefit's category from the list"),
    )
    capability_letter = _choice(
        gettext_lazy("Universal capability (optional)"),
        [("", gettext_lazy("None"))]
        + [(letter, f"{letter}. {label}") for letter, label in UniversalCapability.choices],
        required=False,
        required_message="",
        invalid_message=gettext_lazy("Choose a universal capability from the list"),
    )
    capability_group = _choice(
        gettext_lazy("Capability group (optional)"),
        [("", gettext_lazy("None")), *CapabilityGroup.choices],
        required=False,
        required_message="",
        invalid_message=gettext_lazy("Choose a capability group from the list"),
    )
    owner_organisation = forms.ModelChoiceField(
        label=gettext_lazy("Owner organisation"),
        help_text=gettext_lazy("The organisation of the footprint accountable for the benefit."),
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("Choose an organisation"),
        error_messages={
            "required": gettext_lazy("Choose the organisation that owns the benefit"),
            "invalid_choice": gettext_lazy("Choose an organisation of the footprint from the list"),
        },
    )
    owner_role = TextField(
        label=gettext_lazy("Owner's role"),
        max_length=200,
        help_text=gettext_lazy(
            "The role of the person accountable for it, for example Chief Finance Officer."
        ),
        error_messages={"required": gettext_lazy("Enter the role of the benefit's owner")},
    )
    measure = TextField(
        label=gettext_lazy("Measure"),
        max_length=200,
        help_text=gettext_lazy("What is counted, for example pathology tests requested twice."),
        error_messages={"required": gettext_lazy("Enter what the benefit is measured by")},
    )
    unit = TextField(
        label=gettext_lazy("Unit"),
        max_length=50,
        help_text=gettext_lazy("For example, tests a month, £ a year or %."),
        error_messages={"required": gettext_lazy("Enter the measure's unit")},
    )
    direction = _choice(
        gettext_lazy("Which way is good"),
        BenefitDirection.choices,
        radios=True,
        required_message=gettext_lazy("Choose whether the measure going up or down is good"),
        invalid_message=gettext_lazy("Choose up is good or down is good"),
    )
    baseline_value = _value_field(
        gettext_lazy("Baseline value"),
        gettext_lazy("the baseline value"),
        gettext_lazy("In the measure's unit."),
    )
    baseline_on = DateInputField(
        label=gettext_lazy("Baseline measured on"),
        name=gettext_lazy("the date the baseline was measured"),
        help_text=gettext_lazy("For example, 31 3 2016. It may be before the roadmap starts."),
    )
    target_value = _value_field(
        gettext_lazy("Target value"),
        gettext_lazy("the target value"),
        gettext_lazy("In the measure's unit."),
    )
    target_on = DateInputField(
        label=gettext_lazy("Target date"), name=gettext_lazy("the target date")
    )

    def __init__(self, *args, organisations, share_organisations=None, submit_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner_organisation"]
        owner.queryset = organisations
        owner.label_from_instance = lambda organisation: organisation.name
        self.fields["target_on"].help_text = _(
            "For example, 31 3 2019. Between %(starts)s and %(ends)s."
        ) % {"starts": long_date(ROADMAP_STARTS), "ends": long_date(ROADMAP_ENDS)}
        self.year_names = []
        for year in YEARS:
            self.year_names.append(f"expected_{year}")
            self.fields[f"expected_{year}"] = _expected_field(year)
        self.sharers = {}
        sharing = organisations if share_organisations is None else share_organisations
        for organisation in sharing:
            self.sharers[f"share_{organisation.pk}"] = organisation
            self.fields[f"share_{organisation.pk}"] = _share_field(organisation)
        self.helper = self._helper(submit_text or _("Add benefit"))

    def _helper(self, submit_text):
        helper = FormHelper()
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            "description",
            "category",
            Fieldset(
                _("What enables it"),
                _hint(_("A universal capability, a capability group, or both.")),
                "capability_letter",
                "capability_group",
            ),
            Fieldset(_("Who owns it"), "owner_organisation", "owner_role"),
            Fieldset(
                _("How it is measured"),
                "measure",
                "unit",
                "direction",
                "baseline_value",
                "baseline_on",
                "target_value",
                "target_on",
            ),
            Fieldset(
                _("Expected value in each financial year, for money benefits"),
                _hint(
                    _(
                        "For a cashable or non-cashable benefit: the pounds it is expected to "
                        "be worth in each year, in at least one year. Leave these empty for any "
                        "other benefit."
                    )
                ),
                *self.year_names,
            ),
            Fieldset(
                _("Organisations sharing this benefit (optional)"),
                _hint(
                    _(
                        "Where organisations realise the benefit together, each one's share in "
                        "per cent. The shares add up to 100% or less, so that the benefit is "
                        "counted once."
                    )
                ),
                *self.sharers,
            ),
        )
        helper.add_input(Submit("submit", submit_text))
        return helper

    @classmethod
    def initial_for(cls, benefit):
        """What the form shows for a saved benefit (its yearly values and shares loaded)."""
        initial = {name: getattr(benefit, name) for name in services.BENEFIT_FIELDS}
        initial["owner_organisation"] = benefit.owner_organisation_id
        for name in ("baseline_value", "target_value"):
            initial[name] = _typed(initial[name])
        for value in benefit.yearly_values.all():
            initial[f"expected_{value.year}"] = _typed(value.expected)
        for share in benefit.shares.all():
            initial[f"share_{share.organisation_id}"] = _typed(share.percent)
        return initial

    def clean(self):
        cleaned = super().clean()
        self._clean_capability(cleaned)
        self._clean_dates(cleaned)
        self._clean_yearly_values(cleaned)
        self._clean_shares(cleaned)
        return cleaned

    def _clean_capability(self, cleaned):
        if "capability_letter" in self.errors or "capability_group" in self.errors:
            return
        try:
            services.check_capability(
                cleaned.get("capability_letter", ""), cleaned.get("capability_group", "")
            )
        except ActionRefused as refusal:
            self.add_error("capability_letter", str(refusal))

    def _clean_dates(self, cleaned):
        target_on = cleaned.get("target_on")
        if target_on is None:
            return
        try:
            services.check_target_date(target_on)
        except ActionRefused as refusal:
            self.fields["target_on"].refuse_whole_date()
            self.add_error("target_on", str(refusal))
            return
        if cleaned.get("baseline_on") is None:
            return
        try:
            services.check_baseline_date(cleaned["baseline_on"], target_on)
        except ActionRefused as refusal:
            self.fields["baseline_on"].refuse_whole_date()
            self.add_error("baseline_on", str(refusal))

    def _clean_yearly_values(self, cleaned):
        if "category" in self.errors or any(name in self.errors for name in self.year_names):
            return
        typed = [name for name in self.year_names if cleaned.get(name) is not None]
        try:
            services.check_yearly_values(cleaned["category"], self.yearly_values())
        except ActionRefused as refusal:
            self.add_error(typed[0] if typed else self.year_names[0], str(refusal))

    def _clean_shares(self, cleaned):
        if any(name in self.errors for name in self.sharers):
            return
        typed = [name for name in self.sharers if cleaned.get(name) is not None]
        try:
            services.check_shares_total(self.shares())
        except ActionRefused as refusal:
            self.add_error(typed[0], str(refusal))

    def yearly_values(self):
        """{year: £} of the years given a value."""
        values = {year: self.cleaned_data.get(f"expected_{year}") for year in YEARS}
        return {year: value for year, value in values.items() if value is not None}

    def shares(self):
        """[(organisation, per cent)] of the organisations given a share."""
        return [
            (organisation, self.cleaned_data[name])
            for name, organisation in self.sharers.items()
            if self.cleaned_data.get(name) is not None
        ]

    def details(self):
        """What ``add_benefit`` and ``change_benefit`` take, once the form is valid."""
        return {
            **{name: self.cleaned_data[name] for name in services.BENEFIT_FIELDS},
            "yearly_values": self.yearly_values(),
            "shares": self.shares(),
        }
