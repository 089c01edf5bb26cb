"""Every write and state change in roadmaps, one module per concern.

cycles      loading a cycle's stages, changing stage dates
footprints  declaring, submitting, confirming, endorsing and returning footprints
"""
