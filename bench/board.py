"""The national status board, as NHS England sees it, against the floor.

Signed in as a national NHS England reviewer (an admin if the seed has none), each client
GETs the board's first page with its default filters (the newest cycle, every CCG).

Goal (median throughput of interleaved rounds): at least 0.25 of the floor's.

    .venv/bin/python bench/board.py [--rounds 5] [--seconds 3] [--clients 4]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

GOAL = 0.25
BOARD_URL = "/board/"


def national_reviewer():
    """The email of a national NHS England reviewer, or else of an NHS England admin."""
    from accounts.enums import OrganisationKind, Role
    from accounts.models import Membership

    national = Membership.objects.filter(
        organisation__kind=OrganisationKind.NHS_ENGLAND, user__is_active=True
    ).order_by("user_id")
    for role in (Role.REVIEWER, Role.ADMIN):
        email = national.filter(role=role).values_list("user__email", flat=True).first()
        if email:
            return email
    raise SystemExit("No NHS England reviewer or admin: is the database seeded?")


def main(argv=None):
    options = harness.page_options(__doc__, argv)

    harness.bench_database()
    email = national_reviewer()
    with harness.gunicorn_server() as server:
        clients = [harness.signed_in(server, email) for _ in range(options.clients)]
        print(f"{len(clients)} clients signed in as {email}")
        medians = harness.interleaved(
            options.rounds,
            {
                "board GET": lambda: harness.throughput(
                    clients, lambda c: harness.expect(c.get(BOARD_URL)), options.seconds
                ),
                "floor": lambda: harness.throughput(clients, harness.get_floor, options.seconds),
            },
        )
    harness.report(
        "national board GET", medians["board GET"], medians["floor"],
        medians["board GET"] / medians["floor"], goal=GOAL, higher_is_better=True, unit="req/s",
    )  # fmt: skip


if __name__ == "__main__":
    main()
