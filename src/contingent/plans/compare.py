"""Side-by-side comparison of two plan versions (or a version and the current draft): what a reviewer
needs to see what changed, section by section, step by step, contact by contact."""

import difflib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from contingent.lib.durations import format_duration


@dataclass
class Row:
    left: str
    right: str
    tag: str  # "equal" | "replace" | "delete" | "insert"


@dataclass
class Part:
    title: str
    status: str  # "same" | "changed" | "added" | "removed"
    rows: list[Row] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.status != "same"


def side_by_side(left: str, right: str) -> list[Row]:
    a, b = left.splitlines(), right.splitlines()
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [Row(x, x, tag) for x in a[i1:i2]]
            continue
        lefts, rights = a[i1:i2], b[j1:j2]
        for k in range(max(len(lefts), len(rights))):
            row_tag = tag if tag != "replace" else "replace"
            rows.append(Row(lefts[k] if k < len(lefts) else "", rights[k] if k < len(rights) else "", row_tag))
    return rows


def _links_text(links: list[dict[str, Any]]) -> str:
    return "\n".join(f"→ {link['type']}: {link['name']} ({link['detail']})" for link in links)


def _section_text(section: dict[str, Any] | None) -> str:
    if section is None:
        return ""
    links = _links_text(section["links"])
    return section["body"] + ("\n\n" + links if links else "")


def _d(seconds: int | None) -> str:
    return format_duration(timedelta(seconds=seconds)) if seconds is not None else "—"


def _step_text(step: dict[str, Any] | None) -> str:
    if step is None:
        return ""
    lines = [
        f"{step['number']}. {step['title']} [{step['phase']}]",
        f"owner: {step['team'] or '—'} / {step['role'] or '—'}",
        f"duration: {_d(step['optimistic'])} / {_d(step['likely'])} / {_d(step['pessimistic'])}",
        f"waits on: {', '.join(step['depends_on']) or '—'}",
        "instructions: " + step["instructions"],
        "verification: " + step["verification"],
        "safeguards: " + step["safeguards"],
        "evidence: " + step["evidence"],
    ]
    return "\n".join(lines)


def _contact_text(c: dict[str, Any]) -> str:
    deputy = " (deputy)" if c["deputy"] else ""
    return f"{c['role']}{deputy}: {c['name']}, {c['email']}, {c['phone'] or '—'}, {c['mobile'] or '—'}"


def _part(title: str, left: str | None, right: str | None) -> Part:
    if left is None:
        return Part(title, "added", side_by_side("", right or ""))
    if right is None:
        return Part(title, "removed", side_by_side(left, ""))
    return Part(title, "same" if left == right else "changed", side_by_side(left, right))


def _keyed(title: str, left: dict[str, str], right: dict[str, str]) -> list[Part]:
    keys = list(dict.fromkeys([*left, *right]))
    return [_part(f"{title} {k}", left.get(k), right.get(k)) for k in keys]


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Part]:
    """Every section, step, contact list and handoff of two plan documents, paired side by side."""
    heading = ("title", "state", "team", "owner", "approved_by", "next_review")
    parts = [
        _part(
            "Plan",
            "\n".join(f"{k}: {old['plan'].get(k)}" for k in heading),
            "\n".join(f"{k}: {new['plan'].get(k)}" for k in heading),
        )
    ]
    parts += _keyed(
        "Section",
        {s["title"]: _section_text(s) for s in old["sections"]},
        {s["title"]: _section_text(s) for s in new["sections"]},
    )
    parts.append(
        _part(
            "Contacts",
            "\n".join(_contact_text(c) for c in old["contacts"]),
            "\n".join(_contact_text(c) for c in new["contacts"]),
        )
    )
    parts += _keyed(
        "Step", {s["key"]: _step_text(s) for s in old["steps"]}, {s["key"]: _step_text(s) for s in new["steps"]}
    )
    parts.append(
        _part(
            "Handoffs",
            "\n".join(f"{h['from_plan']} → {h['to_plan']}: {h['description']}" for h in old["handoffs"]),
            "\n".join(f"{h['from_plan']} → {h['to_plan']}: {h['description']}" for h in new["handoffs"]),
        )
    )
    return parts


def compare_summary(parts: list[Part]) -> list[dict[str, Any]]:
    """The comparison as JSON for the API: each part with its status and rows."""
    return [
        {
            "title": p.title,
            "status": p.status,
            "rows": [{"left": r.left, "right": r.right, "tag": r.tag} for r in p.rows],
        }
        for p in parts
    ]
