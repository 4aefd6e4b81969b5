"""Render a seeded plan document with many runbook steps to PDF with Typst and print the timing as JSON.

    python benchmarks/pdf_bench.py [--steps 300] [--seed 7] [--repeat 3]

seconds_first includes Typst loading its fonts (once per process); seconds_other_document is a second,
different document in the same process: what a long-running worker pays per publication.
"""

import argparse
import io
import json
import platform
import time

from pypdf import PdfReader

from contingent.documents.render import render_plan_pdf
from contingent.documents.sample import sample_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    document = sample_document(steps=args.steps, seed=args.seed)
    timings = []
    pdf = b""
    for _ in range(args.repeat):
        started = time.perf_counter()
        pdf = render_plan_pdf(document)
        timings.append(time.perf_counter() - started)
    # Typst memoises layout within a process: a different document shows the warm cost without that cache.
    other = sample_document(steps=args.steps, seed=args.seed + 1)
    started = time.perf_counter()
    render_plan_pdf(other)
    other_seconds = time.perf_counter() - started
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    result = {
        "steps": args.steps,
        "seed": args.seed,
        "seconds_first": round(timings[0], 3),
        "seconds_repeat_best": round(min(timings[1:] or timings), 3),
        "seconds_other_document": round(other_seconds, 3),
        "pages": pages,
        "bytes": len(pdf),
        "python": platform.python_version(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
