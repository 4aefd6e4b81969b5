"""Standing findings on the demo organisation: objective consistency and single points of failure."""

from contingent.recovery.findings import RPO_UNCHECKED, check_objectives, find_single_points_of_failure


def test_objectives_show_the_seeded_rto_conflict_and_await_backup_records(auditor):
    found = check_objectives(auditor)
    portal = next(c for c in found.rto_conflicts if c.name == "Customer portal")
    assert [s.name for s in portal.path][0] == "Billing"
    assert portal.achievable > portal.rto
    assert found.rto_above_mtpd == []  # the BIA refuses an RTO above the MTPD, so the demo has none
    assert found.rpo_checks and all(r.status == RPO_UNCHECKED for r in found.rpo_checks)


def test_single_points_of_failure_include_the_lake_the_region_and_the_manager_without_deputy(auditor):
    found = find_single_points_of_failure(auditor)
    points = {p.node.name: p for p in found.single_points}
    assert "Meter reading ingestion" in {n.name for n in points["Meter data lake (ADLS)"].stops}
    assert points["West Europe"].node.kind == "region"
    # Redundant pairs are not single points: losing one billing database replica stops nothing.
    assert "Billing database (Azure SQL)" not in points
    assert ("Team manager (Customer Portal)", "Camille Dubois") in {(k.role, k.person) for k in found.key_staff}
    single = {r.node.name for r in found.single_region}
    assert "Meter data lake (ADLS)" in single and "Billing database (Azure SQL)" not in single
