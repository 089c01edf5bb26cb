import pytest

from maturity.enums import Scale
from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS, option_score


def scores(scale):
    return [score for _key, _label, score in SCALE_OPTIONS[scale]]


def labels(scale):
    return [str(label) for _key, label, _score in SCALE_OPTIONS[scale]]


def test_the_scales_carry_the_published_2015_16_scores():
    assert scores(Scale.AGREEMENT) == [0, 25, 50, 75, 100]
    assert scores(Scale.PERCENTAGE) == [0, 20, 40, 60, 80, 100]
    assert scores(Scale.RECORD_STRUCTURE) == [0, 50, 100]
    assert scores(Scale.NHS_NUMBER) == [0, 17, 35, 52, 70, 87, 100]


def test_the_options_read_as_people_saw_them():
    assert labels(Scale.AGREEMENT) == [
        "Disagree completely",
        "Mostly disagree",
        "Neither agree nor disagree",
        "Mostly agree",
        "Agree completely",
    ]
    assert labels(Scale.NHS_NUMBER)[0] == "0-50%"


def test_not_applicable_has_no_score_and_an_unknown_option_is_an_error():
    assert option_score(Scale.AGREEMENT, NOT_APPLICABLE) is None
    assert option_score(Scale.NHS_NUMBER, "91_95") == 87
    with pytest.raises(KeyError):
        option_score(Scale.PERCENTAGE, "101_120")
