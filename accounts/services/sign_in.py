"""Checking a sign-in, with a lockout after too many failures for one email address.

Failures are counted per email address, never per client address: an attacker can change
their IP address or send any ``X-Forwarded-For`` they like, but not the account they guess
at. Addresses with no account are counted the same way, so the replies never show whether
an account exists.
"""

import unicodedata

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.errors import ActionRefused
from accounts.models import FailedSignIn


class SignInRefused(ActionRefused):
    """A sign-in was refused; ``code`` is "invalid_login" or "locked_out"."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.code = code


def normalise_email(email):
    """The form of an address that accounts and failure counts are stored under."""
    return unicodedata.normalize("NFKC", email).strip().lower()


def check_sign_in(*, email, password):
    """Return the active user with this email and password, or raise ``SignInRefused``.

    Guarantees: while the address has ``SIGN_IN_FAILURE_LIMIT`` failures within
    ``SIGN_IN_FAILURE_WINDOW``, every attempt is refused before the password is checked, so
    even the right password does not get in and the refusal is the same for every address.
    Each attempt is counted as a failure before its password is checked, one attempt per
    address at a time, so however many arrive at once no more than the limit are checked.
    A wrong password, an unknown address or an inactive account keeps its failure and is
    refused with one message. A successful check clears the address's failures.
    """
    email = normalise_email(email)
    with transaction.atomic():
        _one_attempt_at_a_time(email)
        if is_locked_out(email=email):
            raise SignInRefused(lockout_message(), code="locked_out")
        record_failed_sign_in(email=email)
    # Checked outside the lock, so attempts wait for each other only for the count. The
    # model backend hashes a dummy password for unknown addresses, so how long this takes
    # does not show whether an account exists either.
    user = authenticate(None, username=email, password=password)
    if user is None:
        raise SignInRefused(
            _("The email address or password is not right. Check them and try again."),
            code="invalid_login",
        )
    clear_failed_sign_ins(email=email)
    return user


def _one_attempt_at_a_time(email):
    """Hold a lock on ``email`` until the transaction ends, so one attempt at a time counts
    the failures and adds its own.

    PostgreSQL: a transaction-level advisory lock on a hash of the address (a collision only
    makes two addresses wait for each other). SQLite: every transaction begins IMMEDIATE
    (``config/settings.py``), which already lets one writer in at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"sign-in:{email}"]
            )


def is_locked_out(*, email):
    """Whether ``email`` has reached the failure limit within the window ending now."""
    since = timezone.now() - settings.SIGN_IN_FAILURE_WINDOW
    recent = FailedSignIn.objects.filter(email=normalise_email(email), at__gt=since)
    return recent.count() >= settings.SIGN_IN_FAILURE_LIMIT


def record_failed_sign_in(*, email):
    """Record one failed sign-in for ``email`` and delete every failure older than the window.

    Only failures inside the window ever matter, so the table holds at most a few minutes
    of failures however long the service runs.
    """
    now = timezone.now()
    FailedSignIn.objects.filter(at__lte=now - settings.SIGN_IN_FAILURE_WINDOW).delete()
    return FailedSignIn.objects.create(email=normalise_email(email), at=now)


def clear_failed_sign_ins(*, email):
    """Forget the failures for ``email``: after a successful sign-in or a password reset."""
    FailedSignIn.objects.filter(email=normalise_email(email)).delete()


def lockout_message():
    minutes = max(1, round(settings.SIGN_IN_FAILURE_WINDOW.total_seconds() / 60))
    return ngettext(
        "There have been too many failed attempts to sign in to this account. "
        "Wait %(count)d minute and try again, or reset your password.",
        "There have been too many failed attempts to sign in to this account. "
        "Wait %(count)d minutes and try again, or reset your password.",
        minutes,
    ) % {"count": minutes}
