from tests.roadmaps.coverage_data import country  # noqa: F401 - fixture for the coverage tests
from tests.roadmaps.roadmap_people import (  # noqa: F401 - fixtures for the list sections
    csu_person,
    lead,
    lead_editor,
    outsider,
    partner,
    partner_editor,
    provider_editor,
    roadmap,
    trust,
)
