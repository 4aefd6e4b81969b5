"""Server-drawn SVG pictures: no JavaScript library, no network, printable, readable offline."""

from collections.abc import Callable, Sequence
from datetime import timedelta
from html import escape
from typing import Any

from contingent.lib.durations import format_duration

KIND_COLOURS = {
    "process": ("#efe4ff", "#6741d9"),
    "service": ("#dbeafe", "#1c64c4"),
    "asset": ("#e6f4ea", "#2b8a3e"),
    "supplier": ("#fff0db", "#c2410c"),
}
NODE_W, NODE_H, GAP_X, GAP_Y = 190, 44, 90, 18


def _text(
    x: float, y: float, body: str, size: int = 12, anchor: str = "middle", weight: str = "normal", fill: str = "#1f2933"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}" font-family="system-ui, sans-serif">{escape(body)}</text>'
    )


def _clip(label: str, width: int = 26) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def dependency_graph_svg(closure: Any, root: Any, link: Callable[[Any], str], highlight: set[int] | None = None) -> str:
    """Layered left-to-right drawing: the root, then what it needs, level by level; items that need
    the root sit to its left. Redundant needs go through a small "k of n" junction."""
    highlight = highlight or set()
    layers: dict[int, list[int]] = {}
    for pk, depth in sorted(closure.depth_of.items(), key=lambda kv: (kv[1], closure.items[kv[0]].name)):
        layers.setdefault(depth, []).append(pk)
    order = sorted(layers)
    pos: dict[int, tuple[float, float]] = {}
    for column, depth in enumerate(order):
        for row, pk in enumerate(layers[depth]):
            pos[pk] = (20 + column * (NODE_W + GAP_X), 20 + row * (NODE_H + GAP_Y))
    width = 40 + len(order) * (NODE_W + GAP_X)
    height = 40 + max(len(v) for v in layers.values()) * (NODE_H + GAP_Y)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="dependency graph">'
    ]
    parts.append(
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#7b8794"/></marker></defs>'
    )
    for need in list(closure.needs) + list(closure.needed_by):
        parts.extend(_need_edges(need, pos))
    for pk, (x, y) in pos.items():
        parts.append(_node(closure.items[pk], x, y, link, pk == root.pk, pk in highlight))
    parts.append("</svg>")
    return "".join(parts)


def _need_edges(need: Any, pos: dict[int, tuple[float, float]]) -> list[str]:
    if need.dependent not in pos:
        return []
    sx, sy = pos[need.dependent]
    start = (sx + NODE_W, sy + NODE_H / 2)
    targets = [pos[t] for t in need.targets if t in pos]
    out = []
    if need.redundant and targets:
        jx = start[0] + GAP_X / 2
        jy = sum(y + NODE_H / 2 for _, y in targets) / len(targets)
        out.append(_curve(start, (jx - 14, jy), arrow=False))
        out.append(f'<circle cx="{jx:.1f}" cy="{jy:.1f}" r="14" fill="#fff" stroke="#7b8794"/>')
        out.append(_text(jx, jy + 4, f"{need.min_required}/{len(need.targets)}", size=10, weight="bold"))
        start = (jx + 14, jy)
    for tx, ty in targets:
        out.append(_curve(start, (tx, ty + NODE_H / 2)))
    return out


def _curve(a: tuple[float, float], b: tuple[float, float], arrow: bool = True) -> str:
    mid = (a[0] + b[0]) / 2
    marker = ' marker-end="url(#arrow)"' if arrow else ""
    return (
        f'<path d="M{a[0]:.1f},{a[1]:.1f} C{mid:.1f},{a[1]:.1f} {mid:.1f},{b[1]:.1f} {b[0]:.1f},{b[1]:.1f}" '
        f'fill="none" stroke="#9aa5b1" stroke-width="1.4"{marker}/>'
    )


def _node(item: Any, x: float, y: float, link: Callable[[Any], str], is_root: bool, failed: bool) -> str:
    fill, stroke = KIND_COLOURS.get(item.kind, ("#eee", "#555"))
    if failed:
        fill, stroke = "#fde2e1", "#c92a2a"
    width = 3 if is_root else 1.3
    kind = item.get_kind_display().lower()
    detail = item.get_service_type_display() or item.get_asset_type_display() or kind
    if item.business_critical:
        detail += " · critical"
    return (
        f'<a href="{escape(link(item))}"><g><title>{escape(item.name)} ({escape(kind)})</title>'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="7" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
        + _text(x + NODE_W / 2, y + 18, _clip(item.name), weight="bold")
        + _text(x + NODE_W / 2, y + 34, _clip(detail, 30), size=10, fill="#52606d")
        + "</g></a>"
    )


LEVEL_COLOURS = ["#adb5bd", "#2b8a3e", "#e8a400", "#e8590c", "#c92a2a", "#7d1a12"]
SERIES_COLOURS = ["#1c64c4", "#c2410c", "#6741d9", "#2b8a3e", "#d6336c", "#0b7285", "#8d6e00", "#495057"]


def impact_chart_svg(
    points: Sequence[timedelta],
    series: Sequence[tuple[str, Sequence[int | None]]],
    intolerable: int,
    level_names: Sequence[str],
    mtpd: timedelta | None,
    rto: timedelta | None,
) -> str:
    """Impact over time, one line per category, with the intolerable level, the MTPD and the RTO marked.
    Time points are evenly spaced (the scale is roughly logarithmic: 1 h to a month)."""
    left, top, plot_w, plot_h = 120, 20, 620, 260
    width, height = left + plot_w + 190, top + plot_h + 50
    step = plot_w / (len(points) - 1)

    def xy(i: float, level: float) -> tuple[float, float]:
        return left + i * step, top + plot_h - level * plot_h / 5

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="impact over time">'
    ]
    for level, name in enumerate(level_names):
        _, y = xy(0, level)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e4e7eb"/>')
        parts.append(_text(left - 8, y + 4, f"{level} {name}", size=11, anchor="end", fill=LEVEL_COLOURS[level]))
    for i, point in enumerate(points):
        x, _ = xy(i, 0)
        parts.append(_text(x, top + plot_h + 18, format_duration(point), size=11))
    _, yi = xy(0, intolerable)
    parts.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{yi - top:.1f}" fill="#c92a2a" opacity="0.07"/>')
    parts.append(_text(left + plot_w - 4, yi - 5, "intolerable", size=10, anchor="end", fill="#c92a2a"))
    for label, when, colour in (("MTPD", mtpd, "#c92a2a"), ("RTO", rto, "#1c64c4")):
        x = _x_of(when, points, left, step)
        if x is not None:
            parts.append(
                f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{colour}" stroke-dasharray="5 4" stroke-width="1.6"/>'
            )
            parts.append(
                _text(
                    x + 3,
                    top + 12 + (14 if label == "RTO" else 0),
                    f"{label} {format_duration(when)}",
                    size=11,
                    anchor="start",
                    weight="bold",
                    fill=colour,
                )
            )
    for n, (label, values) in enumerate(series):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        coords = [xy(i + n * 0.012, v) for i, v in enumerate(values) if v is not None]
        if coords:
            parts.append(
                f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in coords)}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
            parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in coords)
        ly = top + 10 + n * 18
        parts.append(
            f'<line x1="{left + plot_w + 16}" y1="{ly}" x2="{left + plot_w + 36}" y2="{ly}" stroke="{colour}" stroke-width="3"/>'
        )
        parts.append(_text(left + plot_w + 42, ly + 4, label, size=11, anchor="start"))
    parts.append("</svg>")
    return "".join(parts)


def _x_of(when: timedelta | None, points: Sequence[timedelta], left: float, step: float) -> float | None:
    """Place a duration on the evenly spaced axis by interpolating between the neighbouring points."""
    if when is None:
        return None
    if when <= points[0]:
        return left
    for i in range(1, len(points)):
        if when <= points[i]:
            span = (when - points[i - 1]) / (points[i] - points[i - 1])
            return left + step * (i - 1 + span)
    return left + step * (len(points) - 1)
