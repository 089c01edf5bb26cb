"""Every write in maturity, one module per concern.

question_sets  loading and versioning the question bank
scoring        computing and storing scores (one assessment; footprint and national figures)
"""
