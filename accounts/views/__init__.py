"""Views by use case: auth (sign-in and passwords), organisations, invitations."""
