"""Benefit lines in the tracker's known world (``tracker_data.make_tracker_world``), for the
benefits roll-up tests: two footprints, a money and another benefit each, reported in the
returns for 2016/17 Q2, Q3 and Q4 (Leeds's Q4 return is submitted, the others accepted).

What each line reports (fy: its forecast for the financial year):

- Leeds, pathology tests (id 1; cashable; capability A, orders): Q2 no data (fy £40,000),
  Q3 £12,000 (fy £36,000), Q4 £20,000 (fy £32,000).
- Leeds, readmissions (id 2; quality and safety; E, transfers): Q2 no data, Q3 11.60 with the
  target date moved 91 days later, Q4 11.20 (suggested At risk, its own rating On track).
- County Durham, chasing results (id 3; non-cashable; records): Q2 £5,000 (fy £20,000),
  Q3 £5,000 (fy £18,000), Q4 £8,000 (fy £19,000).
- County Durham, online booking (id 4; patient experience; J): Q2 8.00, Q3 10.00, Q4 no data.

Profiles: pathology tests 2016/17 £40,000, 2017/18 £80,000, 2018/19 £80,000 (£200,000);
chasing results 2016/17 £20,000, 2017/18 £20,000 (£40,000). Readmissions: 12.00 % on 31 March
2016 to 10.00 by 31 March 2018, down is good. Online booking: 5.00 % on 31 March 2016 to 25.00
by 31 March 2018, up is good.

Islington's Q3 return, a draft, has a line of £99,999 that must never be counted.
"""

from datetime import date
from decimal import Decimal

from delivery.models import ProgressReturn, ReturnBenefit

PATHOLOGY = "Fewer duplicate pathology tests because results are shared"
READMISSIONS = "Fewer emergency readmissions because discharge summaries arrive electronically"
CHASING = "Less time spent chasing results because they arrive electronically"
BOOKING = "More patients book GP appointments online"

MONEY_PROFILES = {
    1: {"2016/17": "40000.00", "2017/18": "80000.00", "2018/19": "80000.00"},
    3: {"2016/17": "20000.00", "2017/18": "20000.00"},
}
BENEFITS = {
    1: {
        "description": PATHOLOGY, "category": "cashable", "capability_letter": "A",
        "capability_group": "orders", "measure": "Pounds saved", "unit": "£", "direction": "up",
        "baseline_value": 0, "baseline_on": date(2016, 3, 31), "target_value": 200000,
        "baseline_target_on": date(2019, 3, 31), "profile": MONEY_PROFILES[1], "position": 0,
    },
    2: {
        "description": READMISSIONS, "category": "quality_and_safety", "capability_letter": "E",
        "capability_group": "transfers", "measure": "Readmissions within 30 days", "unit": "%",
        "direction": "down", "baseline_value": Decimal("12.00"), "baseline_on": date(2016, 3, 31),
        "target_value": Decimal("10.00"), "baseline_target_on": date(2018, 3, 31), "position": 1,
    },
    3: {
        "description": CHASING, "category": "non_cashable", "capability_group": "records",
        "measure": "Pounds saved", "unit": "£", "direction": "up", "baseline_value": 0,
        "baseline_on": date(2016, 3, 31), "target_value": 40000,
        "baseline_target_on": date(2018, 3, 31), "profile": MONEY_PROFILES[3], "position": 0,
    },
    4: {
        "description": BOOKING, "category": "patient_experience", "capability_letter": "J",
        "measure": "Appointments booked online", "unit": "%", "direction": "up",
        "baseline_value": Decimal("5.00"), "baseline_on": date(2016, 3, 31),
        "target_value": Decimal("25.00"), "baseline_target_on": date(2018, 3, 31), "position": 1,
    },
}  # fmt: skip


def benefit_line(progress_return, benefit_id, **reported):
    """The return's line for one of ``BENEFITS``; ``reported`` is what the footprint said
    (no ``actual`` means no data yet). The target date stays as accepted unless given."""
    fields = {**BENEFITS[benefit_id], **reported}
    fields.setdefault("target_on", fields["baseline_target_on"])
    fields["no_data"] = fields.get("actual") is None
    return ReturnBenefit.objects.create(
        progress_return=progress_return, benefit_id=benefit_id, **fields
    )


def quarter(roadmap, label):
    return ProgressReturn.objects.get(roadmap=roadmap, period__label=f"2016/17 {label}")


def add_benefits(world):
    leeds, durham = world["leeds"], world["durham"]
    moved = date(2018, 6, 30)
    benefit_line(quarter(leeds, "Q2"), 1, forecast_year=40000, forecast_total=200000)
    benefit_line(quarter(leeds, "Q3"), 1, actual=12000, forecast_year=36000,
                 forecast_total=180000)  # fmt: skip
    benefit_line(quarter(leeds, "Q4"), 1, actual=20000, forecast_year=32000,
                 forecast_total=190000)  # fmt: skip
    benefit_line(quarter(leeds, "Q2"), 2, forecast_total=Decimal("10.00"))
    benefit_line(quarter(leeds, "Q3"), 2, actual=Decimal("11.60"),
                 forecast_total=Decimal("10.00"), target_on=moved)  # fmt: skip
    benefit_line(
        quarter(leeds, "Q4"), 2, actual=Decimal("11.20"), forecast_total=Decimal("10.00"),
        target_on=moved, previous_target_on=moved, rating_override="on_track",
        override_reason="The new discharge team started in March.",
    )  # fmt: skip
    for label, actual, forecast in (("Q2", 5000, 20000), ("Q3", 5000, 18000), ("Q4", 8000, 19000)):
        benefit_line(quarter(durham, label), 3, actual=actual, forecast_year=forecast,
                     forecast_total=40000)  # fmt: skip
    benefit_line(quarter(durham, "Q2"), 4, actual=Decimal("8.00"), forecast_total=25)
    benefit_line(quarter(durham, "Q3"), 4, actual=Decimal("10.00"), forecast_total=25)
    benefit_line(quarter(durham, "Q4"), 4, forecast_total=25)
    benefit_line(quarter(world["islington"], "Q3"), 1, actual=99999, forecast_year=99999)
    return world
