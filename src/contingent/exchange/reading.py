"""Read an import source (one YAML file, or a folder of CSV files named after the sections) into rows
that remember where they came from, so every error can name the file, row and field."""

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from contingent.exchange.sections import ALL_SECTIONS


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row else self.file
        return f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was imported")


@dataclass(frozen=True)
class Row:
    file: str
    number: int
    values: dict[str, Any]

    def problem(self, field: str, message: str) -> Problem:
        return Problem(self.file, self.number, field, message)


def read_source(path: Path) -> dict[str, list[Row]]:
    if path.is_dir():
        return _read_csv_folder(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return _read_yaml(path)
    if path.suffix.lower() == ".csv" and path.stem in ALL_SECTIONS + ("ratings",):
        return _read_csv_folder(path.parent, only=path.stem)
    raise ImportFailed([Problem(path.name, 0, "", "import a .yaml file or a folder of section CSV files")])


def _read_yaml(path: Path) -> dict[str, list[Row]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", -1) + 1
        raise ImportFailed([Problem(path.name, line, "", f"not valid YAML: {error}")]) from error
    if not isinstance(data, dict):
        raise ImportFailed([Problem(path.name, 0, "", "expected a mapping of section names to lists of records")])
    unknown = sorted(set(data) - set(ALL_SECTIONS))
    if unknown:
        raise ImportFailed(
            [Problem(path.name, 0, name, f"unknown section; expected {', '.join(ALL_SECTIONS)}") for name in unknown]
        )
    out: dict[str, list[Row]] = {}
    for section, records in data.items():
        rows = []
        for n, record in enumerate(records or [], start=1):
            if not isinstance(record, dict):
                raise ImportFailed(
                    [Problem(f"{path.name}:{section}", n, "", "each record must be a mapping of field: value")]
                )
            rows.append(Row(f"{path.name}:{section}", n, record))
        out[section] = rows
    return out


def _read_csv_folder(folder: Path, only: str | None = None) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    names = [only] if only else list(ALL_SECTIONS) + ["ratings"]
    for section in names:
        file = folder / f"{section}.csv"
        if not file.exists():
            continue
        with file.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            rows = [
                Row(file.name, n, {k: v for k, v in r.items() if k is not None}) for n, r in enumerate(reader, start=2)
            ]
        out[section] = rows
    if not out:
        raise ImportFailed(
            [Problem(str(folder), 0, "", f"no section files found; name them {', '.join(ALL_SECTIONS)}.csv")]
        )
    return out
