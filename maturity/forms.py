"""Answering a theme, and reopening an assessment."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS


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

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            answer = answers.get(question.pk)
            self.fields[f"q-{question.pk}"] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=question_choices(question),
                widget=forms.RadioSelect,
                required=False,
                initial=answer.option if answer else None,
            )
            self.fields[f"c-{question.pk}"] = forms.CharField(
                label=_("Comment (optional)"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=4000,
                initial=answer.comment if answer else "",
            )

    @property
    def rows(self):
        """``(question, option field, comment field)`` for each question, in order."""
        return [
            (question, self[f"q-{question.pk}"], self[f"c-{question.pk}"])
            for question in self.questions
        ]

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
    reason = forms.CharField(
        label=_("Why is the assessment being reopened?"),
        help_text=_("It is kept in the assessment's history."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Reopen the assessment")))
