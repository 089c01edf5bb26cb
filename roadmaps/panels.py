"""Panels that apps above roadmaps add to its pages, because roadmaps never imports them:
delivery fills these lists from its ``apps.py`` with the cross-checks' findings.

- ``REVIEW_PANELS``: ``panel(request, *, roadmap, version, decision_field)`` on the review
  page of a submitted version; ``decision_field`` is the id of the decision's message field
  while the decision can be drafted, else "".
- ``CHECK_PANELS``: ``panel(request, *, roadmap)`` on the roadmap's check page, before
  sign-off and submission.

Each returns the HTML to show, or "" for nothing.
"""

REVIEW_PANELS = []
CHECK_PANELS = []


def panels(hooks, request, **subject):
    """The HTML of each panel that has something to show."""
    return [html for hook in hooks if (html := hook(request, **subject))]
