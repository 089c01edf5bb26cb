"""NHS England corrects the care setting a trust's self-assessments are answered for."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.models import Organisation
from accounts.services.audit import record_event
from accounts.transitions import authorise
from maturity import rules
from maturity.enums import AssessmentState, CareSetting
from maturity.models import Assessment, CareSettingCorrection
from maturity.selectors.care_settings import care_setting_of


@transaction.atomic
def correct_care_setting(*, organisation, care_setting, reason, corrected_by):
    """Record NHS England's correction of a trust's care setting; returns the assessments
    that took it.

    Guarantees: only NHS England admins, only for an NHS trust, with a reason, and only a
    change (the same setting again is refused). The correction replaces any earlier one and
    outlives reloads of the register. Assessments opened from now on use it; the trust's
    assessments not yet started take it at once (their version moves on, so that a page
    opened before the change cannot save answers to the old setting's questions); started
    ones keep the setting they are being answered for. One audit event.
    """
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    authorise(
        rules.can_correct_care_setting, corrected_by, locked, reason=rules.ONLY_ADMINS_CORRECT
    )
    if care_setting not in CareSetting.values:
        raise ActionRefused(_("Choose the care setting the trust's self-assessment is for."))
    if not reason.strip():
        raise ActionRefused(_("Say why the care setting is being corrected."))
    before = care_setting_of(locked)
    if before == care_setting:
        raise ActionRefused(
            _("%(organisation)s's self-assessment is already for %(setting)s services.")
            % {"organisation": locked.name, "setting": CareSetting(care_setting).label.lower()}
        )
    CareSettingCorrection.objects.update_or_create(
        organisation=locked,
        defaults={
            "care_setting": care_setting,
            "reason": reason.strip(),
            "corrected_by": corrected_by,
            "corrected_at": timezone.now(),
        },
    )
    not_started = Assessment.objects.select_for_update().filter(
        organisation=locked, state=AssessmentState.NOT_STARTED
    )
    moved = list(not_started.order_by("pk"))
    not_started.update(care_setting=care_setting, version=F("version") + 1)
    record_event(
        actor=corrected_by,
        verb="maturity.care_setting_corrected",
        target=locked,
        organisation=locked,
        before={"care_setting": before},
        after={
            "care_setting": care_setting,
            "reason": reason.strip(),
            "assessments": [assessment.pk for assessment in moved],
        },
    )
    return moved
