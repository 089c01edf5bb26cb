"""Which care setting an organisation's self-assessment is answered for (SCORING.md, "Care
settings")."""

from maturity.enums import DEFAULT_CARE_SETTING, CareSetting
from maturity.models import CareSettingCorrection


def register_care_setting(organisation):
    """The setting the register's trust type names, or None when it names none of the four."""
    return organisation.trust_type if organisation.trust_type in CareSetting.values else None


def care_setting_of(organisation):
    """The setting an assessment of ``organisation`` opened now is answered for: NHS England's
    correction where it made one, else the register's trust type where it names a setting,
    else ``DEFAULT_CARE_SETTING``. One query."""
    corrected = (
        CareSettingCorrection.objects.filter(organisation=organisation)
        .values_list("care_setting", flat=True)
        .first()
    )
    return corrected or register_care_setting(organisation) or DEFAULT_CARE_SETTING


def correction_of(organisation):
    """NHS England's correction of the organisation's care setting, with who made it, or None."""
    return (
        CareSettingCorrection.objects.filter(organisation=organisation)
        .select_related("corrected_by")
        .first()
    )
