"""Query budgets: a page must make as many queries with a lot of data as with a little."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_queries_do_not_grow(client, url, *, grow, sizes=(20, 500), params=None):
    """Fetch ``url`` after ``grow(size)`` for each size; the query counts must be equal.

    ``grow(size)`` adds data so that the page has ``size`` rows of what it lists; it is
    called with each size in turn, on top of what the previous call made.
    """
    counts = []
    for size in sizes:
        grow(size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params or {})
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        counts.append(len(queries))
    assert len(set(counts)) == 1, (
        f"{url} made {counts[0]} queries at size {sizes[0]} but {counts[-1]} at size "
        f"{sizes[-1]}:\n" + "\n".join(query["sql"] for query in queries.captured_queries)
    )
    return counts[0]
