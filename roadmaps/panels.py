"""Panels that apps above roadmaps add to its pages, because roadmaps never imports them:
delivery fills these lists from its ``apps.py`` with the cross-checks' findings.

- ``REVIEW_PANELS``: ``panel(request, *, roadmap, version, decision_field)`` on the review
  page of a submitted version; ``decision_field`` is the id of the decision's message field
  while the decision can be drafted, else "".
- ``CHECK_PANELS``: ``panel(request, *, roadmap)`` on the roadmap's check page, before
  sign-off and submission.

- ``BOARD_PANELS``: ``panel(request, *, footprint_ids)`` on the national status board, for
  the footprints of every CCG in view.

Each returns the HTML to show, or "" for nothing.

- ``BOARD_COLUMNS``: columns of the national status board and its downloads, one figure per
  footprint. Each has ``title`` (on screen), ``export_titles`` (in the downloads) and
  ``cells(footprint_ids)``: {footprint id: cell}, each cell with ``words``, ``url`` (where
  the words link) and ``values`` (the download's cells, one per export title).
"""

REVIEW_PANELS = []
CHECK_PANELS = []
BOARD_PANELS = []
BOARD_COLUMNS = []


def panels(hooks, request, **subject):
    """The HTML of each panel that has something to show."""
    return [html for hook in hooks if (html := hook(request, **subject))]
