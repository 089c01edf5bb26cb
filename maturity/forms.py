"""Answering a theme, and reopening an assessment."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import TextField
from maturity.enums import CareSetting
from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS

# A post without the version the page was opened at cannot be saved safely.
NO_VERSION = _(
    "This page was sent without the version it was opened at, so nothing was saved. Copy "
    "anything you need to keep, then reload the page."
)


def question_choices(question):
    choices = [(key, label) for key, label, _score in SCALE_OPTIONS[question.scale]]
    if question.allows_not_applicable:
        choices.append((NOT_APPLICABLE, _("Not applicable")))
    return choices


def option_label(question, option):
    return dict(question_choices(question)).get(option, option)


class ThemeAnswersForm(forms.Form):
    """One theme's questions: ``q-<id>`` (an option, or nothing) and ``c-<id>`` (a comment).

    Two fields a question and the version, so that the biggest theme stays far below
    Django's limit on posted fields. Nothing is required: completeness is checked at submit.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        # The largest the database keeps: a bigger number was never a version of ours.
        max_value=2_147_483_647,
        error_messages={
            "required": NO_VERSION,
            "invalid": NO_VERSION,
            "min_value": NO_VERSION,
            "max_value": NO_VERSION,
        },
    )

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        # Questions on one scale share their options: translate each label once a page,
        # rather than once for every question it appears under.
        choices_by_scale = {}
        comment_label = str(_("Comment (optional)"))
        comment_name = str(_("Your comment on %(code)s"))
        choose_an_answer = str(_("Choose one of the answers listed"))
        for question in self.questions:
            answer = answers.get(question.pk)
            scale = (question.scale, question.allows_not_applicable)
            if scale not in choices_by_scale:
                choices_by_scale[scale] = [
                    (key, str(label)) for key, label in question_choices(question)
                ]
            self.fields[f"q-{question.pk}"] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=choices_by_scale[scale],
                widget=forms.RadioSelect,
                required=False,
                initial=answer.option if answer else None,
                error_messages={"invalid_choice": choose_an_answer},
            )
            self.fields[f"c-{question.pk}"] = TextField(
                label=comment_label,
                name=comment_name % {"code": question.code},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=4000,
                initial=answer.comment if answer else "",
            )

    @property
    def rows(self):
        """``(question, option field, comment field, radios)`` for each question, in order.

        ``radios`` are the option's radio buttons as the template writes them (``id``,
        ``value``, ``label``, ``checked``), worked out here rather than through the widget,
        which builds and copies a context for every button of every question.
        """
        rows = []
        for question in self.questions:
            option = self[f"q-{question.pk}"]
            value = option.value()
            chosen = "" if value is None else str(value)
            radios = [
                {
                    "id": f"{option.auto_id}_{index}",
                    "value": key,
                    "label": label,
                    "checked": key == chosen,
                }
                for index, (key, label) in enumerate(option.field.choices)
            ]
            rows.append((question, option, self[f"c-{question.pk}"], radios))
        return rows

    def answers(self):
        """``{question id: (option or "", comment)}`` as ``save_answers`` takes them."""
        return {
            question.pk: (
                self.cleaned_data[f"q-{question.pk}"],
                self.cleaned_data[f"c-{question.pk}"],
            )
            for question in self.questions
        }


class ReopenForm(forms.Form):
    reason = TextField(
        label=_("Why is the assessment being reopened?"),
        name=_("The reason"),
        error_messages={"required": _("Say why the assessment is being reopened")},
        help_text=_("It is kept in the assessment's history."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Reopen the assessment")))


class CareSettingForm(forms.Form):
    care_setting = forms.ChoiceField(
        label=_("The care setting its self-assessment is for"),
        choices=CareSetting.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the care setting the trust's self-assessment is for"),
            "invalid_choice": _("Choose one of the care settings listed"),
        },
    )
    reason = TextField(
        label=_("Why is it being corrected?"),
        name=_("The reason"),
        error_messages={"required": _("Say why the care setting is being corrected")},
        help_text=_(
            "For example, what the register says that is wrong. It is kept in the trust's history."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Correct the care setting")))
