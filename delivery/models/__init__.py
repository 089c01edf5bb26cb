"""Delivery's models: progress returns and their assurance (``returns``), and what the
cross-checks found (``findings``). Import them from here: ``from delivery.models import X``."""

from delivery.models.findings import CheckRun, Finding
from delivery.models.returns import (
    PeriodPublication,
    ProgressReturn,
    ReportingPeriod,
    ReturnAssurance,
    ReturnBenefit,
    ReturnCapability,
    ReturnDeployment,
    ReturnMilestone,
    ReturnRisk,
    ReturnSubmission,
)

__all__ = [
    "CheckRun",
    "Finding",
    "PeriodPublication",
    "ProgressReturn",
    "ReportingPeriod",
    "ReturnAssurance",
    "ReturnBenefit",
    "ReturnCapability",
    "ReturnDeployment",
    "ReturnMilestone",
    "ReturnRisk",
    "ReturnSubmission",
]
