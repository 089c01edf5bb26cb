"""Reads for roadmaps, scoped to the person asking: cycles, footprints, the coverage register."""
