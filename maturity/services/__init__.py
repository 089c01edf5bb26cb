"""Every write in maturity, one module per concern.

question_sets  loading and versioning the question bank
scoring        computing and storing scores (a set of assessments; the figure rules)
figures        storing footprint and national benchmark figures
"""
