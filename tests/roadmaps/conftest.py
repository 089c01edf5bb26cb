from tests.roadmaps.coverage_data import country  # noqa: F401 - fixture for the coverage tests
