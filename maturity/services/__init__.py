"""Every write in maturity, one module per concern.

question_sets        loading and versioning the question bank (checks: question_set_checks)
assessments          opening, answering, submitting, signing off and reopening assessments
care_settings        NHS England's correction of a trust's care setting
scoring              computing and storing scores (a set of assessments; the figure rules)
figures              storing footprint and national benchmark figures
year_on_year         the rules comparing a provider's assessment with the year before
"""
