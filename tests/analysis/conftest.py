"""The analysis tests need no Django; only the src layout on the path when the package is not installed."""

import sys
from pathlib import Path

try:
    import contingent.analysis  # noqa: F401
except ImportError:  # pragma: no cover - depends on how the checkout was set up
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
