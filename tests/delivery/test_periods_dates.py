"""Reporting periods' dates: quarter names and return deadlines in England's working days."""

from datetime import date

from delivery.services.periods import quarterly_periods, working_days_after


def test_twenty_working_days_skip_weekends_and_the_august_bank_holiday():
    # 30 June 2016 was a Thursday; no bank holiday in July 2016.
    assert working_days_after(date(2016, 6, 30), 20) == date(2016, 7, 28)
    # 29 August 2016 was the late summer bank holiday.
    assert working_days_after(date(2016, 8, 19), 7) == date(2016, 8, 31)


def test_christmas_and_new_year_bank_holidays_are_not_working_days():
    # 26 and 27 December 2016 and 2 January 2017 were bank holidays.
    assert working_days_after(date(2016, 12, 23), 1) == date(2016, 12, 28)
    assert working_days_after(date(2016, 12, 30), 1) == date(2017, 1, 3)


def test_2015_16_has_eight_quarters_from_2016_17_q1_to_2017_18_q4():
    periods = quarterly_periods(first_quarter_end=date(2016, 6, 30), count=8)
    assert [(p.label, p.period_end, p.opens_on, p.due_on) for p in periods[:4]] == [
        ("2016/17 Q1", date(2016, 6, 30), date(2016, 7, 1), date(2016, 7, 28)),
        ("2016/17 Q2", date(2016, 9, 30), date(2016, 10, 1), date(2016, 10, 28)),
        ("2016/17 Q3", date(2016, 12, 31), date(2017, 1, 1), date(2017, 1, 30)),
        ("2016/17 Q4", date(2017, 3, 31), date(2017, 4, 1), date(2017, 5, 3)),
    ]
    assert periods[-1].label == "2017/18 Q4"
