"""The runbook as a picture: steps left to right in the order they can run (parallel steps stacked),
arrows from what a step waits on; recovery steps blue, reconstitution steps grey, other plans' steps dashed."""

from datetime import timedelta
from html import escape
from typing import Any

from contingent.lib.durations import format_duration
from contingent.web.svg import _clip, _text

W, H, GX, GY = 200, 50, 60, 16
PHASE = {"recovery": ("#dbeafe", "#1c64c4"), "reconstitution": ("#eef0f3", "#7b8794")}


def runbook_svg(steps: list[dict[str, Any]], own_plan: str) -> str:
    """Steps of a plan document ("steps" of plans.document) as a layered drawing."""
    if not steps:
        return ""
    level: dict[str, int] = {}
    for s in steps:  # document order is topological: predecessors come first
        level[s["key"]] = 1 + max((level[p] for p in s["depends_on"] if p in level), default=-1)
    columns: dict[int, list[dict[str, Any]]] = {}
    for s in steps:
        columns.setdefault(level[s["key"]], []).append(s)
    pos = {}
    for col, members in columns.items():
        for row, s in enumerate(members):
            pos[s["key"]] = (20 + col * (W + GX), 20 + row * (H + GY))
    width = 40 + len(columns) * (W + GX) - GX
    height = 40 + max(len(m) for m in columns.values()) * (H + GY) - GY
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-label="runbook step order">',
        '<defs><marker id="step-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#7b8794"/></marker></defs>',
    ]
    for s in steps:
        x2, y2 = pos[s["key"]]
        for p in s["depends_on"]:
            if p in pos:
                x1, y1 = pos[p]
                a, b = (x1 + W, y1 + H / 2), (x2, y2 + H / 2)
                mid = (a[0] + b[0]) / 2
                parts.append(
                    f'<path d="M{a[0]:.1f},{a[1]:.1f} C{mid:.1f},{a[1]:.1f} {mid:.1f},{b[1]:.1f} {b[0]:.1f},{b[1]:.1f}" '
                    'fill="none" stroke="#9aa5b1" stroke-width="1.4" marker-end="url(#step-arrow)"/>'
                )
    for s in steps:
        x, y = pos[s["key"]]
        fill, stroke = PHASE.get(s["phase"], PHASE["recovery"])
        dash = ' stroke-dasharray="5 3"' if s["plan"] != own_plan else ""
        likely = format_duration(timedelta(seconds=s["likely"]))
        parts.append(f"<g><title>{escape(s['key'])}: {escape(s['title'])}</title>")
        parts.append(
            f'<rect x="{x}" y="{y}" width="{W}" height="{H}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>'
        )
        parts.append(_text(x + 8, y + 19, _clip(f"{s['number']}. {s['title']}", 27), 12, "start", "600"))
        who = s["team"] or "no team"
        parts.append(_text(x + 8, y + 37, _clip(f"{who} · {likely}", 32), 11, "start", fill="#52606d"))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
