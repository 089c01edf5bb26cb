"""The benefits register's section page as a person reads it, and the posts its form sends."""

import re
from html import unescape


def _text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _rows(table):
    return [_text(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)]


def benefits_shown(response):
    """Each benefit on the page: {"heading", "description", "pairs": {label: text},
    "expected": [header row, values row] or None, "shares": [rows] or the sentence}."""
    html = response.content.decode()
    shown = []
    for section in re.findall(r"<section [^>]*data-benefit>(.*?)</section>", html, flags=re.S):
        labels = re.findall(r"<dt[^>]*>(.*?)</dt>", section, flags=re.S)
        values = re.findall(r"<dd[^>]*>(.*?)</dd>", section, flags=re.S)
        expected = re.search(r"<table [^>]*data-expected>(.*?)</table>", section, flags=re.S)
        shares_table = re.search(r"<table [^>]*data-shares>(.*?)</table>", section, flags=re.S)
        shares_note = re.search(r"<p [^>]*data-shares>(.*?)</p>", section, flags=re.S)
        shown.append(
            {
                "heading": _text(re.search(r"<h2[^>]*>(.*?)</h2>", section, flags=re.S)[1]),
                "description": _text(
                    re.search(r"<p [^>]*data-description>(.*?)</p>", section, flags=re.S)[1]
                ),
                "pairs": {
                    _text(label): _text(value.replace("<br>", " / "))
                    for label, value in zip(labels, values, strict=True)
                },
                "expected": _rows(expected[1]) if expected else None,
                "shares": _rows(shares_table[1]) if shares_table else _text(shares_note[1]),
            }
        )
    return shown


def day(name, when):
    """The three boxes of a GOV.UK date input named ``name``, for "31/03/2016"."""
    parts = when.split("/") if when else ["", "", ""]
    return dict(zip((f"{name}_day", f"{name}_month", f"{name}_year"), parts, strict=True))


def benefit_data(
    owner, *, shares=None, baseline_on="31/03/2016", target_on="31/03/2019", **changes
):
    """What the form posts for a cashable benefit owned by ``owner``; ``shares`` maps an
    organisation to the per cent typed for it."""
    data = {
        "description": "Fewer duplicate tests because results are shared",
        "category": "cashable",
        "capability_letter": "",
        "capability_group": "orders",
        "owner_organisation": owner.pk,
        "owner_role": "Director of Finance",
        "measure": "Pathology tests requested twice",
        "unit": "tests a month",
        "direction": "down",
        "baseline_value": "1,200",
        "target_value": "300",
        "expected_2016": "£10,000",
        "expected_2017": "40000",
        "expected_2018": "60000.50",
        "expected_2019": "",
        "expected_2020": "",
        **day("baseline_on", baseline_on),
        **day("target_on", target_on),
    }
    for organisation, share in (shares or {}).items():
        data[f"share_{organisation.pk}"] = share
    data.update(changes)
    return data


def quality_data(owner, **changes):
    """A quality and safety benefit: no money, no shares."""
    return benefit_data(
        owner,
        description="Fewer medication errors at discharge because the GP record is shared",
        category="quality_and_safety",
        capability_letter="A",
        capability_group="",
        owner_role="Chief Pharmacist",
        measure="Medication errors found at discharge",
        unit="%",
        direction="down",
        baseline_value="12.5",
        target_value="4",
        expected_2016="",
        expected_2017="",
        expected_2018="",
        **changes,
    )
