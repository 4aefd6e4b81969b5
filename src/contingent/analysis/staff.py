"""Key staff: roles that rest on one person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KeyStaffFinding:
    """A role that rests on one person with no deputy."""

    role: str
    person: Any

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "person": self.person}


def key_staff(role_holders: Mapping[str, Sequence[tuple[Any, bool]]]) -> list[KeyStaffFinding]:
    """Roles held by exactly one person who has no deputy; role -> [(person, has_deputy), ...]."""
    findings = []
    for role, holders in sorted(role_holders.items()):
        people = {person for person, _ in holders}
        if len(people) == 1 and not any(has_deputy for _, has_deputy in holders):
            findings.append(KeyStaffFinding(role, next(iter(people))))
    return findings
