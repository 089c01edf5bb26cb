"""The realisation rules, checked against both worked examples of ``delivery/BENEFITS.md``
number for number: each row of its tables is a benefit line of one quarter's return, built in
memory with the lines of the quarters before it, and what ``delivery/benefits.py`` works out
(and ``benefit_display`` says) is the row. No database is needed."""

from datetime import date
from decimal import Decimal

import pytest

from delivery.benefits import RULES, expected_progress, realisation
from delivery.enums import BenefitRating
from delivery.models import ReturnBenefit
from delivery.selectors.benefit_display import benefit_row
from delivery.selectors.benefits import benefit_data
from roadmaps.enums import BenefitCategory, BenefitDirection

D = Decimal
NO_DATA = None


def pathology_line(**reported):
    """Worked example 1: cashable, profile £40,000, £80,000, £80,000 (planned £200,000)."""
    return ReturnBenefit(
        benefit_id=1,
        description="Fewer duplicate pathology tests because results are shared",
        category=BenefitCategory.CASHABLE,
        measure="Savings on repeated pathology tests",
        unit="£",
        direction=BenefitDirection.UP,
        baseline_value=D(0),
        baseline_on=date(2016, 3, 31),
        target_value=D(200000),
        baseline_target_on=date(2019, 3, 31),
        profile={"2016/17": "40000.00", "2017/18": "80000.00", "2018/19": "80000.00"},
        target_on=date(2019, 3, 31),
        **reported,
    )


def readmissions_line(**reported):
    """Worked example 2: readmissions within 30 days, 12.00% on 31 March 2016 down to
    10.00% by 31 March 2018."""
    return ReturnBenefit(
        benefit_id=2,
        description="Fewer emergency readmissions because discharge summaries arrive "
        "electronically",
        category=BenefitCategory.QUALITY_AND_SAFETY,
        measure="Emergency readmissions within 30 days",
        unit="%",
        direction=BenefitDirection.DOWN,
        baseline_value=D("12.00"),
        baseline_on=date(2016, 3, 31),
        target_value=D("10.00"),
        baseline_target_on=date(2018, 3, 31),
        **reported,
    )


def quarters(make, rows):
    """Each quarter's line with its realisation, from rows of (period end, actual, forecast at
    the target date, target date): last quarter's forecast and target date carried as a new
    return carries them."""
    earlier, worked = [], []
    previous = None
    for day, actual, forecast, target_on in rows:
        line = make(
            actual=actual,
            no_data=actual is NO_DATA,
            forecast_total=forecast,
            previous_forecast=previous.forecast_total if previous else None,
            previous_target_on=previous.target_on if previous else None,
            **({"target_on": target_on} if target_on else {}),
        )
        line.realisation = realisation(line, day, tuple(earlier))
        line.financial_year = "2016/17"
        worked.append(line)
        earlier.append(line)
        previous = line
    return worked


# --- Worked example 1: a money benefit -------------------------------------------------------

MONEY = quarters(
    pathology_line,
    [
        (date(2016, 6, 30), D(8000), D(200000), None),
        (date(2016, 9, 30), NO_DATA, D(200000), None),
        (date(2016, 12, 31), D(12000), D(180000), None),
        (date(2017, 3, 31), D(20000), D(190000), None),
    ],
)


def test_example_1_profile_to_date_realised_to_date_and_ratio():
    figures = [line.realisation for line in MONEY]

    assert [f.expected_to_date for f in figures] == [D(10000), D(20000), D(30000), D(40000)]
    assert [f.realised_to_date for f in figures] == [D(8000), None, D(20000), D(40000)]
    assert [None if f.ratio is None else round(f.ratio, 3) for f in figures] == [
        D("0.800"),
        None,
        D("0.667"),
        D("1.000"),
    ]


def test_example_1_suggested_ratings_and_the_rule_that_fired():
    assert [(line.realisation.suggested, line.realisation.rule) for line in MONEY] == [
        (BenefitRating.AT_RISK, str(RULES[2][1])),
        (BenefitRating.NO_DATA, str(RULES[0][1])),
        (BenefitRating.OFF_TRACK, str(RULES[1][1])),
        (BenefitRating.ON_TRACK, str(RULES[4][1])),
    ]


def test_example_1_forecast_drift_since_the_baseline_and_since_last_quarter():
    assert [
        (line.realisation.drift_since_baseline, line.realisation.drift_since_last_quarter)
        for line in MONEY
    ] == [
        (D(0), None),
        (D(0), D(0)),
        (D(-20000), D(-20000)),
        (D(-10000), D(10000)),
    ]


def test_example_1_the_no_data_quarter_is_counted_apart_and_never_as_zero():
    march = MONEY[-1].realisation

    assert march.quarters_without_data == 1
    # £8,000 + £12,000 + £20,000: September adds nothing, and is not a £0 quarter.
    assert march.realised_to_date == D(40000)
    assert MONEY[1].actual is None


def test_example_1_in_words():
    rows = [benefit_row(benefit_data(line)) for line in MONEY]

    assert [
        (row.actual, row.realised_against_expected, row.drift_since_baseline,
         row.drift_since_last_quarter, row.suggested)
        for row in rows
    ] == [
        ("£8,000", "£8,000 of £10,000 expected (80%)", "As planned",
         "No forecast last quarter", "At risk"),
        ("No data yet", "No data yet", "As planned", "Same as last quarter", "No data"),
        ("£12,000", "£20,000 of £30,000 expected (67%)", "£20,000 less than planned",
         "£20,000 less than last quarter", "Off track"),
        ("£20,000", "£40,000 of £40,000 expected (100%)", "£10,000 less than planned",
         "£10,000 more than last quarter", "On track"),
    ]  # fmt: skip
    assert rows[-1].quarters_without_data == "1 quarter without data"
    assert rows[0].profile == [("2016/17", "£40,000"), ("2017/18", "£80,000"),
                               ("2018/19", "£80,000")]  # fmt: skip
    assert rows[0].profile_total == "£200,000"


# --- Worked example 2: a quality benefit, down is good ---------------------------------------

MOVED = date(2018, 6, 30)
QUALITY = quarters(
    readmissions_line,
    [
        (date(2016, 9, 30), NO_DATA, D("10.00"), date(2018, 3, 31)),
        (date(2016, 12, 31), D("11.60"), D("10.00"), MOVED),
        (date(2017, 3, 31), D("11.20"), D("10.00"), MOVED),
        (date(2017, 6, 30), D("10.70"), D("10.30"), MOVED),
    ],
)
QUALITY_DAYS = [date(2016, 9, 30), date(2016, 12, 31), date(2017, 3, 31), date(2017, 6, 30)]


def test_example_2_days_since_the_baseline_and_expected_progress():
    line = QUALITY[0]

    assert [(day - line.baseline_on).days for day in QUALITY_DAYS] == [183, 275, 365, 456]
    assert [round(expected_progress(line, day), 4) for day in QUALITY_DAYS[1:]] == [
        D("0.3767"),
        D("0.5000"),
        D("0.6247"),
    ]


@pytest.mark.parametrize(
    ("quarter", "expected_value", "ratio", "suggested", "rule"),
    [
        (0, None, None, BenefitRating.NO_DATA, 0),
        (1, D("11.2466"), D("0.5309"), BenefitRating.OFF_TRACK, 1),
        (2, D("11.0000"), D("0.8000"), BenefitRating.AT_RISK, 2),
        (3, D("10.7507"), D("1.0406"), BenefitRating.AT_RISK, 3),
    ],
)
def test_example_2_expected_value_ratio_and_suggestion(
    quarter, expected_value, ratio, suggested, rule
):
    figures = QUALITY[quarter].realisation

    assert (
        None if figures.expected_to_date is None else round(figures.expected_to_date, 4),
        None if figures.ratio is None else round(figures.ratio, 4),
        figures.suggested,
        figures.rule,
    ) == (expected_value, ratio, suggested, str(RULES[rule][1]))


def test_example_2_progress_is_the_share_of_the_planned_change_made():
    # Progress (actual - baseline) / (target - baseline): 0.20, 0.40, 0.65.
    assert [
        (line.actual - line.baseline_value) / (line.target_value - line.baseline_value)
        for line in QUALITY[1:]
    ] == [D("0.2"), D("0.4"), D("0.65")]


def test_example_2_the_moved_target_date_is_said_in_every_quarter_after():
    assert [
        (line.realisation.target_days_later,
         line.realisation.target_days_later_since_last_quarter)
        for line in QUALITY
    ] == [(0, None), (91, 91), (91, 0), (91, 0)]  # fmt: skip
    assert [benefit_row(benefit_data(line)).target_moved for line in QUALITY] == [
        "Target date as accepted",
        "Target date 91 days later than accepted (91 since last quarter)",
        "Target date 91 days later than accepted (0 since last quarter)",
        "Target date 91 days later than accepted (0 since last quarter)",
    ]


def test_example_2_in_words():
    rows = [benefit_row(benefit_data(line)) for line in QUALITY]

    assert [(row.actual, row.realised_against_expected, row.suggested) for row in rows] == [
        ("No data yet", "No data yet", "No data"),
        ("11.60%", "11.60% against 11.25% expected (53%)", "Off track"),
        ("11.20%", "11.20% against 11.00% expected (80%)", "At risk"),
        ("10.70%", "10.70% against 10.75% expected (104%)", "At risk"),
    ]
    assert rows[3].drift_since_baseline == "0.30% more than planned"


def test_a_zero_actual_is_a_real_zero_and_no_data_is_not():
    zero = pathology_line(actual=D(0), forecast_total=D(200000))
    nothing = pathology_line(actual=None, no_data=True, forecast_total=D(200000))
    day = date(2016, 6, 30)

    counted = realisation(zero, day)
    not_counted = realisation(nothing, day)

    assert (counted.realised_to_date, counted.ratio, counted.quarters_without_data,
            counted.suggested) == (D(0), D(0), 0, BenefitRating.OFF_TRACK)  # fmt: skip
    assert (not_counted.realised_to_date, not_counted.ratio, not_counted.quarters_without_data,
            not_counted.suggested) == (None, None, 1, BenefitRating.NO_DATA)  # fmt: skip
    zero.realisation, nothing.realisation = counted, not_counted
    zero.financial_year = nothing.financial_year = "2016/17"
    assert benefit_row(benefit_data(zero)).realised_against_expected == (
        "£0 of £10,000 expected (0%)"
    )
    assert benefit_row(benefit_data(nothing)).realised_against_expected == "No data yet"
