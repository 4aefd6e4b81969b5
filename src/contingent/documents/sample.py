"""A seeded plan document in the CONTRACTS.md schema, for tests, the benchmark and previews of the template."""

import random
from typing import Any

PHASES = ("recovery", "reconstitution")
TEAMS = ("Infrastructure", "Payments", "Identity", "Data platform")


def sample_document(steps: int = 6, seed: int = 7) -> dict[str, Any]:
    """A realistic plan document with `steps` runbook steps; the same seed gives the same document."""
    rng = random.Random(seed)
    step_rows = []
    for n in range(1, steps + 1):
        likely = rng.choice((900, 1800, 3600, 7200, 14400))
        earlier = [f"S{k:03d}" for k in range(max(1, n - 3), n)]
        step_rows.append(
            {
                "key": f"S{n:03d}",
                "number": n,
                "title": f"Restore component {n} of the payment platform",
                "phase": PHASES[0] if n <= steps * 0.8 else PHASES[1],
                "team": TEAMS[n % len(TEAMS)],
                "role": "Team manager" if n % 5 == 0 else "Team member",
                "optimistic": likely // 2,
                "likely": likely,
                "pessimistic": likely * 3,
                "depends_on": rng.sample(earlier, k=min(len(earlier), rng.randint(0, 2))),
                "instructions": f"Fail over database cluster db-{n} to West Europe.\n\n"
                "- Stop the writers\n- Promote the replica\n- Point the connection string at the replica",
                "verification": f"Health check /healthz on service {n} answers 200 for five minutes.",
                "safeguards": "Take a snapshot before promoting; do not delete the old primary.",
                "evidence": "Screenshot of the health dashboard and the failover log.",
                "service": "Payments API" if n % 2 else None,
                "plan": "payments-drp",
            }
        )
    return {
        "schema": 1,
        "plan": {
            "id": 1,
            "key": "payments-drp",
            "title": "Payments disaster recovery plan",
            "kind": "drp",
            "kind_label": "Disaster recovery plan",
            "version": 3,
            "state": "published",
            "team": "Payments",
            "instance": "Production EU",
            "owner": "Dana Developer",
            "approved_by": "Sam Lead",
            "approved_at": "2026-11-20T09:30:00+00:00",
            "published_at": "2026-11-20T10:00:00+00:00",
            "next_review": "2027-11-20",
            "url": "https://contingent.example/plans/payments-drp/",
            "classification": "confidential",
        },
        "sections": [
            {
                "key": "scope",
                "title": "Scope",
                "body": "This plan recovers the payment platform in the Azure West Europe instance.\n\n"
                "- Payments API\n- Settlement batch",
                "links": [
                    {
                        "type": "service",
                        "name": "Payments API",
                        "detail": "RTO 4h",
                        "url": "https://contingent.example/services/payments-api/",
                    }
                ],
            },
            {"key": "invocation", "title": "Invocation", "body": "The incident manager invokes the plan.", "links": []},
        ],
        "objectives": [
            {
                "item": "Payments API",
                "kind": "service",
                "business_critical": True,
                "rto": 14400,
                "rpo": 900,
                "mtpd": 86400,
                "tier": "Tier 1",
                "priority": 1,
            }
        ],
        "contacts": [
            {
                "role": "Plan owner",
                "name": "Dana Developer",
                "job_title": "Engineering manager",
                "team": "Payments",
                "email": "dana@example.com",
                "phone": "+44 20 7946 0123",
                "mobile": "+44 7700 900123",
                "deputy": False,
            },
            {
                "role": "Plan owner",
                "name": "Ivan Infra",
                "job_title": "Site reliability engineer",
                "team": "Infrastructure",
                "email": "ivan@example.com",
                "phone": "",
                "mobile": "+44 7700 900456",
                "deputy": True,
            },
        ],
        "steps": step_rows,
        "referenced_plans": [
            {"key": "global-drp", "title": "Global disaster recovery plan", "version": 2, "team": None}
        ],
        "handoffs": [{"from_plan": "global-drp", "to_plan": "payments-drp", "description": "Network restored"}],
    }
