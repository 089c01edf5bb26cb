"""A national picture for an empty database: ``manage.py seed_national``.

Every CCG of 2015-16 in a footprint, every NHS trust and local authority in at least one,
three people per organisation, a self-assessment for every provider, roadmaps in every state
with their reviews, progress returns, what the cross-checks find in them, and reminder digests
waiting in the outbox. Benchmarks and query-count tests run against it. ``run`` is the whole
seed; each step is a module of this package.
"""

from demo.seed.run import SeedRefused, SeedResult, seed_national

__all__ = ["SeedRefused", "SeedResult", "seed_national"]
