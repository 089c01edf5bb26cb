"""Forms by use case: admin, auth (sign-in and passwords), invitations."""
