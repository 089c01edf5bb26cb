"""Every page that shows one cycle at a time, and each of its downloads, makes as many queries
with two cycles of 24 footprints each as with two of 4, whether it shows the newest cycle (the
default) or the older one (``?cycle=``)."""

import pytest
from django.urls import reverse

from tests.query_budget import assert_queries_do_not_grow
from tests.test_cycle_pickers import PAGES, client_for
from tests.two_cycles import grow_both, make_two_cycles

ADDRESSES = [
    (page, name, args) for page in PAGES for name, args in [(page.name, page.args), *page.downloads]
]


@pytest.mark.parametrize("chosen", ["newest", "older"])
@pytest.mark.parametrize(
    ("page", "name", "args"),
    ADDRESSES,
    ids=[f"{name}{'-' + args[0] if args else ''}" for _page, name, args in ADDRESSES],
)
def test_queries_do_not_grow_with_either_cycle(client, db, page, name, args, chosen):
    world = make_two_cycles()
    client = client_for(client, page)
    params = {"cycle": world.last.cycle.pk} if chosen == "older" else {}

    count = assert_queries_do_not_grow(
        client, reverse(name, args=args), grow=grow_both(world), sizes=(4, 24), params=params
    )

    print(f"{name} {chosen}: {count} queries")
