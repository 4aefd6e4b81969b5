"""Server-drawn pictures of the analysis: the loss scenario as a graph, the schedule as a Gantt chart,
the Monte Carlo result as a histogram. Plain SVG in the style of web/svg.py."""

from collections.abc import Sequence
from datetime import timedelta
from html import escape
from typing import Any

from contingent.lib.durations import format_duration
from contingent.recovery.loss import LossAnswer
from contingent.recovery.planning import Outcome, RecoverySchedule
from contingent.recovery.present import NodeRef
from contingent.web.svg import KIND_COLOURS, SERIES_COLOURS, _clip, _text

NODE_W, NODE_H, GAP_X, GAP_Y = 220, 44, 64, 14
MAX_DRAWN = 70
LOST, STOPPED, SAVED = ("#8a1c14", "#8a1c14"), ("#fde2e1", "#c92a2a"), ("#e6f4ea", "#2b8a3e")


def _svg(width: float, height: float, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(label)}">'
        '<defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#7b8794"/></marker></defs>' + "".join(body) + "</svg>"
    )


def _short(seconds: float) -> str:
    return format_duration(timedelta(minutes=round(seconds / 60)))


# -- loss scenario ------------------------------------------------------------------------------------


def loss_graph_svg(answer: LossAnswer) -> tuple[str, str]:
    """The stopped processes and services, the chain that stops each, and the redundancy that held.
    Returns (svg, note); on big results only business-critical ones are drawn and the note says so."""
    roots, note = answer.stopped, ""
    edges: dict[tuple[int, int], str] = {}
    if sum(len(s.path) for s in roots) > MAX_DRAWN:
        roots = [s for s in roots if s.node.business_critical][:25]
        note = (
            f"Drawn: {len(roots)} of the {len(answer.stopped)} stopped processes and services (business-critical "
            "ones only) with the chain that stops each; the tables below list them all."
        )
    nodes: dict[int, NodeRef] = {}
    for s in roots:
        for a, b in zip(s.path, s.path[1:], strict=False):
            edges[(a.node.node, b.node.node)] = "stop"
        nodes.update({link.node.node: link.node for link in s.path})
    if not note:
        for f in answer.failed_over:
            nodes[f.node.node] = f.node
            for n in f.lost:
                nodes[n.node] = n
                edges[(f.node.node, n.node)] = "lost"
            for n in f.surviving:
                nodes[n.node] = n
                edges[(f.node.node, n.node)] = "held"
    lost = {n.node for n in answer.lost}
    failed = set(answer.result.failed.tolist())
    blocked = {s.node.node for s in answer.stopped if not s.recoverable} | {c.node.node for c in answer.no_copy}
    pos = _layout(list(nodes), list(edges), lost)
    width = max((x for x, _ in pos.values()), default=0) + NODE_W + 40
    height = max((y for _, y in pos.values()), default=0) + NODE_H + 40
    body = [_edge(pos[a], pos[b], style) for (a, b), style in edges.items()]
    for v, ref in nodes.items():
        state = "lost" if v in lost else "stopped" if v in failed else "saved"
        body.append(_loss_node(ref, *pos[v], state, v in blocked))
    return _svg(width, height, "loss scenario", body), note


def _layout(nodes: list[int], edges: list[tuple[int, int]], last: set[int]) -> dict[int, tuple[float, float]]:
    """Longest-path layers left to right (what stops on the left, what was lost on the right), rows ordered
    by the mean row of the nodes that point at them to keep lines short."""
    layer = dict.fromkeys(nodes, 0)
    for _ in range(len(nodes)):
        changed = False
        for a, b in edges:
            if layer[b] < layer[a] + 1:
                layer[b], changed = layer[a] + 1, True
        if not changed:
            break
    deepest = max(layer.values(), default=0)
    for v in last:
        if v in layer:
            layer[v] = deepest
    columns: dict[int, list[int]] = {}
    for v in nodes:
        columns.setdefault(layer[v], []).append(v)
    pos: dict[int, tuple[float, float]] = {}
    parents: dict[int, list[int]] = {}
    for a, b in edges:
        parents.setdefault(b, []).append(a)
    for column in sorted(columns):
        rows = columns[column]
        rows.sort(
            key=lambda v: sum(pos[p][1] for p in parents.get(v, []) if p in pos) / max(1, len(parents.get(v, [])))
        )
        for row, v in enumerate(rows):
            pos[v] = (20 + column * (NODE_W + GAP_X), 20 + row * (NODE_H + GAP_Y))
    return pos


def _edge(a: tuple[float, float], b: tuple[float, float], style: str) -> str:
    colour = {"stop": "#c92a2a", "lost": "#c92a2a", "held": "#2b8a3e"}[style]
    dash = ' stroke-dasharray="5 4"' if style == "lost" else ""
    x1, y1, x2, y2 = a[0] + NODE_W, a[1] + NODE_H / 2, b[0], b[1] + NODE_H / 2
    if x2 <= x1:  # same column: loop round the right-hand side
        x1, x2 = a[0] + NODE_W, b[0] + NODE_W
        mid = max(x1, x2) + 30
    else:
        mid = (x1 + x2) / 2
    return (
        f'<path d="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}" fill="none" '
        f'stroke="{colour}" stroke-opacity=".75" stroke-width="1.5"{dash} marker-end="url(#arr)"/>'
    )


def _loss_node(ref: NodeRef, x: float, y: float, state: str, blocked: bool) -> str:
    fill, stroke = {"lost": LOST, "stopped": STOPPED}.get(state, KIND_COLOURS.get(ref.kind, SAVED))
    if state == "saved":
        stroke = SAVED[1]
    if blocked and ref.kind == "asset":
        fill = "#ffa8a8"  # the data itself that has no copy: the root of "no recovery option"
    ink = "#fff" if state == "lost" else "#1f2933"
    detail = {"lost": "LOST", "stopped": "STOPS", "saved": "keeps running"}[state] + f" · {ref.kind}"
    if blocked:
        detail = ("no surviving copy" if ref.kind == "asset" else "no recovery option") + f" · {ref.kind}"
    width = 3 if blocked else 1.4
    link = ref.url != "#"  # a confidential item's stand-in leads nowhere
    return (
        (f'<a href="{escape(ref.url)}">' if link else "") + f"<g><title>{escape(ref.name)} ({escape(ref.kind)})</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="7" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}"/>'
        + _text(x + NODE_W / 2, y + 18, _clip(ref.name, 28), weight="bold", fill=ink)
        + _text(x + NODE_W / 2, y + 34, _clip(detail, 32), size=10, fill="#fde2e1" if state == "lost" else "#52606d")
        + ("</g></a>" if link else "</g>")
    )


# -- schedule -----------------------------------------------------------------------------------------

LABEL_W, ROW_H, PLOT_W = 330, 24, 760


def gantt_svg(schedule: RecoverySchedule) -> str:
    """One bar per step (colour = team; critical path solid with a red outline, other steps paler, reconstitution
    palest), dashed lines at the services' RTO deadlines, a line where recovery completes. When reconstitution
    runs far beyond recovery, the chart covers recovery and the long bars are cut with their end written on them."""
    steps = schedule.steps
    recovered = schedule.recovery_finish or schedule.makespan or 1.0
    end = schedule.makespan * 1.03 if schedule.makespan <= 1.5 * recovered else recovered * 1.2
    end = max(end, 1.0)
    scale = PLOT_W / end
    teams = list(dict.fromkeys(s.team or "—" for s in steps))
    colour = {t: SERIES_COLOURS[i % len(SERIES_COLOURS)] for i, t in enumerate(teams)}
    deadlines: dict[float, list] = {}
    for service in schedule.services:
        if service.rto:
            deadlines.setdefault(service.rto, []).append(service)
    shown = sorted(rto for rto in deadlines if rto <= end)
    top = 22 + 13 * len(shown)
    bottom = top + len(steps) * ROW_H
    body = [_axis(scale, end, top, bottom)]
    for row, s in enumerate(steps):
        body.extend(_bar(s, top + row * ROW_H, scale, end, colour[s.team or "—"]))
    for i, rto in enumerate(shown):
        x = LABEL_W + rto * scale
        missed = any(not service.within_rto for service in deadlines[rto])
        ink = "#c92a2a" if missed else "#2b8a3e"
        names = ", ".join(service.name for service in deadlines[rto])
        body.append(
            f'<line x1="{x:.1f}" y1="{14 + 13 * i}" x2="{x:.1f}" y2="{bottom}" stroke="{ink}" stroke-dasharray="4 3"/>'
        )
        anchor, tx = ("end", x - 4) if x > LABEL_W + PLOT_W * 0.55 else ("start", x + 4)
        label = f"RTO {_short(rto)}: {_clip(names, 70)}{' (missed)' if missed else ''}"
        body.append(_text(tx, 18 + 13 * i, label, size=10, anchor=anchor, fill=ink))
    x = LABEL_W + schedule.recovery_finish * scale
    body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom + 4}" stroke="#1f2933" stroke-width="2"/>')
    body.append(_text(x, bottom + 30, f"recovered {_short(schedule.recovery_finish)}", size=10, weight="bold"))
    hidden = [f"{service.name} ({_short(rto)})" for rto in deadlines if rto > end for service in deadlines[rto]]
    if hidden:
        note = "RTO deadlines beyond the chart: " + _clip(", ".join(hidden), 90)
        body.append(_text(LABEL_W, bottom + 48, note, size=10, anchor="start", fill="#52606d"))
    body.extend(_legend(colour, bottom + 70))
    height = bottom + 86 + 18 * ((len(teams) + 3) // 4)
    return _svg(LABEL_W + PLOT_W + 40, height, "recovery schedule", body)


def _bar(s: Any, y: float, scale: float, end: float, ink: str) -> list[str]:
    label = _text(
        LABEL_W - 8, y + 16, _clip(s.title, 46), size=11, anchor="end", weight="bold" if s.critical else "normal"
    )
    x = LABEL_W + s.start * scale
    w = max(2.0, (min(s.finish, end) - s.start) * scale)
    opacity = ".3" if s.phase == "reconstitution" else ("1" if s.critical else ".55")
    outline = ' stroke="#8a1c14" stroke-width="2"' if s.critical else ""
    parts = [
        label,
        f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" rx="3" fill="{ink}" fill-opacity="{opacity}"'
        f"{outline}><title>{escape(s.title)} ({escape(s.team or '—')}): {_short(s.start)} → {_short(s.finish)}"
        f"{' · critical path' if s.critical else ''}</title></rect>",
    ]
    if s.finish > end:
        note = f"{s.phase}, ends {_short(s.finish)} →"
        tx, anchor = (x + w - 4, "end") if w > 170 else (x - 4, "end")
        parts.append(_text(tx, y + 16, note, size=10, anchor=anchor, fill="#1f2933"))
    return parts


def _axis(scale: float, end: float, top: float, bottom: float) -> str:
    hours = end / 3600
    step = next(s for s in (1, 2, 4, 6, 12, 24, 48, 168, 720) if hours / s <= 12)
    parts, t = [], 0.0
    while t <= end + 1:
        x = LABEL_W + t * scale
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#e3e8ee"/>')
        parts.append(_text(x, bottom + 14, _short(t), size=10, fill="#52606d"))
        t += step * 3600
    return "".join(parts)


def _legend(colour: dict[str, str], y: float) -> list[str]:
    parts = []
    for i, (team, ink) in enumerate(colour.items()):
        x = LABEL_W + (i % 4) * 190
        yy = y + (i // 4) * 18
        parts.append(f'<rect x="{x}" y="{yy - 9}" width="14" height="10" rx="2" fill="{ink}"/>')
        parts.append(_text(x + 20, yy, _clip(team, 26), size=11, anchor="start"))
    x = 20
    parts.append(f'<rect x="{x}" y="{y - 9}" width="14" height="10" fill="#fff" stroke="#c92a2a" stroke-width="2.5"/>')
    parts.append(_text(x + 20, y, "critical path", size=11, anchor="start"))
    parts.append(f'<line x1="{x}" y1="{y + 14}" x2="{x + 14}" y2="{y + 14}" stroke="#c92a2a" stroke-dasharray="4 3"/>')
    parts.append(_text(x + 20, y + 18, "RTO deadline", size=11, anchor="start"))
    return parts


# -- confidence ---------------------------------------------------------------------------------------


def histogram_svg(outcome: Outcome, width: int = 620, height: int = 220) -> str:
    """The distribution of one finish time, with the objective (RTO or instance limit), P50 and P90 marked."""
    r = outcome.result
    edges: Sequence[float] = r.histogram_edges
    counts: Sequence[int] = r.histogram_counts
    left, top, plot_w, plot_h = 50, 40, width - 70, height - 80
    low = min(edges[0], r.objective if r.objective is not None else edges[0])
    high = max(edges[-1], r.objective if r.objective is not None else edges[-1]) or 1.0
    span = (high - low) or 1.0
    sx = plot_w / span
    peak = max(counts) or 1
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9aa5b1"/>']
    for count, a, b in zip(counts, edges, edges[1:], strict=False):
        h = plot_h * count / peak
        x = left + (a - low) * sx
        ink = "#1c64c4" if r.objective is None or b <= r.objective else "#e8590c"
        body.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{max(1.0, (b - a) * sx - 1):.1f}" '
            f'height="{h:.1f}" fill="{ink}" fill-opacity=".8"/>'
        )
    marks = [(r.p50, f"P50 {_short(r.p50)}", "#1f2933", "3 3", 1), (r.p90, f"P90 {_short(r.p90)}", "#6741d9", "3 3", 1)]
    if r.objective is not None:
        name = "RTO" if outcome.url else "limit"
        marks.insert(0, (r.objective, f"{name} {_short(r.objective)}", "#c92a2a", "", 2.5))
    for row, (value, label, ink, dash, stroke) in enumerate(marks):
        x = left + (value - low) * sx
        y = 12 + row * 11
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<line x1="{x:.1f}" y1="{y + 2}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{ink}" stroke-width="{stroke}"{dashed}/>'
        )
        anchor, tx = ("end", x - 3) if x > left + plot_w * 0.7 else ("start", x + 3)
        body.append(_text(tx, y + 4, label, size=10, anchor=anchor, weight="bold", fill=ink))
    for i in range(5):
        t = low + span * i / 4
        body.append(_text(left + (t - low) * sx, top + plot_h + 16, _short(t), size=10, fill="#52606d"))
    body.append(
        _text(left + plot_w / 2, height - 8, "time until back (from the start of recovery)", size=10, fill="#52606d")
    )
    return _svg(width, height, f"finish-time distribution of {outcome.name}", body)
