import re
from urllib.parse import urlencode

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.forms.fields import TextField
from accounts.selectors import regions
from roadmaps.enums import StageKind
from roadmaps.selectors.reminder_targets import REMINDED_KINDS, known_ods_codes

REMINDED_STAGES = (
    StageKind.FOOTPRINT,
    StageKind.MATURITY,
    StageKind.ROADMAP,
    StageKind.PROGRESS,
)
CODE_SEPARATORS = re.compile(r"[\s,;]+")
MAX_CODES = 500


class ReminderFilterForm(forms.Form):
    """Which organisations and stage "send reminders now" is for; every field may be empty,
    and no filter at all means every organisation."""

    region = forms.ModelChoiceField(
        label=_("NHS England region"),
        required=False,
        queryset=None,
        to_field_name="ods_code",
        empty_label=_("Any region"),
        error_messages={"invalid_choice": _("Choose a region from the list")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("Any kind"))] + [(kind.value, kind.label) for kind in REMINDED_KINDS],
        error_messages={"invalid_choice": _("Choose a kind of organisation from the list")},
    )
    ods_codes = TextField(
        label=_("ODS codes"),
        required=False,
        max_length=4000,
        help_text=_("Separate codes with commas or spaces, for example 02V, 03C."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters"}),
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("Every open stage"))]
        + [(stage.value, stage.label) for stage in REMINDED_STAGES],
        error_messages={"invalid_choice": _("Choose a stage from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions()
        self.fields["region"].label_from_instance = lambda region: region.name
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(
                _("Which organisations and stage"),
                Row(
                    Column("region", css_class="col-md-6"),
                    Column("kind", css_class="col-md-6"),
                ),
                Row(
                    Column("ods_codes", css_class="col-md-6"),
                    Column("stage", css_class="col-md-6"),
                ),
            ),
            Submit("preview", _("Show who would get a reminder"), css_class="mb-3"),
        )

    def clean_ods_codes(self):
        codes = list(
            dict.fromkeys(
                code.upper()
                for code in CODE_SEPARATORS.split(self.cleaned_data["ods_codes"])
                if code
            )
        )
        if len(codes) > MAX_CODES:
            raise forms.ValidationError(
                _("Give at most %(max)s ODS codes at a time.") % {"max": MAX_CODES}
            )
        known = known_ods_codes(codes) if codes else set()
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(
                ngettext(
                    "No organisation has the ODS code %(codes)s.",
                    "No organisation has these ODS codes: %(codes)s.",
                    len(unknown),
                )
                % {"codes": ", ".join(unknown)}
            )
        return codes

    @property
    def has_filters(self):
        """Whether any filter was chosen (call once the form is valid)."""
        return any(self.cleaned_data.get(name) for name in self.fields)

    def criteria(self):
        """``organisations_to_remind``'s keyword arguments, from the valid form."""
        return {
            "region": self.cleaned_data["region"],
            "kind": self.cleaned_data["kind"],
            "ods_codes": self.cleaned_data["ods_codes"],
        }

    def stage_kinds(self):
        """The reminder services' ``stage_kinds``: the chosen stage, or None for all."""
        stage = self.cleaned_data["stage"]
        return [stage] if stage else None

    def query_string(self):
        """The valid filters as a query string, to show the same preview again."""
        data = self.cleaned_data
        return urlencode(
            {
                "region": data["region"].ods_code if data["region"] else "",
                "kind": data["kind"],
                "ods_codes": ", ".join(data["ods_codes"]),
                "stage": data["stage"],
            }
        )


class SendRemindersForm(ReminderFilterForm):
    """The previewed filters in hidden fields, behind the button that sends the emails."""

    def __init__(self, *args, people, **kwargs):
        # Its own ids: the filter form on the same page already has "id_region" and so on.
        super().__init__(*args, auto_id="confirm_%s", **kwargs)
        for field in self.fields.values():
            field.widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = reverse_lazy("send_reminders")
        self.helper.form_tag = True
        self.helper.add_input(
            Submit(
                "send",
                ngettext(
                    "Send %(count)s reminder email",
                    "Send %(count)s reminder emails",
                    people,
                )
                % {"count": people},
            )
        )
