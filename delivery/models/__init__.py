"""Delivery's models: progress returns and their assurance (``returns``). Import them from
here: ``from delivery.models import X``."""

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
