"""Text fields of the service's forms: a limit is checked, never enforced by cutting.

A browser silently drops whatever is typed or pasted past an input's ``maxlength``, so these
fields never render one. As in the GOV.UK character count, the page counts instead while the
person types (``static/js/character_count.js`` reads ``data-character-count``), and the form
refuses text over the limit with a message that names the field, keeping all of it in the
field. Every app's forms use them: accounts is the layer every app may import.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LimitedText:
    """A text field with at most ``max_length`` characters, named ``name`` in its messages
    (its label unless given: "Mitigation", not "Mitigation (optional)")."""

    def __init__(self, *, max_length=None, name=None, **kwargs):
        # Django's own max_length would render maxlength and add a generic validator.
        self.limit = max_length
        self.name = name
        super().__init__(max_length=None, **kwargs)

    @property
    def name_in_messages(self):
        return str(self.name or self.label)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.limit is not None and not widget.is_hidden:
            attrs["data-character-count"] = str(self.limit)
        return attrs

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if "\x00" in value:
            raise ValidationError(
                _("%(field)s must not contain a null character: remove it"),
                code="null_characters_not_allowed",
                params={"field": self.name_in_messages},
            )
        if self.limit is not None and len(value) > self.limit:
            raise ValidationError(
                _("%(field)s must be %(limit)s characters or fewer"),
                code="max_length",
                params={"field": self.name_in_messages, "limit": f"{self.limit:,}"},
            )


class TextField(LimitedText, forms.CharField):
    pass


class EmailAddressField(LimitedText, forms.EmailField):
    """An email address: at most 254 characters, the most an address can have."""

    default_error_messages = {
        "invalid": _("Enter an email address in the correct format, like name@example.nhs.uk"),
    }

    def __init__(self, *, max_length=254, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
