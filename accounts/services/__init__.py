"""Every write and state change in accounts, one module per concern.

outbox         queue_email, deliver_email, sweep_outbox
organisations  loading the organisation registers
audit          record_event (called by every other service in the same transaction)
memberships    grant_membership, revoke_membership
invitations    invite, accept_invitation, revoke_invitation
sign_in        failed sign-in counting and lockout
"""
