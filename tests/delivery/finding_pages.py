"""What a person reads of the findings on a page: each finding's title (its check's
statement), summary, evidence (with the address each item links to, if any), why it matters,
its state, whether it has an explain form, and the sentence to raise it in a decision."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ShownFinding:
    panel: str
    folded: bool
    title: str = ""
    summary: str = ""
    evidence: list = field(default_factory=list)  # [(label, value, href or "")]
    why: str = ""
    state: str = ""
    form: bool = False
    raise_text: str = ""

    @property
    def pairs(self):
        return [(label, value) for label, value, _href in self.evidence]


# Paragraphs read whole, by the attribute that marks them.
PARAGRAPHS = {"data-summary": "summary", "data-why": "why", "data-finding-state": "state"}


class _Findings(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.panel = ""
        self.folded = False
        self.current = None
        self.into = None  # (attribute, tag) being read
        self.text = []
        self.href = ""
        self.label = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "data-findings" in attrs:
            self.panel = attrs.get("id", "")
        if tag == "details" and "data-folded-findings" in attrs:
            self.folded = True
        if tag == "article" and "data-finding" in attrs:
            self.current = ShownFinding(panel=self.panel, folded=self.folded)
            return
        if self.current is None:
            return
        if tag in ("h2", "h3") and not self.current.title:
            self.into, self.text = ("title", tag), []
        elif tag == "p" and (marks := [PARAGRAPHS[a] for a in attrs if a in PARAGRAPHS]):
            self.into, self.text = (marks[0], tag), []
        elif tag == "blockquote":
            self.into, self.text = ("raise_text", tag), []
        elif tag in ("dt", "dd"):
            self.into, self.text, self.href = (tag, tag), [], ""
        elif tag == "a" and self.into and self.into[0] == "dd":
            self.href = attrs.get("href", "")
        elif tag == "textarea":
            self.current.form = True

    def handle_data(self, data):
        if self.into is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "details":
            self.folded = False
        if self.current is None:
            return
        if tag == "article":
            self.found.append(self.current)
            self.current = None
            return
        if self.into is None or tag != self.into[1]:
            return
        text = " ".join("".join(self.text).split())
        what = self.into[0]
        if what == "dt":
            self.label = text
        elif what == "dd":
            self.current.evidence.append((self.label, text, self.href))
        elif what == "why":
            self.current.why = text.removeprefix("Why it matters: ")
        else:
            setattr(self.current, what, text)
        self.into = None


def findings_on(html):
    """Every finding the page shows, in order."""
    parser = _Findings()
    parser.feed(html)
    return parser.found
