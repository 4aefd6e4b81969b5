"""Ragged-array helpers shared by the graph and the step plan (CSR = compressed sparse rows)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int32]


def gather_rows(ptr: NDArray[np.integer], rows: NDArray[np.integer]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Positions of every entry in the given CSR rows, and the row each came from.

    Vectorised so that a propagation round costs a few NumPy calls however many
    rows the frontier holds.
    """
    rows = np.asarray(rows, dtype=np.int64)
    starts = ptr[rows].astype(np.int64)
    lengths = ptr[rows + 1].astype(np.int64) - starts
    total = int(lengths.sum())
    if total == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    offsets = np.cumsum(lengths) - lengths
    positions = np.arange(total, dtype=np.int64) - np.repeat(offsets - starts, lengths)
    owners = np.repeat(rows, lengths)
    return positions, owners


def invert(ptr: NDArray[np.integer], values: NDArray[np.integer], n_values: int) -> tuple[IntArray, IntArray]:
    """Transpose a CSR relation row -> values into value -> rows (stable, ascending rows)."""
    rows = np.repeat(np.arange(len(ptr) - 1, dtype=np.int32), np.diff(ptr))
    order = np.argsort(values, kind="stable")
    counts = np.bincount(values, minlength=n_values)
    new_ptr = np.zeros(n_values + 1, dtype=np.int32)
    np.cumsum(counts, out=new_ptr[1:])
    return new_ptr, rows[order].astype(np.int32)


def ptr_from_counts(counts: NDArray[np.integer]) -> IntArray:
    ptr = np.zeros(len(counts) + 1, dtype=np.int32)
    np.cumsum(counts, out=ptr[1:])
    return ptr
