from tests.participation.fixtures import (  # noqa: F401 (fixtures)
    budget,
    make_resident,
    pothole,
    proposals_process,
    survey,
)
