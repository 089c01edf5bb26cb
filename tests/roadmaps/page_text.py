"""What a person reads on a page or in a PDF, and whether any of it is raw stored data.

A section shown raw reads as the snapshot's own spelling: its keys as labels ("sections",
"national_medians") or JSON and Python punctuation ('[{', '": '). ``raw_structure`` finds
either in any text a page shows, whichever section it comes from.
"""

import io
import re
from html.parser import HTMLParser

from pypdf import PdfReader

from tests.roadmaps.section_pages import rows_of

# Punctuation that only serialised data has; a person's sentence never holds these.
DATA_MARKS = ("[{", '{"', '"}', '["', '"]', '":', "{'", "['", "':", "']", "'}")


class _Texts(HTMLParser):
    """Each run of text of the page's body outside scripts and styles, as shown."""

    def __init__(self):
        super().__init__()
        self.texts = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._hidden -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._hidden:
            self.texts.append(text)


def html_texts(html):
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def pdf_lines(content):
    """The PDF's text line by line, as laid out on its pages, spaces collapsed."""
    reader = PdfReader(io.BytesIO(content))
    lines = []
    for page in reader.pages:
        for line in page.extract_text(extraction_mode="layout").splitlines():
            text = " ".join(line.split())
            if text:
                lines.append(text)
    return lines


def _keys(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _keys(value)
    elif isinstance(data, list):
        for value in data:
            yield from _keys(value)


def _values(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _values(value)
    elif isinstance(data, str):
        yield data


# A stored code spelt with an underscore ("quality_and_safety"), an ISO date, an amount kept
# to the penny ("120000.00"): a person reads a label, "31 March 2018" and "£120,000".
STORED_SPELLINGS = (r"[a-z][a-z0-9]*(_[a-z0-9]+)+", r"\d{4}-\d\d-\d\d", r"-?\d+\.\d\d")


def raw_structure(texts, snapshot):
    """The texts that show stored data as it is stored: a key of the snapshot standing alone
    as a label, a key spelt with an underscore anywhere, serialised punctuation, or a value
    of the snapshot spelt as only stored data is (``STORED_SPELLINGS``)."""
    # Only keys spelt as identifiers: the schedule's keys are the years it shows ("2016/17").
    keys = {key for key in _keys(snapshot) if re.fullmatch(r"[a-z][a-z0-9_]*", key)}
    spelt = {key for key in keys if "_" in key}
    values = set(_values(snapshot))
    stored = {
        value
        for value in values
        if any(re.fullmatch(spelling, value) for spelling in STORED_SPELLINGS)
    }
    # Unless a person wrote it so: a plan that reads "decision_support 2016" is shown as written.
    written = values - stored
    spelt |= {value for value in stored if not any(value in text for text in written)}
    return [
        text
        for text in texts
        if text in keys
        or any(mark in text for mark in DATA_MARKS)
        or any(re.search(rf"(?<![\w.,-]){re.escape(key)}(?![\w.,])", text) for key in spelt)
    ]


def table_rows(html, caption):
    """The text of each row of the table with this caption, tags stripped; None when the page
    has no such table."""
    return rows_of(html, caption) if caption in html else None


def rows_after(lines, header, count):
    """The ``count`` lines from the one equal to ``header``: a table's rows in a PDF; None
    when no line is the header."""
    if header not in lines:
        return None
    start = lines.index(header)
    return lines[start : start + count]
