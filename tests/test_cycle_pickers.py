"""Every page that shows one cycle at a time, with two cycles of made-up data
(``tests/two_cycles.py``): it opens on the newest cycle that has something for it to show and
says which; ``?cycle=`` shows the other, and its downloads follow the choice; a cycle that is
not offered, or a value that is not a cycle's number, shows the default, never an error (a NUL
byte is refused before any page, as in every address)."""

import html as html_lib
import re
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils.text import slugify

from accounts.enums import Role
from roadmaps.models import Cycle
from tests.factories import MembershipFactory, NHSEnglandFactory
from tests.roadmaps.coverage_data import nhse_reviewer
from tests.two_cycles import make_two_cycles

# The footprint stage's deadline of each cycle, as the stage dates page shows it.
FOOTPRINT_DUE = {"2015-16": "30 October 2015", "2016-17 refresh": "30 September 2016"}


@dataclass(frozen=True)
class Page:
    name: str
    who: str | None
    # The sentence that names the cycle shown.
    says: str
    # What of a cycle's data the page shows: f(CycleData) -> [text].
    shows: object
    downloads: tuple = ()
    # Which cycle it opens on: "refresh", or "empty" where every cycle has something to show.
    default: str = "refresh"
    # Whether only cycles with something to show are offered (the public pages).
    only_showing: bool = False
    args: list = field(default_factory=list)

    def __str__(self):
        return self.name


PAGES = [
    Page(
        "national_board", "reviewer", "Where every CCG open in the {cycle} cycle has got to",
        lambda c: [c.published, c.waiting],
        downloads=(("national_board_export", ["csv"]), ("national_board_export", ["xlsx"])),
    ),
    Page(
        "coverage_register", "reviewer", "Every CCG open in the {cycle} cycle and the footprint",
        lambda c: [c.published, c.waiting], downloads=(("coverage_register_csv", []),),
    ),
    Page(
        "delivery_tracker", "reviewer",
        "Every footprint of the {cycle} cycle whose roadmap NHS England accepted",
        lambda c: [c.published, c.period],
        downloads=(("delivery_tracker_csv", []), ("delivery_tracker_xlsx", [])),
    ),
    Page(
        "delivery_benefits", "reviewer", "The benefits of every footprint of the {cycle} cycle",
        lambda c: [c.period],
        downloads=(("delivery_benefits_csv", []), ("delivery_benefits_xlsx", [])),
    ),
    Page(
        "national_results", "reviewer", "{cycle} digital maturity self-assessments",
        lambda c: [f"{len(c.trusts)} of {len(c.trusts)} assessments submitted."],
        downloads=(("national_scores_export", ["csv"]), ("national_scores_export", ["xlsx"])),
        only_showing=True,
    ),
    Page(
        "review_queue", "reviewer", "Submitted roadmaps of the {cycle} cycle",
        lambda c: [c.waiting], only_showing=True,
    ),
    Page(
        "published_roadmaps", None, "Each footprint's roadmap of the {cycle} cycle",
        lambda c: [c.published], only_showing=True,
    ),
    Page(
        "published_maturity_results", None,
        "Section scores out of 100 of the {cycle} digital maturity self-assessments",
        lambda c: c.trusts, downloads=(("published_maturity_scores_csv", []),),
        only_showing=True,
    ),
    Page(
        "published_ratings", None, "The ratings of the {cycle} cycle",
        lambda c: [c.published, c.period], only_showing=True,
    ),
    Page(
        "cycle_stages", "admin", "The stages of the {cycle} cycle.",
        lambda c: [FOOTPRINT_DUE[c.name]], default="empty",
    ),
    Page(
        "reporting_periods", "admin",
        "The quarters the accepted roadmaps of the {cycle} cycle report progress on.",
        lambda c: [c.period], default="empty",
    ),
]  # fmt: skip


@pytest.fixture
def world(db):
    return make_two_cycles()


def client_for(client, page):
    if page.who == "reviewer":
        client.force_login(nhse_reviewer())
    elif page.who == "admin":
        client.force_login(
            MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user
        )
    return client


def text_of(response):
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def get(client, page, **params):
    response = client.get(reverse(page.name, args=page.args), params)
    assert response.status_code == 200
    return response


def picker_options(response):
    """The cycle picker's options, or None when the page has no picker."""
    html = response.content.decode()
    select = re.search(r'<select name="cycle"[^>]*>(.*?)</select>', html, flags=re.S)
    if select is None:
        return None
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def download_links(response, page):
    """The page's links to its downloads, as they would be followed."""
    html = response.content.decode()
    links = []
    for name, args in page.downloads:
        url = re.escape(reverse(name, args=args))
        links += [html_lib.unescape(link) for link in re.findall(rf'href="({url}[^"]*)"', html)]
    return links


def shown(page, response, data):
    text = text_of(response)
    return [item for item in page.shows(data) if item in text]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_the_page_opens_on_the_newest_cycle_with_something_to_show_and_says_which(
    client, world, page
):
    response = get(client_for(client, page), page)

    default = world.empty.name if page.default == "empty" else world.refresh.name
    assert page.says.format(cycle=default) in text_of(response)
    if page.default == "refresh":
        assert shown(page, response, world.refresh) == page.shows(world.refresh)
    assert shown(page, response, world.last) == []
    offered = ["2016-17 refresh", "2015-16"]
    assert picker_options(response) == (offered if page.only_showing else ["2017-18", *offered])
    # A visible label, and a button to show the cycle chosen without JavaScript.
    html = response.content.decode()
    assert re.search(r'<label\s+for="id_cycle" class="form-label">\s*Cycle\s*</label>', html)
    assert re.search(r'<form[^>]*method="get"[^>]*>.*?id="id_cycle".*?type="submit"', html, re.S)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_chosen_cycle_is_shown_and_named_and_the_downloads_follow_it(client, world, page):
    client = client_for(client, page)
    last = world.last

    response = get(client, page, cycle=last.cycle.pk)

    assert page.says.format(cycle="2015-16") in text_of(response)
    assert shown(page, response, last) == page.shows(last)
    assert shown(page, response, world.refresh) == []
    assert picker_options(response)  # the picker is still there to go back
    links = download_links(response, page)
    assert len(links) == len(page.downloads)
    for link in links:
        assert f"cycle={last.cycle.pk}" in link
        download = client.get(link)
        assert download.status_code == 200
        assert slugify("2015-16") in download["Content-Disposition"]
        if link.split("?")[0].endswith("csv"):
            content = download.content.decode("utf-8-sig")
            assert world.refresh.name not in content


@pytest.mark.parametrize("page", PAGES, ids=str)
@pytest.mark.parametrize("wanted", ["abc", "9" * 30, "-1", "1.0", " 1", "unknown id"])
def test_a_cycle_that_is_not_offered_shows_the_default(client, world, page, wanted):
    client = client_for(client, page)
    if wanted == "unknown id":
        wanted = str(Cycle.objects.order_by("-pk").first().pk + 1000)

    response = get(client, page, cycle=wanted)

    default = world.empty.name if page.default == "empty" else world.refresh.name
    assert page.says.format(cycle=default) in text_of(response)
    assert "Choose a cycle" not in text_of(response)
    for name, args in page.downloads:
        download = client.get(reverse(name, args=args), {"cycle": wanted})
        assert download.status_code == 200
        assert slugify(default) in download["Content-Disposition"]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_nul_byte_in_the_cycle_is_refused_before_the_page_as_in_any_address(client, world, page):
    client = client_for(client, page)
    urls = [reverse(page.name, args=page.args)]
    urls += [reverse(name, args=args) for name, args in page.downloads]

    responses = [client.get(url, {"cycle": "1\x00"}) for url in urls]

    assert {(response.status_code, response.content.decode()) for response in responses} == {
        (400, "The address of this page has a character in it that the service cannot read.\n"
              "Check the address, or go back and try again."),
    }  # fmt: skip


@pytest.mark.parametrize("page", [page for page in PAGES if page.only_showing], ids=str)
def test_a_cycle_with_nothing_to_show_is_not_offered_and_shows_the_default(client, world, page):
    response = get(client_for(client, page), page, cycle=world.empty.pk)

    assert page.says.format(cycle=world.refresh.name) in text_of(response)
    assert "2017-18" not in picker_options(response)


def test_the_review_queue_of_one_cycle_names_the_other_cycles_roadmaps_waiting(client, world):
    client.force_login(nhse_reviewer())
    queue = reverse("review_queue")

    page = next(page for page in PAGES if page.name == "review_queue")
    newest = get(client, page)
    older = get(client, page, cycle=world.last.cycle.pk)

    assert (
        "Roadmaps of other cycles are waiting for a decision too: 2015-16: 1 roadmap waiting"
        in (text_of(newest))
    )
    assert f'href="{queue}?cycle={world.last.cycle.pk}"' in newest.content.decode()
    assert "2016-17 refresh: 1 roadmap waiting" in text_of(older)
