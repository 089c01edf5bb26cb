from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import TextField
from roadmaps.forms.footprints import helper


class UnpublishForm(forms.Form):
    reason = TextField(
        name=_("The reason"),
        label=_("Why is the roadmap being unpublished?"),
        help_text=_("The lead CCG's editors and approvers are sent this reason."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the roadmap is being unpublished.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Unpublish the roadmap"))
