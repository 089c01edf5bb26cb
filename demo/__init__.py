"""Demonstration data for ``make run`` (``load_demo``), the national seed for benchmarks and
query budgets (``seed_national``), and the development server (``devserver``)."""
