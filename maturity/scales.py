"""The answer scales of the 2015-16 digital maturity assessment, with each option's score.

Scores are 0-100 as published for 2015-16. ``NOT_APPLICABLE`` is an answer, not an option:
it leaves the question out of its theme's mean.
"""

from django.utils.translation import gettext_lazy as _

from maturity.enums import Scale

NOT_APPLICABLE = "not_applicable"

# scale -> [(option key, label, score)], in the order people see them.
SCALE_OPTIONS = {
    Scale.AGREEMENT: [
        ("disagree_completely", _("Disagree completely"), 0),
        ("mostly_disagree", _("Mostly disagree"), 25),
        ("neither", _("Neither agree nor disagree"), 50),
        ("mostly_agree", _("Mostly agree"), 75),
        ("agree_completely", _("Agree completely"), 100),
    ],
    Scale.PERCENTAGE: [
        ("0", _("0%"), 0),
        ("1_20", _("1-20%"), 20),
        ("21_40", _("21-40%"), 40),
        ("41_60", _("41-60%"), 60),
        ("61_80", _("61-80%"), 80),
        ("81_100", _("81-100%"), 100),
    ],
    Scale.RECORD_STRUCTURE: [
        ("unstructured", _("Unstructured"), 0),
        ("semi_structured", _("Semi-structured"), 50),
        ("fully_structured", _("Fully structured"), 100),
    ],
    Scale.NHS_NUMBER: [
        ("0_50", _("0-50%"), 0),
        ("51_75", _("51-75%"), 17),
        ("76_80", _("76-80%"), 35),
        ("81_85", _("81-85%"), 52),
        ("86_90", _("86-90%"), 70),
        ("91_95", _("91-95%"), 87),
        ("96_100", _("96-100%"), 100),
    ],
}


def option_score(scale, option):
    """The score of an option on a scale; None for not applicable; KeyError if unknown."""
    if option == NOT_APPLICABLE:
        return None
    return {key: score for key, _label, score in SCALE_OPTIONS[scale]}[option]
