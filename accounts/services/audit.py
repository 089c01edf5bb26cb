"""The audit trail: one append-only event per change, in the change's own transaction."""

from accounts.models import AuditEvent


def record_event(*, actor, verb, target, organisation=None, before=None, after=None):
    """Record that ``actor`` did ``verb`` to ``target``.

    Call it inside the transaction that makes the change, so the event and the change are
    committed together or not at all.
    """
    return AuditEvent.objects.create(
        actor=actor,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        organisation=organisation,
        before=before,
        after=after,
    )
