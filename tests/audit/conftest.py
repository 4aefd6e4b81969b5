# Audit verification re-hashes evidence, so these tests get the same private evidence storage.
from tests.evidence.conftest import evidence_dir  # noqa: F401 (an autouse fixture)
