"""Durations as people write them ("4h", "1d 12h", "90m") and as the API carries them (seconds)."""

import re
from datetime import timedelta

_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([wdhms])")


def parse_duration(text: str | int | float | timedelta) -> timedelta:
    """Parse "4h", "1d 6h", "30m" or a number of seconds; raise ValueError naming the problem."""
    if isinstance(text, timedelta):
        return text
    if isinstance(text, int | float):
        if text < 0:
            raise ValueError("a duration cannot be negative")
        return timedelta(seconds=text)
    cleaned = str(text).strip().lower().replace(",", " ")
    if cleaned.isdigit():
        return timedelta(seconds=int(cleaned))
    parts = _PART.findall(cleaned)
    if not parts or _PART.sub("", cleaned).strip():
        raise ValueError(f"'{text}' is not a duration; write it like 4h, 1d 12h, 30m or 1w")
    return timedelta(seconds=sum(float(n) * _UNITS[u] for n, u in parts))


def format_duration(value: timedelta | None) -> str:
    """Render a duration the way an operator reads it: "1d 4h", "30m"."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    if seconds == 0:
        return "0m"
    out = []
    # Weeks only when the duration is whole weeks: "30d" reads better than "4w 2d".
    units = (("w", 604800),) if seconds % 604800 == 0 else ()
    for unit, size in (*units, ("d", 86400), ("h", 3600), ("m", 60)):
        count, seconds = divmod(seconds, size)
        if count:
            out.append(f"{count}{unit}")
    if seconds:
        out.append(f"{seconds}s")
    return " ".join(out)
