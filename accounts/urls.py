from django.urls import path

from accounts.views import invitations, organisations, outbox
from accounts.views.auth import auth_urlpatterns

urlpatterns = [
    *auth_urlpatterns,
    path("organisations/", organisations.organisation_search, name="organisation_search"),
    path(
        "organisations/<str:ods_code>/",
        organisations.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "organisations/<str:ods_code>/members/",
        organisations.organisation_members,
        name="organisation_members",
    ),
    path(
        "organisations/<str:ods_code>/invitations/new/",
        invitations.invite,
        name="invite",
    ),
    path("invitations/<int:pk>/revoke/", invitations.revoke_invitation, name="revoke_invitation"),
    path("memberships/<int:pk>/revoke/", organisations.revoke_membership, name="revoke_membership"),
    # The link in the email: the token moves into the session, then off the address bar.
    path(
        "invitations/accept/<str:token>/",
        invitations.accept_invitation_link,
        name="accept_invitation_link",
    ),
    path("invitations/accept/", invitations.accept_invitation, name="accept_invitation"),
    path("outbox/", outbox.admin_outbox, name="admin_outbox"),
    path("outbox/<int:pk>/retry/", outbox.retry_email, name="retry_email"),
    path("account/emails/", outbox.my_emails, name="my_emails"),
]
